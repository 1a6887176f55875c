package org.ispadlab.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ispadlab.data.Image8;
import org.ispadlab.io.SafeFiles;

/**
 * A patch classifier ('good' vs 'defective', Sec. 4.2): a backbone with a 2-way head, its parameters, and the
 * device it runs on (a GPU when the engine sees one, else the CPU). Where its starting weights came from is in
 * {@link #origin()}: a local file, or torchvision's random initialisation from a seed.
 */
public final class Classifier implements AutoCloseable {

    /** Output 0 is 'good', output 1 'defective'. */
    public static final List<String> CLASSES = List.of("good", "defective");
    /** Dropout in front of the 2-way head (Sec. 4.2). */
    static final float HEAD_DROPOUT = 0.1f;

    private final Backbone backbone;
    private final int channels;
    private final int imageSize;
    private final Model model;
    private final SequentialBlock block;
    private final String origin;

    private Classifier(Backbone backbone, int channels, int imageSize, Device device, String origin,
                       long seed, Path weights) {
        this(backbone, channels, imageSize, device, origin, seed, weights, false);
    }

    private Classifier(Backbone backbone, int channels, int imageSize, Device device, String origin,
                       long seed, Path weights, boolean headOnly) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("a classifier takes 1 or 3 input channels, got " + channels);
        }
        this.backbone = backbone;
        this.channels = channels;
        this.imageSize = imageSize;
        this.model = Model.newInstance(backbone.title(), device);
        this.block = backbone.withTaskHead();
        model.setBlock(block);
        block.setInitializer(Classifier::channelsLastZeros, Parameter.Type.WEIGHT);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, channels, imageSize, imageSize));
        TorchvisionInit.apply(block, backbone.init(), seed, headOnly);
        try {
            this.origin = weights == null ? origin : load(weights);
        } catch (RuntimeException e) {
            model.close(); // a file that does not fit must not leak the network's native memory
            throw e;
        }
    }

    /**
     * A classifier on the engine's default device. Starting weights come from {@code weights} when that file
     * exists (saved by {@link #save}), else from random initialisation with {@code seed}; {@link #origin()}
     * says which.
     */
    public static Classifier create(Backbone backbone, int channels, int imageSize, long seed, Path weights) {
        Device device = Engine.getInstance().defaultDevice();
        String random = "random initialisation (torchvision's scheme, seed " + seed + ")";
        if (weights != null && !Files.isRegularFile(weights)) {
            random += ": no weights file at " + weights;
            weights = null;
        } else if (weights == null) {
            random += ": no pretrained weights given (ImageNet weights cannot be fetched offline)";
        }
        return new Classifier(backbone, channels, imageSize, device, random, seed, weights);
    }

    /**
     * A classifier whose body is about to receive imported weights ({@code TorchvisionState}): only the task head
     * gets torchvision's initialisation with {@code seed} (a file's head may not fit the 2-way task); the body
     * keeps the values DJL's initialise drew until the import sets every one of them.
     */
    public static Classifier forImport(Backbone backbone, int channels, int imageSize, long seed) {
        return new Classifier(backbone, channels, imageSize, Engine.getInstance().defaultDevice(),
                "random initialisation of the head (seed " + seed + "), the body imported next", seed, null, true);
    }

    public Backbone backbone() {
        return backbone;
    }

    public int channels() {
        return channels;
    }

    public int imageSize() {
        return imageSize;
    }

    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** Where the starting weights came from, in words. */
    public String origin() {
        return origin;
    }

    /** The manager batches should be created under (as sub-managers, closed after each step). */
    public NDManager manager() {
        return model.getNDManager();
    }

    /**
     * A batch of {@code n} encoded images ({@link Tensors#encode}, NHWC memory) as the network's (N, C, H, W)
     * input: a channels-last view, no copy. PyTorch then keeps every activation channels-last.
     */
    public NDArray input(NDManager batch, float[] nhwc, int n) {
        return batch.create(nhwc, new Shape(n, imageSize, imageSize, channels)).transpose(0, 3, 1, 2);
    }

    /** Logits (N, 2) for a batch (N, C, H, W). */
    public NDArray forward(NDArray batch, boolean training) {
        return forward(new ParameterStore(batch.getManager(), false), batch, training);
    }

    private NDArray forward(ParameterStore store, NDArray batch, boolean training) {
        return block.forward(store, new NDList(batch), training).singletonOrThrow();
    }

    /**
     * Each stage's output for a batch (N, C, H, W), named by {@link Backbone#stageNames} (layer1..layer4 for a
     * ResNet: what PatchCore and its kin read), in evaluation mode and without recording gradients.
     */
    public List<NDArray> stageFeatures(NDArray batch) {
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return stages(batch);
        } finally {
            JniUtils.setGradMode(recording);
        }
    }

    /**
     * The same outputs, recording gradients inside a gradient collector (a feature extractor fine-tuned on its own,
     * as DDAD adapts it); batch norm keeps its running statistics (evaluation mode).
     */
    public List<NDArray> stageFeaturesForTraining(NDArray batch) {
        return stages(batch);
    }

    private List<NDArray> stages(NDArray batch) {
        ParameterStore store = new ParameterStore(batch.getManager(), false);
        List<ai.djl.nn.Block> children = new ArrayList<>();
        block.getChildren().forEach(c -> children.add(c.getValue()));
        List<NDArray> out = new ArrayList<>();
        NDArray x = batch;
        for (int i = 0; i <= backbone.stageNames().size(); i++) {
            x = children.get(i).forward(store, new NDList(x), false).singletonOrThrow();
            if (i > 0) {
                out.add(x);
            }
        }
        return out;
    }

    /** An independent network with this one's values (running statistics included), layout and origin. */
    public Classifier copy() {
        Classifier twin = new Classifier(backbone, channels, imageSize, device(), origin, 0, null, true);
        ai.djl.nn.ParameterList mine = block.getParameters();
        ai.djl.nn.ParameterList theirs = twin.block.getParameters();
        for (int i = 0; i < mine.size(); i++) {
            InPlace.copy(mine.get(i).getValue().getArray(), theirs.get(i).getValue().getArray());
        }
        return twin;
    }

    /** The network itself, for {@link TorchvisionState}. */
    SequentialBlock block() {
        return block;
    }

    /** The parameters an optimiser updates (batch-norm running statistics excluded). */
    public List<Parameter> trainable() {
        return trainable(block);
    }

    /**
     * The trainable parameters of the stem and the stages up to {@code stage} (0-based, as {@link #stageFeatures}
     * lists them): what a loss on those stages' outputs reaches.
     */
    public List<Parameter> trainableThrough(int stage) {
        List<Parameter> out = new ArrayList<>();
        int i = 0;
        for (Pair<String, ai.djl.nn.Block> child : block.getChildren()) {
            if (i++ > stage + 1) {
                break;
            }
            for (Pair<String, Parameter> p : child.getValue().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    out.add(p.getValue());
                }
            }
        }
        return out;
    }

    public long trainableCount() {
        return count(trainable());
    }

    static List<Parameter> trainable(SequentialBlock network) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    /** The number of values in {@code parameters}. */
    static long count(List<Parameter> parameters) {
        return parameters.stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** P(defective) for each image; see {@link #logProbabilities}. */
    public float[] defectProbabilities(List<Image8> images, int batchSize) {
        return defectProbabilities(logProbabilities(images, batchSize));
    }

    /** P(defective) from {@link #logProbabilities}' output. */
    public static float[] defectProbabilities(float[][] lp) {
        float[] out = new float[lp.length];
        for (int i = 0; i < lp.length; i++) {
            out[i] = (float) Math.exp(lp[i][1]);
        }
        return out;
    }

    /**
     * log P(good) and log P(defective) for each image, in evaluation mode (batch norm on running statistics,
     * no dropout) and without recording gradients.
     */
    public float[][] logProbabilities(List<Image8> images, int batchSize) {
        return perImage(images, batchSize, (store, x) -> forward(store, x, false).logSoftmax(1));
    }

    /**
     * {@code network} on the images in batches, in evaluation mode and without recording gradients, its (N, D)
     * output split into one row per image.
     */
    private float[][] perImage(List<Image8> images, int batchSize,
                               java.util.function.BiFunction<ParameterStore, NDArray, NDArray> network) {
        float[][] out = new float[images.size()][];
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(false); // per thread: a notebook cell may run on a thread that never trained
        try {
            ParameterStore store = new ParameterStore(manager(), false);
            for (int from = 0; from < images.size(); from += batchSize) {
                List<Image8> chunk = images.subList(from, Math.min(images.size(), from + batchSize));
                try (NDManager batch = manager().newSubManager()) {
                    NDArray y = network.apply(store, input(batch, Tensors.encode(chunk, channels, imageSize),
                            chunk.size()));
                    int d = (int) y.getShape().get(1);
                    float[] flat = y.toFloatArray();
                    for (int i = 0; i < chunk.size(); i++) {
                        out[from + i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
                    }
                }
            }
        } finally {
            JniUtils.setGradMode(recording);
        }
        return out;
    }

    /**
     * The last stage's output averaged over height and width for each image (for a ResNet, what the head sees
     * before dropout and its linear layer), in evaluation mode and without recording gradients: the space in which a
     * defect group lies near or far from the synthetic defects a model was trained on.
     */
    public float[][] pooledFeatures(List<Image8> images, int batchSize) {
        return perImage(images, batchSize, (store, x) -> run(store, x, 0, 1 + backbone.stageNames().size())
                .mean(new int[] {3}).mean(new int[] {2}));
    }

    /**
     * Grad-CAM (Selvaraju et al. 2017) of the class 'defective' at stage {@code stage} (0-based, as
     * {@link #stageFeatures} lists them) for each image, upsampled to the image's size (row-major, scaled to a
     * maximum of 1; all zeros where no feature speaks for a defect). DJL keeps no gradient of an intermediate array,
     * so the network runs in two parts: up to the stage without gradients, then the rest on a copy of the stage's
     * output that requires one; the class score's gradient on that copy, averaged over height and width, weighs
     * the stage's feature maps.
     */
    public float[][] gradCam(List<Image8> images, int batchSize, int stage) {
        int split = stage + 2; // the stem, then the stages up to this one
        if (stage < 0 || stage >= backbone.stageNames().size()) {
            throw new IllegalArgumentException(backbone.title() + " has stages 0.." + (backbone.stageNames().size() - 1)
                    + ", not " + stage);
        }
        float[][] out = new float[images.size()][];
        boolean recording = JniUtils.isGradMode();
        try {
            ParameterStore store = new ParameterStore(manager(), false);
            for (int from = 0; from < images.size(); from += batchSize) {
                List<Image8> chunk = images.subList(from, Math.min(images.size(), from + batchSize));
                try (NDManager batch = manager().newSubManager()) {
                    NDArray x = input(batch, Tensors.encode(chunk, channels, imageSize), chunk.size());
                    JniUtils.setGradMode(false);
                    NDArray features = run(store, x, 0, split).stopGradient();
                    features.setRequiresGradient(true);
                    try (ai.djl.training.GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        collector.backward(run(store, features, split, children().size()).get(":, 1").sum());
                    }
                    JniUtils.setGradMode(false);
                    NDArray weights = features.getGradient().mean(new int[] {3}, true).mean(new int[] {2}, true);
                    NDArray cam = features.mul(weights).sum(new int[] {1}).maximum(0f);
                    int h = (int) cam.getShape().get(1);
                    int w = (int) cam.getShape().get(2);
                    float[] flat = cam.toFloatArray();
                    for (int i = 0; i < chunk.size(); i++) {
                        out[from + i] = normalised(upsample(java.util.Arrays.copyOfRange(flat, i * h * w,
                                (i + 1) * h * w), h, w, imageSize));
                    }
                }
            }
        } finally {
            JniUtils.setGradMode(recording);
        }
        return out;
    }

    /**
     * The deepest stage whose feature maps are at least {@code minSide} px on a side for this classifier's input:
     * Grad-CAM's resolution. At 64 px ResNet-18's last stage is 2x2, too coarse to say whether a model looks at a
     * defect of a few pixels; its second stage is 8x8.
     */
    public int deepestStageOfAtLeast(int minSide) {
        Shape shape = new Shape(1, channels, imageSize, imageSize);
        List<ai.djl.nn.Block> children = children();
        int best = 0;
        for (int i = 0; i <= backbone.stageNames().size(); i++) {
            shape = children.get(i).getOutputShapes(new Shape[] {shape})[0];
            if (i > 0 && shape.get(2) >= minSide) {
                best = i - 1;
            }
        }
        return best;
    }

    private static float[] normalised(float[] map) {
        float max = 0;
        for (float v : map) {
            max = Math.max(max, v);
        }
        if (max > 0) {
            for (int k = 0; k < map.length; k++) {
                map[k] /= max;
            }
        }
        return map;
    }

    /** Bilinear upsampling of an {@code h} x {@code w} map to {@code side} x {@code side}, pixel centres aligned. */
    static float[] upsample(float[] map, int h, int w, int side) {
        float[] out = new float[side * side];
        for (int y = 0; y < side; y++) {
            double fy = Math.min(h - 1, Math.max(0, (y + 0.5) * h / side - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(h - 1, y0 + 1);
            double ay = fy - y0;
            for (int x = 0; x < side; x++) {
                double fx = Math.min(w - 1, Math.max(0, (x + 0.5) * w / side - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(w - 1, x0 + 1);
                double ax = fx - x0;
                double top = (1 - ax) * map[y0 * w + x0] + ax * map[y0 * w + x1];
                double bottom = (1 - ax) * map[y1 * w + x0] + ax * map[y1 * w + x1];
                out[y * side + x] = (float) ((1 - ay) * top + ay * bottom);
            }
        }
        return out;
    }

    /** Children {@code from} (inclusive) to {@code to} (exclusive) of the network on {@code x}, in evaluation mode. */
    private NDArray run(ParameterStore store, NDArray x, int from, int to) {
        List<ai.djl.nn.Block> children = children();
        for (int i = from; i < to; i++) {
            x = children.get(i).forward(store, new NDList(x), false).singletonOrThrow();
        }
        return x;
    }

    private List<ai.djl.nn.Block> children() {
        List<ai.djl.nn.Block> out = new ArrayList<>();
        block.getChildren().forEach(c -> out.add(c.getValue()));
        return out;
    }

    /** Writes all parameters (running statistics included) atomically: a crash never leaves half a file. */
    public void save(Path file) {
        SafeFiles.writeAtomically(file, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                block.saveParameters(out);
            }
        });
    }

    /**
     * Replaces all parameters with those in {@code file} (written by {@link #save} for the same backbone and
     * input channels). The file is read into a scratch copy of the network and checked there first, so a wrong
     * file leaves this model untouched; the values are then copied into the model's own arrays, which keeps their
     * channels-last memory.
     */
    public String load(Path file) {
        SequentialBlock scratch = backbone.withTaskHead();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            scratch.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 32, 32));
            read(file, scratch, manager);
            ai.djl.nn.ParameterList expected = block.getParameters();
            ai.djl.nn.ParameterList found = scratch.getParameters();
            for (int i = 0; i < expected.size(); i++) {
                Shape want = expected.get(i).getValue().getArray().getShape();
                Shape got = found.get(i).getValue().getArray().getShape();
                if (!want.equals(got)) {
                    throw new IllegalArgumentException(file + " does not fit " + backbone.title() + " with " + channels
                            + " input channel(s): parameter " + expected.get(i).getKey() + " is " + got
                            + " in the file, " + want + " in the model");
                }
            }
            for (int i = 0; i < expected.size(); i++) {
                InPlace.copy(found.get(i).getValue().getArray(), expected.get(i).getValue().getArray());
            }
        }
        return "weights from " + file;
    }

    private void read(Path file, SequentialBlock target, NDManager manager) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            target.loadParameters(manager, in);
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            throw new IllegalArgumentException(file + " does not hold " + backbone.title() + " parameters as saved "
                    + "by Classifier.save: " + reason(file, e), e);
        }
    }

    /** Why a weights file did not read; a stream that ended early says so (its exception has no message). */
    private static String reason(Path file, Exception e) {
        if (e instanceof java.io.EOFException || e.getCause() instanceof java.io.EOFException) {
            long size = file.toFile().length();
            return "the file ends after " + size + " bytes, before all parameters: it is truncated (a copy or a "
                    + "write cut off)";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Zeros in the parameter's shape; a convolution's (O, I, kH, kW) weight is laid out channels-last in memory,
     * as PyTorch's {@code model.to(memory_format=torch.channels_last)} does. With channels-last activations (see
     * {@link #input}) oneDNN then reads weights and activations without any per-step layout copy, and their
     * gradients and SGD's momentum buffers inherit the layout. Torchvision's initialisation, loads and imports
     * write values into these arrays in place.
     */
    private static NDArray channelsLastZeros(NDManager manager, Shape shape, DataType type) {
        if (shape.dimension() != 4) {
            return manager.zeros(shape, type);
        }
        long[] s = shape.getShape();
        return manager.zeros(new Shape(s[0], s[2], s[3], s[1]), type).transpose(0, 3, 1, 2);
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return String.format("%s, %d input channel(s), %,d trainable parameters, on %s, %s", backbone.title(),
                channels, trainableCount(), device(), origin);
    }
}
