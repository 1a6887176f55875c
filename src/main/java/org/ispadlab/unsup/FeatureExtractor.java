package org.ispadlab.unsup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import org.ispadlab.data.Image8;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.Tensors;

/**
 * A frozen backbone's locally aware patch features, as PatchCore defines them and GLASS reuses: the chosen stages
 * (layer2 and layer3 of a ResNet), each averaged over 3x3 neighbourhoods ({@code AvgPool2d(3, 1, 1)}, padding
 * counted), the deeper ones resized bilinearly to the first one's grid and concatenated per position. Images are
 * first enlarged by {@code inputScale} (bilinear): a 64 px workshop patch gives layer2 only 8x8 positions, too
 * coarse for a pixel map, so it enters at 128 px.
 */
public final class FeatureExtractor implements AutoCloseable {

    /** Patch features of some images: per image {@code gridH * gridW} rows of {@code dim} values, row-major. */
    public record Features(List<float[]> perImage, int gridH, int gridW, int dim) {
        public int positions() {
            return gridH * gridW;
        }
    }

    private final Classifier backbone;
    private final List<Integer> stages;
    private final int inputScale;
    private final String source;

    /**
     * @param backbone the network whose stages are read (owned: closed with this extractor)
     * @param stages 0-based stage indices of {@link Classifier#stageFeatures} (1, 2 = layer2, layer3)
     * @param source where the backbone's weights came from, in words
     */
    public FeatureExtractor(Classifier backbone, List<Integer> stages, int inputScale, String source) {
        if (stages.isEmpty() || inputScale < 1) {
            throw new IllegalArgumentException("need at least one stage and an input scale >= 1");
        }
        this.backbone = backbone;
        this.stages = List.copyOf(stages);
        this.inputScale = inputScale;
        this.source = source;
    }

    public String describe() {
        List<String> names = stages.stream().map(s -> backbone.backbone().stageNames().get(s)).toList();
        return String.format("%s %s (%s), 3x3 aggregation, input x%d", backbone.backbone().title(),
                String.join("+", names), source, inputScale);
    }

    /** The images' network input: enlarged, standardised, (N, C, S, S). */
    public NDArray input(NDManager manager, List<Image8> images) {
        return input(manager, images, images.get(0).width() * inputScale);
    }

    /**
     * The images (all of one size) as this backbone's input resized to {@code big} px (bilinear), standardised,
     * {@code (N, C, big, big)}: also what a method that trains its own network on the same pixels reads.
     */
    public NDArray input(NDManager manager, List<Image8> images, int big) {
        int side = images.get(0).width();
        int c = backbone.channels();
        float[] nhwc = Tensors.encode(images, c, side);
        float[] nchw = new float[images.size() * c * big * big];
        float[] plane = new float[c * side * side];
        for (int n = 0; n < images.size(); n++) {
            for (int p = 0; p < side * side; p++) {
                for (int ch = 0; ch < c; ch++) {
                    plane[ch * side * side + p] = nhwc[(n * side * side + p) * c + ch];
                }
            }
            float[] r = Grids.resize(plane, c, side, side, big, big);
            System.arraycopy(r, 0, nchw, n * r.length, r.length);
        }
        return manager.create(nchw, new Shape(images.size(), c, big, big));
    }

    /** The features of {@code images} (all of one size), {@code batch} at a time. */
    public Features extract(List<Image8> images, int batch) {
        return extract(images, batch, inputScale);
    }

    /**
     * The same features with the images enlarged by {@code scale} instead (Efficient-AD distils its teacher from the
     * backbone at twice the teacher's own input size, as the reference does).
     */
    public Features extract(List<Image8> images, int batch, int scale) {
        List<float[]> out = new ArrayList<>();
        int gridH = 0;
        int gridW = 0;
        int dim = 0;
        for (int from = 0; from < images.size(); from += batch) {
            List<Image8> chunk = images.subList(from, Math.min(images.size(), from + batch));
            try (NDManager m = backbone.manager().newSubManager()) {
                List<NDArray> all = backbone.stageFeatures(input(m, chunk, chunk.get(0).width() * scale));
                List<float[]> layers = new ArrayList<>();
                List<long[]> shapes = new ArrayList<>();
                for (int s : stages) {
                    NDArray pooled = Pool.avgPool2d(all.get(s), new Shape(3, 3), new Shape(1, 1), new Shape(1, 1),
                            false, true);
                    layers.add(pooled.toFloatArray());
                    shapes.add(pooled.getShape().getShape());
                }
                gridH = (int) shapes.get(0)[2];
                gridW = (int) shapes.get(0)[3];
                dim = 0;
                for (long[] sh : shapes) {
                    dim += (int) sh[1];
                }
                for (int n = 0; n < chunk.size(); n++) {
                    float[] f = new float[gridH * gridW * dim];
                    int offset = 0;
                    for (int k = 0; k < layers.size(); k++) {
                        long[] sh = shapes.get(k);
                        int c = (int) sh[1];
                        int h = (int) sh[2];
                        int w = (int) sh[3];
                        float[] one = new float[c * h * w];
                        System.arraycopy(layers.get(k), n * one.length, one, 0, one.length);
                        float[] r = Grids.resize(one, c, h, w, gridH, gridW);
                        for (int ch = 0; ch < c; ch++) {
                            for (int p = 0; p < gridH * gridW; p++) {
                                f[p * dim + offset + ch] = r[ch * gridH * gridW + p];
                            }
                        }
                        offset += c;
                    }
                    out.add(f);
                }
            }
        }
        return new Features(out, gridH, gridW, dim);
    }

    /**
     * The chosen stages' raw outputs (N, C, h, w) for {@code x} (as {@link #input} makes it), recording gradients
     * inside a gradient collector: what a loss that fine-tunes the backbone reads (DDAD's domain adaptation).
     */
    public List<NDArray> stagesForTraining(NDArray x) {
        List<NDArray> all = backbone.stageFeaturesForTraining(x);
        return stages.stream().map(all::get).toList();
    }

    /** The same outputs without recording gradients. */
    public List<NDArray> stages(NDArray x) {
        List<NDArray> all = backbone.stageFeatures(x);
        return stages.stream().map(all::get).toList();
    }

    /** The trainable parameters that the chosen stages' outputs depend on. */
    public List<Parameter> trainable() {
        return backbone.trainableThrough(stages.stream().mapToInt(Integer::intValue).max().orElseThrow());
    }

    /** An extractor of the same stages on an independent copy of the network: a frozen twin of one being tuned. */
    public FeatureExtractor copy() {
        return new FeatureExtractor(backbone.copy(), stages, inputScale, source);
    }

    public int inputScale() {
        return inputScale;
    }

    public Classifier backbone() {
        return backbone;
    }

    @Override
    public void close() {
        backbone.close();
    }
}
