package org.ispadlab.unsup.ddad;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
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
import org.ispadlab.model.InPlace;
import org.ispadlab.unsup.AnomalyDetector;
import org.ispadlab.unsup.FeatureExtractor;
import org.ispadlab.unsup.Grids;
import org.ispadlab.unsup.Permutations;
import org.ispadlab.unsup.Scores;
import org.ispadlab.unsup.WeightUpdate;

/**
 * DDAD (Mousakhan et al., 2023), as its reference code works: a denoising diffusion model ({@link DenoisingUNet},
 * noise prediction, T = 1000 steps with beta linear from 1e-4 to 0.02) learns the fault-free images (pixels in
 * [-1, 1]); a test image y is noised to step 250 and denoised in 10 steps of 25 by the <em>conditioned</em> sampler,
 * which pulls every step towards y ({@code eps_hat = eps - w sqrt(1 - a_t) (y_t - x_t)}, w = 2, eta = 1), so the
 * reconstruction keeps the image's normal content and loses what the model has never seen. The anomaly map is the
 * feature distance {@code 1 - cos} of the backbone's patch features of the reconstruction and of y, plus the pixel
 * distance |x_0 - y| scaled by v = 1 times the ratio of their maxima, blurred (sigma 4 at 256 px); the image score is
 * its maximum. Before the maps, the backbone is adapted to the U-Net's reconstructions ({@link Adaptation}), as the
 * reference does. Where the lab differs: the ratio of maxima is fixed once on fault-free training images (the
 * reference takes it per test batch, so a score depends on its batch neighbours); the feature extractor is the lab's
 * backbone (the paper: ImageNet Wide-ResNet-101); the U-Net is smaller and trains for the budget's steps (the
 * reference: 2,000-3,000 epochs).
 */
public final class Ddad implements AnomalyDetector {

    /** Diffusion steps of the forward process. */
    static final int T = 1000;

    /** The reference's settings, but for the steps and the U-Net's width (scaled to the budget). */
    public record Settings(int steps, int batch, int base, int trajectory, int skip, double w, double v, double lr,
                           double weightDecay, Adaptation adaptation, long seed) {
        public Settings {
            if (steps < 1 || batch < 1 || base < 2 || base % 2 != 0) {
                throw new IllegalArgumentException("DDAD needs steps and batch >= 1 and an even U-Net width >= 2");
            }
            if (skip < 1 || trajectory < skip || trajectory >= T) {
                throw new IllegalArgumentException("DDAD needs 1 <= skip <= trajectory < " + T);
            }
        }

        /**
         * The reference's sampler (step 250, skip 25, w = 2, v = 1) and optimiser (Adam 3e-4, decay 0.05); no domain
         * adaptation.
         */
        public static Settings defaults(int steps, long seed) {
            return new Settings(steps, 32, 32, 250, 25, 2, 1, 3e-4, 0.05, Adaptation.NONE, seed);
        }

        public Settings withAdaptation(Adaptation a) {
            return new Settings(steps, batch, base, trajectory, skip, w, v, lr, weightDecay, a, seed);
        }
    }

    /**
     * DDAD's domain adaptation of the feature extractor, as the reference does it after training the U-Net: for
     * {@code epochs} over the fault-free training images in batches of {@code batch}, the first half of a batch
     * (targets) guides the reconstruction of the second half (w = {@code w}), and the extractor learns to give a
     * reconstruction the features of its target ({@code 1 - cos} of each stage's whole output per image), while
     * {@code lambda} times the same distance to a frozen copy's features keeps it near where it started. AdamW
     * ({@code lr}, decoupled {@code weightDecay}). Batch norm keeps its running statistics (the reference trains it in
     * training mode: a few images per batch would then replace the statistics of the whole training).
     */
    public record Adaptation(int epochs, int batch, double w, double lambda, double lr, double weightDecay) {
        /** The reference's epochs. */
        public static final int REFERENCE_EPOCHS = 4;
        /** No adaptation: the frozen backbone as it came. */
        public static final Adaptation NONE = reference(0);

        public Adaptation {
            if (epochs < 0 || batch < 2 || batch % 2 != 0) {
                throw new IllegalArgumentException("DDAD's adaptation needs epochs >= 0 and an even batch >= 2");
            }
        }

        /**
         * {@code epochs} of the reference's adaptation: batch 16, w 3, lambda 0.1, AdamW 1e-4 with PyTorch's default
         * decay 1e-2.
         */
        public static Adaptation reference(int epochs) {
            return new Adaptation(epochs, 16, 3, 0.1, 1e-4, 1e-2);
        }
    }

    private static final int SCORE_BATCH = 32;
    /** Fault-free training images whose reconstructions fix the ratio of the two distances' maxima. */
    private static final int RATIO_IMAGES = 32;

    private final FeatureExtractor features;
    private final Settings settings;
    private final NDManager manager;
    private final double[] alphaBar = new double[T];
    private DenoisingUNet net;
    private double ratio = Double.NaN;
    private double lastLoss = Double.NaN;
    private double lastAdaptLoss = Double.NaN;
    private int adaptedSteps;

    /** @param features the frozen backbone of the feature distance (owned: closed with this detector) */
    public Ddad(FeatureExtractor features, Settings settings) {
        this.features = features;
        this.settings = settings;
        this.manager = features.backbone().manager().newSubManager();
        double product = 1;
        for (int t = 0; t < T; t++) {
            product *= 1 - (1e-4 + (0.02 - 1e-4) * t / (T - 1));
            alphaBar[t] = product;
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "DDAD: denoising U-Net (base %d%s), %d steps of batch %d%s; conditioned "
                        + "reconstruction from step %d in steps of %d (w %.0f); map = feature distance (%s, "
                        + "%s) + %.0f x %s x pixel distance",
                settings.base(), net == null ? "" : String.format(Locale.ROOT, ", %,d parameters", net.params().size()),
                settings.steps(), settings.batch(),
                Double.isNaN(lastLoss) ? "" : String.format(Locale.ROOT, ", final loss per pixel %.3f", lastLoss)
                        + net.params().skippedNote(),
                settings.trajectory(), settings.skip(), settings.w(), features.describe(), adaptationNote(),
                settings.v(),
                Double.isNaN(ratio) ? "ratio of maxima" : String.format(Locale.ROOT, "%.3g", ratio));
    }

    @Override
    public void fit(List<Image8> faultFree, DoubleConsumer progress) {
        int side = faultFree.get(0).width();
        if (net != null) {
            net.close();
        }
        SplittableRandom rnd = new SplittableRandom(settings.seed());
        net = new DenoisingUNet(manager, 1, settings.base(), rnd.split());
        float lr = (float) settings.lr();
        Optimizer opt = Adam.builder().optLearningRateTracker(Tracker.fixed(lr))
                .optWeightDecays((float) settings.weightDecay()).build();
        int n = faultFree.size();
        int b = Math.min(settings.batch(), n);
        int per = side * side;
        double unetShare = settings.adaptation().epochs() > 0 ? 0.8 : 0.95;
        int[] order = new int[0];
        int cursor = 0;
        for (int step = 0; step < settings.steps(); step++) {
            if (cursor + b > order.length) {
                order = Permutations.shuffled(n, rnd);
                cursor = 0;
            }
            float[] noisy = new float[b * per];
            float[] noise = new float[b * per];
            int[] t = new int[b];
            for (int i = 0; i < b; i++) {
                t[i] = rnd.nextInt(T);
                float[] x0 = pixels(faultFree.get(order[cursor + i]));
                double a = Math.sqrt(alphaBar[t[i]]);
                double s = Math.sqrt(1 - alphaBar[t[i]]);
                for (int p = 0; p < per; p++) {
                    noise[i * per + p] = (float) rnd.nextGaussian();
                    noisy[i * per + p] = (float) (a * x0[p] + s * noise[i * per + p]);
                }
            }
            cursor += b;
            try (NDManager m = manager.newSubManager()) {
                Shape shape = new Shape(b, 1, side, side);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = net.forward(m.create(noisy, shape), t).sub(m.create(noise, shape)).square()
                            .sum(new int[] {1, 2, 3}).mean();
                    gc.backward(loss);
                    lastLoss = loss.getFloat() / per;
                }
            }
            if (!Double.isFinite(lastLoss)) {
                throw new IllegalStateException("DDAD's loss left the floats at step " + (step + 1) + " of "
                        + settings.steps());
            }
            net.params().stepIfFinite(opt);
            progress.accept(unetShare * (step + 1) / settings.steps());
        }
        if (settings.adaptation().epochs() > 0) {
            adapt(faultFree, rnd.split(), p -> progress.accept(unetShare + (0.95 - unetShare) * p));
        }
        List<Image8> some = faultFree.subList(0, Math.min(RATIO_IMAGES, n));
        List<Image8> rebuilt = reconstruct(some);
        float[][] pixel = pixelDistances(some, rebuilt);
        float[][] feature = featureDistances(some, rebuilt);
        ratio = max(feature) / Math.max(max(pixel), 1e-12);
        progress.accept(1.0);
    }

    @Override
    public Scores score(List<Image8> images) {
        if (net == null) {
            throw new IllegalStateException("DDAD is not fitted: call fit on fault-free images first");
        }
        int side = images.get(0).width();
        List<float[]> maps = new ArrayList<>();
        for (int from = 0; from < images.size(); from += SCORE_BATCH) {
            List<Image8> chunk = images.subList(from, Math.min(images.size(), from + SCORE_BATCH));
            List<Image8> rebuilt = reconstruct(chunk);
            float[][] pixel = pixelDistances(chunk, rebuilt);
            float[][] feature = featureDistances(chunk, rebuilt);
            for (int i = 0; i < chunk.size(); i++) {
                float[] map = new float[side * side];
                for (int p = 0; p < map.length; p++) {
                    map[p] = (float) (feature[i][p] + settings.v() * ratio * pixel[i][p]);
                }
                maps.add(Grids.blur(map, side, 4.0 * side / 256));
            }
        }
        return Scores.fromMaps(maps, side);
    }

    /**
     * The conditioned reconstructions of {@code images}: noised to the trajectory's step, then denoised towards them.
     * The noise comes from the seed and each image's content, so an image's reconstruction does not depend on its
     * batch.
     */
    List<Image8> reconstruct(List<Image8> images) {
        long[] noise = new long[images.size()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = settings.seed() * 31 + Arrays.hashCode(images.get(i).pixels());
        }
        return reconstruct(images, images, settings.w(), noise);
    }

    /**
     * {@code start} noised to the trajectory's step, then denoised with each step pulled towards {@code guide}
     * (weight {@code w}); the noise of each image from its seed in {@code noise}.
     */
    private List<Image8> reconstruct(List<Image8> start, List<Image8> guide, double w, long[] noise) {
        float[] v = denoised(start, guide, w, noise);
        if (!finite(v)) {
            // oneDNN's AVX-512 kernels returned NaN now and then on a CPU that reports odd cache sizes; the same
            // inputs and noise give the same reconstruction when the kernels behave, so one retry is exact
            v = denoised(start, guide, w, noise);
            if (!finite(v)) {
                throw new IllegalStateException("DDAD's reconstruction left the floats twice for the same "
                        + start.size() + " images");
            }
        }
        int side = start.get(0).width();
        int per = side * side;
        List<Image8> out = new ArrayList<>();
        for (int i = 0; i < start.size(); i++) {
            Image8 img = Image8.blank(side, side, 1);
            for (int p = 0; p < per; p++) {
                int q = (int) Math.round((v[i * per + p] + 1) * 127.5);
                img.set(p % side, p / side, 0, Math.max(0, Math.min(255, q)));
            }
            out.add(img);
        }
        return out;
    }

    /**
     * The reference's domain adaptation ({@link Adaptation}) of {@link #features}, in place: the trained U-Net
     * reconstructs one half of each batch guided by the other, and the extractor learns to see a reconstruction as
     * its target, held near a frozen copy of itself.
     */
    private void adapt(List<Image8> images, SplittableRandom rnd, DoubleConsumer progress) {
        Adaptation a = settings.adaptation();
        int half = Math.min(a.batch(), images.size()) / 2;
        if (half < 1) {
            throw new IllegalArgumentException("DDAD's adaptation needs at least 2 fault-free images, got "
                    + images.size());
        }
        int perEpoch = images.size() / (2 * half);
        int total = a.epochs() * perEpoch;
        float lr = (float) a.lr();
        Optimizer opt = Adam.builder().optLearningRateTracker(Tracker.fixed(lr)).build();
        List<Parameter> params = features.trainable();
        int done = 0;
        try (FeatureExtractor frozen = features.copy()) {
            for (int epoch = 0; epoch < a.epochs(); epoch++) {
                int[] order = Permutations.shuffled(images.size(), rnd);
                for (int k = 0; k < perEpoch; k++) {
                    List<Image8> targets = new ArrayList<>();
                    List<Image8> inputs = new ArrayList<>();
                    long[] noise = new long[half];
                    for (int i = 0; i < half; i++) {
                        targets.add(images.get(order[2 * half * k + i]));
                        inputs.add(images.get(order[2 * half * k + half + i]));
                        noise[i] = rnd.nextLong();
                    }
                    List<Image8> rebuilt = reconstruct(inputs, targets, a.w(), noise);
                    try (NDManager m = manager.newSubManager()) {
                        // one input per image set, read by both networks (they share the input's geometry)
                        NDArray targetX = features.input(m, targets);
                        NDArray rebuiltX = features.input(m, rebuilt);
                        List<NDArray> targetFrozen = frozen.stages(targetX);
                        List<NDArray> rebuiltFrozen = frozen.stages(rebuiltX);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            List<NDArray> rebuiltNow = features.stagesForTraining(rebuiltX);
                            List<NDArray> targetNow = features.stagesForTraining(targetX);
                            NDArray loss = null;
                            float lambda = (float) a.lambda();
                            for (int l = 0; l < rebuiltNow.size(); l++) {
                                NDArray term = cosineDistance(rebuiltNow.get(l), targetNow.get(l))
                                        .add(cosineDistance(targetNow.get(l), targetFrozen.get(l)).mul(lambda))
                                        .add(cosineDistance(rebuiltNow.get(l), rebuiltFrozen.get(l)).mul(lambda));
                                loss = loss == null ? term : loss.add(term);
                            }
                            gc.backward(loss);
                            lastAdaptLoss = loss.getFloat();
                        }
                        for (Parameter p : params) {
                            // AdamW: the decay shrinks the weight itself, apart from the gradient's moments
                            InPlace.scale(p.getArray(), (float) (1 - lr * a.weightDecay()));
                            WeightUpdate.apply(opt, p.getId(), p.getArray());
                        }
                    }
                    progress.accept(++done / (double) total);
                }
            }
        }
        adaptedSteps = done;
    }

    /** Per image, {@code 1 - cos} of the two arrays' whole values; their mean over the batch. */
    private static NDArray cosineDistance(NDArray a, NDArray b) {
        long n = a.getShape().get(0);
        NDArray x = a.reshape(n, -1);
        NDArray y = b.reshape(n, -1);
        NDArray dot = x.mul(y).sum(new int[] {1});
        NDArray norms = x.square().sum(new int[] {1}).mul(y.square().sum(new int[] {1})).sqrt().maximum(1e-8f);
        return dot.div(norms).neg().add(1).mean();
    }

    private String adaptationNote() {
        Adaptation a = settings.adaptation();
        if (a.epochs() == 0) {
            return "not domain-adapted";
        }
        return String.format(Locale.ROOT, "domain-adapted: %d epochs of batch %d%s, w %.0f, lambda %.1f, AdamW %.0e",
                a.epochs(), a.batch(), adaptedSteps == 0 ? "" : String.format(Locale.ROOT, " (%d steps, final loss "
                        + "%.3f)", adaptedSteps, lastAdaptLoss), a.w(), a.lambda(), a.lr());
    }

    private static boolean finite(float[] v) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    /** {@code start} denoised towards {@code guide}, in [-1, 1], (N, S, S) row-major. */
    private float[] denoised(List<Image8> start, List<Image8> guide, double w, long[] seeds) {
        int side = start.get(0).width();
        int per = side * side;
        int n = start.size();
        float[] x0s = new float[n * per];
        float[] y = new float[n * per];
        SplittableRandom[] noise = new SplittableRandom[n];
        for (int i = 0; i < n; i++) {
            noise[i] = new SplittableRandom(seeds[i]);
            System.arraycopy(pixels(start.get(i)), 0, x0s, i * per, per);
            System.arraycopy(pixels(guide.get(i)), 0, y, i * per, per);
        }
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager m = manager.newSubManager()) {
            Shape shape = new Shape(n, 1, side, side);
            NDArray y0 = m.create(y, shape);
            double a0 = alphaBar[settings.trajectory()];
            NDArray x = m.create(x0s, shape).mul((float) Math.sqrt(a0)).add(m.create(gaussian(noise, per), shape)
                    .mul((float) Math.sqrt(1 - a0)));
            for (int t = settings.trajectory() - settings.skip(); t >= 0; t -= settings.skip()) {
                double at = alphaBar[t];
                double next = t - settings.skip() < 0 ? 1 : alphaBar[t - settings.skip()];
                int[] steps = new int[n];
                Arrays.fill(steps, t);
                NDArray e = net.forward(x, steps);
                NDArray yt = y0.mul((float) Math.sqrt(at)).add(e.mul((float) Math.sqrt(1 - at)));
                NDArray eHat = e.sub(yt.sub(x).mul((float) (w * Math.sqrt(1 - at))));
                NDArray x0 = x.sub(eHat.mul((float) Math.sqrt(1 - at))).div((float) Math.sqrt(at));
                double c1 = Math.sqrt((1 - at / next) * (1 - next) / (1 - at));
                double c2 = Math.sqrt(Math.max(0, (1 - next) - c1 * c1));
                x = x0.mul((float) Math.sqrt(next)).add(eHat.mul((float) c2));
                if (c1 > 0) {
                    x = x.add(m.create(gaussian(noise, per), shape).mul((float) c1));
                }
            }
            return x.toFloatArray();
        } finally {
            JniUtils.setGradMode(recording);
        }
    }

    /** Per image, |x_0 - y| in [-1, 1] pixel units. */
    private static float[][] pixelDistances(List<Image8> images, List<Image8> rebuilt) {
        float[][] out = new float[images.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] a = pixels(images.get(i));
            float[] b = pixels(rebuilt.get(i));
            out[i] = new float[a.length];
            for (int p = 0; p < a.length; p++) {
                out[i][p] = Math.abs(a[p] - b[p]);
            }
        }
        return out;
    }

    /** Per image, 1 - cosine of the backbone's patch features of image and reconstruction, resized to the image. */
    private float[][] featureDistances(List<Image8> images, List<Image8> rebuilt) {
        int side = images.get(0).width();
        FeatureExtractor.Features a = features.extract(images, SCORE_BATCH);
        FeatureExtractor.Features b = features.extract(rebuilt, SCORE_BATCH);
        int cells = a.gridH() * a.gridW();
        int dim = a.dim();
        float[][] out = new float[images.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] fa = a.perImage().get(i);
            float[] fb = b.perImage().get(i);
            float[] grid = new float[cells];
            for (int c = 0; c < cells; c++) {
                double dot = 0;
                double na = 0;
                double nb = 0;
                for (int k = c * dim; k < (c + 1) * dim; k++) {
                    dot += fa[k] * fb[k];
                    na += fa[k] * fa[k];
                    nb += fb[k] * fb[k];
                }
                grid[c] = (float) (1 - dot / Math.max(Math.sqrt(na * nb), 1e-12));
            }
            out[i] = Grids.resize(grid, 1, a.gridH(), a.gridW(), side, side);
        }
        return out;
    }

    private static float[] gaussian(SplittableRandom[] perImage, int per) {
        float[] g = new float[perImage.length * per];
        for (int i = 0; i < perImage.length; i++) {
            for (int p = 0; p < per; p++) {
                g[i * per + p] = (float) perImage[i].nextGaussian();
            }
        }
        return g;
    }

    /** The image's first channel in [-1, 1], row-major. */
    private static float[] pixels(Image8 image) {
        int side = image.width();
        float[] out = new float[side * side];
        for (int p = 0; p < out.length; p++) {
            out[p] = (float) (image.get(p % side, p / side, 0) / 127.5 - 1);
        }
        return out;
    }

    private static float max(float[][] maps) {
        float m = 0;
        for (float[] map : maps) {
            for (float v : map) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    @Override
    public void close() {
        manager.close();
        features.close();
    }
}
