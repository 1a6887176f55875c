package org.ispadlab.unsup.uflow;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import org.ispadlab.data.Image8;
import org.ispadlab.unsup.AnomalyDetector;
import org.ispadlab.unsup.FeatureExtractor;
import org.ispadlab.unsup.Grids;
import org.ispadlab.unsup.Permutations;
import org.ispadlab.unsup.Scores;

/**
 * U-Flow (Tailanian et al., 2024) as anomalib trains it with a ResNet backbone: the frozen backbone's layer1, layer2
 * and layer3 maps, each layer-normalised (without anomalib's learnt affine: {@link UFlowNet} says why), through a
 * U-shaped normalising flow ({@link UFlowNet}, 4 steps per scale) trained by maximum likelihood on fault-free
 * images; Adam 1e-3 with weight decay 1e-5, the rate falling linearly to 0.4 of it over 25,000 steps. The anomaly map is the likelihood one: per scale {@code exp(-0.5 mean_c
 * z^2)}, resized to the image, averaged over the scales, {@code 1 -} that; the image score its maximum. The
 * a-contrario threshold (NFA) is left out: the lab fixes thresholds the same way for every method. Where the lab
 * differs from the paper: the paper's U-Flow reads MS-CaiT, a pretrained vision transformer the lab does not have,
 * so the flow reads the lab's backbone (anomalib's ResNet option); the epochs are fewer.
 */
public final class UFlow implements AnomalyDetector {

    /** The reference's settings, but for the steps (scaled to the budget). */
    public record Settings(int steps, int batch, int flowSteps, double lr, double weightDecay, long seed) {
        public Settings {
            if (steps < 1 || batch < 1 || flowSteps < 1) {
                throw new IllegalArgumentException("U-Flow needs steps, batch and flow steps >= 1");
            }
        }

        public static Settings defaults(int steps, long seed) {
            return new Settings(steps, 32, 4, 1e-3, 1e-5, seed);
        }
    }

    /** The backbone stages the flow reads: layer1, layer2, layer3. */
    static final List<Integer> STAGES = List.of(0, 1, 2);
    private static final int FEATURE_BATCH = 32;
    private static final int DECAY_STEPS = 25_000;

    private final FeatureExtractor features;
    private final Settings settings;
    private final NDManager manager;
    private UFlowNet net;
    private double lastLoss = Double.NaN;

    /** @param features the frozen backbone (owned: closed with this detector) */
    public UFlow(FeatureExtractor features, Settings settings) {
        this.features = features;
        this.settings = settings;
        this.manager = features.backbone().manager().newSubManager();
    }

    @Override
    public String describe() {
        List<String> names = STAGES.stream().map(s -> features.backbone().backbone().stageNames().get(s)).toList();
        return String.format(Locale.ROOT, "U-Flow: %s %s (%s; the paper's MS-CaiT is not available), input x%d, "
                        + "layer norm, U-shaped flow of %d steps per scale%s; %d steps of batch %d%s; likelihood map, "
                        + "no a-contrario threshold", features.backbone().backbone().title(), String.join("+", names),
                describeSource(), features.inputScale(), settings.flowSteps(),
                net == null ? "" : String.format(Locale.ROOT, " (%,d parameters)", net.params().size()),
                settings.steps(), settings.batch(),
                Double.isNaN(lastLoss) ? "" : String.format(Locale.ROOT, ", final loss per value %.3f", lastLoss)
                        + net.params().skippedNote());
    }

    private String describeSource() {
        String d = features.describe();
        int open = d.indexOf('(');
        int close = d.lastIndexOf(')');
        return open >= 0 && close > open ? d.substring(open + 1, close) : d;
    }

    @Override
    public void fit(List<Image8> faultFree, DoubleConsumer progress) {
        List<float[][]> all = new ArrayList<>();
        List<int[]> shapes = stageMaps(faultFree, all);
        if (net != null) {
            net.close();
        }
        SplittableRandom rnd = new SplittableRandom(settings.seed());
        net = new UFlowNet(manager, shapes, settings.flowSteps(), rnd.split());
        float lr = (float) settings.lr();
        Tracker linear = n -> lr * (1 - 0.6f * Math.min(n, DECAY_STEPS) / DECAY_STEPS);
        Optimizer opt = Adam.builder().optLearningRateTracker(linear)
                .optWeightDecays((float) settings.weightDecay()).build();
        long values = 0;
        for (int[] s : shapes) {
            values += (long) s[0] * s[1] * s[2];
        }
        int n = faultFree.size();
        int[] order = new int[0];
        int cursor = 0;
        for (int step = 0; step < settings.steps(); step++) {
            if (cursor + Math.min(settings.batch(), n) > order.length) {
                order = Permutations.shuffled(n, rnd);
                cursor = 0;
            }
            int b = Math.min(settings.batch(), n);
            try (NDManager m = manager.newSubManager()) {
                List<NDArray> batch = new ArrayList<>();
                for (int s = 0; s < shapes.size(); s++) {
                    int[] sh = shapes.get(s);
                    int per = sh[0] * sh[1] * sh[2];
                    float[] v = new float[b * per];
                    for (int i = 0; i < b; i++) {
                        System.arraycopy(all.get(order[cursor + i])[s], 0, v, i * per, per);
                    }
                    batch.add(m.create(v, new Shape(b, sh[0], sh[1], sh[2])));
                }
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = net.forward(batch).nll().mean();
                    gc.backward(loss);
                    lastLoss = loss.getFloat() / values;
                }
                if (!Double.isFinite(lastLoss)) {
                    throw new IllegalStateException("U-Flow's likelihood left the floats at step " + (step + 1)
                            + " of " + settings.steps());
                }
                net.params().stepIfFinite(opt);
            }
            cursor += b;
            progress.accept((step + 1.0) / settings.steps());
        }
    }

    /** The backbone's stage maps of {@code images}, per image and stage (C, H, W) row-major; returns the shapes. */
    private List<int[]> stageMaps(List<Image8> images, List<float[][]> out) {
        List<int[]> shapes = new ArrayList<>();
        for (int from = 0; from < images.size(); from += FEATURE_BATCH) {
            List<Image8> chunk = images.subList(from, Math.min(images.size(), from + FEATURE_BATCH));
            try (NDManager m = features.backbone().manager().newSubManager()) {
                List<NDArray> stages = features.backbone().stageFeatures(features.input(m, chunk));
                float[][][] perStage = new float[STAGES.size()][][];
                shapes.clear();
                for (int s = 0; s < STAGES.size(); s++) {
                    NDArray a = stages.get(STAGES.get(s));
                    long[] sh = a.getShape().getShape();
                    shapes.add(new int[] {(int) sh[1], (int) sh[2], (int) sh[3]});
                    float[] flat = a.toFloatArray();
                    int per = (int) (sh[1] * sh[2] * sh[3]);
                    perStage[s] = new float[chunk.size()][];
                    for (int i = 0; i < chunk.size(); i++) {
                        perStage[s][i] = Arrays.copyOfRange(flat, i * per, (i + 1) * per);
                    }
                }
                for (int i = 0; i < chunk.size(); i++) {
                    float[][] one = new float[STAGES.size()][];
                    for (int s = 0; s < STAGES.size(); s++) {
                        one[s] = perStage[s][i];
                    }
                    out.add(one);
                }
            }
        }
        return shapes;
    }

    @Override
    public Scores score(List<Image8> images) {
        if (net == null) {
            throw new IllegalStateException("U-Flow is not fitted: call fit on fault-free images first");
        }
        int side = images.get(0).width();
        List<float[]> maps = new ArrayList<>();
        for (int from = 0; from < images.size(); from += FEATURE_BATCH) {
            List<Image8> chunk = images.subList(from, Math.min(images.size(), from + FEATURE_BATCH));
            try (NDManager m = manager.newSubManager()) {
                List<NDArray> stages = features.backbone().stageFeatures(features.input(m, chunk));
                List<NDArray> input = STAGES.stream().map(stages::get).toList();
                List<NDArray> z = latents(input);
                float[][] sum = new float[chunk.size()][side * side];
                for (NDArray zi : z) {
                    int h = (int) zi.getShape().get(2);
                    int w = (int) zi.getShape().get(3);
                    float[] likelihood = zi.square().mean(new int[] {1}).mul(-0.5f).exp().toFloatArray();
                    for (int i = 0; i < chunk.size(); i++) {
                        float[] one = Arrays.copyOfRange(likelihood, i * h * w, (i + 1) * h * w);
                        float[] big = Grids.resize(one, 1, h, w, side, side);
                        for (int p = 0; p < big.length; p++) {
                            sum[i][p] += big[p];
                        }
                    }
                }
                for (float[] s : sum) {
                    for (int p = 0; p < s.length; p++) {
                        s[p] = 1 - s[p] / z.size();
                    }
                    maps.add(s);
                }
            }
        }
        return Scores.fromMaps(maps, side);
    }

    /** The flow's latents of {@code input}, without recording gradients. */
    private List<NDArray> latents(List<NDArray> input) {
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return net.forward(input).z();
        } finally {
            JniUtils.setGradMode(recording);
        }
    }

    @Override
    public void close() {
        manager.close();
        features.close();
    }
}
