package org.ispadlab.explore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ispadlab.data.Image8;
import org.ispadlab.experiment.UnsupervisedComparison.Example;
import org.ispadlab.model.Classifier;

/**
 * Where a model looks: a classifier's Grad-CAM map of the class 'defective' (computed from its cached best weights
 * on the images it was scored on, at the deepest stage with maps of at least {@link #MIN_CAM_SIDE} px, see
 * {@link Classifier#deepestStageOfAtLeast}), with occlusion as a check, or an unsupervised method's anomaly map
 * where its cache kept one (its hardest cases per group and its examples); and how much of a map's mass lies
 * inside the defect's mask.
 */
public final class Attention implements AutoCloseable {

    private static final int BATCH = 16;
    /** Grad-CAM's coarsest useful resolution: a map of 8x8 cells places a defect within an eighth of the patch. */
    public static final int MIN_CAM_SIDE = 8;

    private final ExploredModel model;
    private final List<Image8> inputs;
    private final Map<Integer, float[]> kept = new HashMap<>();
    private final Map<Integer, float[]> computed = new HashMap<>();
    private Classifier classifier;

    /** @param inputs the test images as the classifiers see them (preprocessed), in the table's order */
    public Attention(ExploredModel model, List<Image8> inputs) {
        this.model = model;
        this.inputs = inputs;
        for (Example e : model.maps()) {
            kept.put(e.index(), e.map());
        }
    }

    /** The map of test image {@code index} (row-major, the image's size), or null where none can be had. */
    public float[] map(int index) {
        return maps(List.of(index)).get(0);
    }

    /** The maps of several images at once (a classifier's Grad-CAM runs in batches); null where none. */
    public List<float[]> maps(List<Integer> indices) {
        if (!model.supervised()) {
            return indices.stream().map(kept::get).toList();
        }
        List<Integer> todo = indices.stream().filter(i -> !computed.containsKey(i)).distinct().toList();
        if (!todo.isEmpty()) {
            Classifier c = classifier();
            float[][] cams = c.gradCam(todo.stream().map(inputs::get).toList(), BATCH,
                    c.deepestStageOfAtLeast(MIN_CAM_SIDE));
            for (int k = 0; k < todo.size(); k++) {
                computed.put(todo.get(k), cams[k]);
            }
        }
        return indices.stream().map(computed::get).toList();
    }

    /**
     * Occlusion (Zeiler & Fergus 2014), Grad-CAM's check with forward passes only: how much P(defective) drops when a
     * {@code window} px square, moved in steps of {@code stride}, is set to the image's mean grey; each pixel gets
     * the mean drop of the windows covering it (no drop: 0).
     */
    public float[] occlusion(int index, int window, int stride) {
        if (!model.supervised()) {
            throw new IllegalStateException(model.name() + " is not a classifier: occlusion needs its probabilities");
        }
        Image8 image = inputs.get(index);
        int side = image.width();
        int mean = (int) Math.round(image.mean());
        List<Image8> occluded = new java.util.ArrayList<>();
        List<int[]> corners = new java.util.ArrayList<>();
        for (int y = 0; y + window <= side; y += stride) {
            for (int x = 0; x + window <= side; x += stride) {
                Image8 copy = image.copy();
                for (int dy = 0; dy < window; dy++) {
                    for (int dx = 0; dx < window; dx++) {
                        for (int c = 0; c < copy.channels(); c++) {
                            copy.set(x + dx, y + dy, c, mean);
                        }
                    }
                }
                occluded.add(copy);
                corners.add(new int[] {x, y});
            }
        }
        float base = classifier().defectProbabilities(List.of(image), 1)[0];
        float[] p = classifier().defectProbabilities(occluded, 32);
        float[] sum = new float[side * side];
        int[] count = new int[side * side];
        for (int k = 0; k < p.length; k++) {
            float drop = Math.max(0, base - p[k]);
            for (int dy = 0; dy < window; dy++) {
                for (int dx = 0; dx < window; dx++) {
                    int i = (corners.get(k)[1] + dy) * side + corners.get(k)[0] + dx;
                    sum[i] += drop;
                    count[i]++;
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] = count[i] == 0 ? 0 : sum[i] / count[i];
        }
        return sum;
    }

    private Classifier classifier() {
        if (classifier == null) {
            classifier = Classifier.create(model.backbone(), model.channels(), inputs.get(0).width(), 0,
                    model.weights());
        }
        return classifier;
    }

    /**
     * The share of a map's mass inside the mask: the map shifted to a minimum of 0, summed inside over summed
     * everywhere. 1 looks only at the defect; the mask's area share is what a map spread evenly scores.
     */
    public static double massInMask(float[] map, boolean[] mask) {
        if (map.length != mask.length) {
            throw new IllegalArgumentException("a map of " + map.length + " values over a mask of " + mask.length);
        }
        float min = Float.POSITIVE_INFINITY;
        for (float v : map) {
            min = Math.min(min, v);
        }
        double inside = 0;
        double all = 0;
        for (int i = 0; i < map.length; i++) {
            double v = map[i] - min;
            all += v;
            inside += mask[i] ? v : 0;
        }
        return all > 0 ? inside / all : Double.NaN;
    }

    /** Whether the map's highest value lies inside the mask (the first maximum, row-major). */
    public static boolean peakInMask(float[] map, boolean[] mask) {
        int best = 0;
        for (int i = 1; i < map.length; i++) {
            if (map[i] > map[best]) {
                best = i;
            }
        }
        return mask[best];
    }

    @Override
    public void close() {
        if (classifier != null) {
            classifier.close();
        }
    }
}
