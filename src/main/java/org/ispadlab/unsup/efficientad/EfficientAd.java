package org.ispadlab.unsup.efficientad;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
import org.ispadlab.unsup.ConvStack;
import org.ispadlab.unsup.FeatureExtractor;
import org.ispadlab.unsup.Grids;
import org.ispadlab.unsup.Permutations;
import org.ispadlab.unsup.Quantile;
import org.ispadlab.unsup.Scores;

/**
 * Efficient-AD (Batzner et al., WACV 2024), the paper's strongest unsupervised method on ISP-AD, as its reference
 * code (nelson1425/EfficientAD, followed by anomalib) trains it:
 * <ul>
 *   <li>a teacher PDN ({@link Pdn}) distilled from a frozen backbone's patch features (layer2+layer3, 3x3
 *       aggregation, channels averaged to 384 and standardised; the backbone sees the image at twice the teacher's
 *       side, the teacher pads), then frozen; its outputs standardised per channel over the training images;</li>
 *   <li>a student PDN with 768 channels: the first 384 imitate the teacher on fault-free images with the hard feature
 *       loss (the squared differences at or above their 0.999 quantile), plus a penalty that keeps them at zero on
 *       images unlike the training ones; the other 384 imitate the autoencoder;</li>
 *   <li>an autoencoder ({@link AutoEncoder}) that reconstructs the teacher's output through a 64-value code, on images
 *       with colour jitter; it finds logical anomalies (things in the wrong place), the student structural ones.</li>
 * </ul>
 * Adam (the reference: 1e-4) with weight decay 1e-5, the learning rate divided by 10 after 95 % of the steps. Anomaly
 * map: the student-teacher and the student-autoencoder squared differences averaged over channels, each normalised by
 * its 0.9 and 0.995 quantiles on a held-out 10 % of the fault-free training images, averaged, resized to the image
 * (unpadded networks: padded by 4 cells of no difference first, as anomalib); the image score its maximum. Where the
 * lab differs from the paper, and why: the teacher is distilled from the lab's backbone (the paper's from ImageNet
 * Wide-ResNet-101-2 on ImageNet; neither can be had offline) on the training images and the generic images below; the
 * penalty images are fault-free patches of the other modalities (in place of ImageNet: images unlike the ones being
 * learned); the steps are fewer (the reference: 70,000, and 60,000 for the teacher).
 */
public final class EfficientAd implements AnomalyDetector {

    /** The reference's settings, but for the step counts (scaled to the budget). */
    public record Settings(Pdn.Size size, int teacherChannels, int distillSteps, int distillBatch, int steps, int batch,
                           double lr, double weightDecay, double hardQuantile, boolean penalty, boolean padding,
                           int inputScale, long seed) {
        public Settings {
            if (distillSteps < 1 || distillBatch < 1 || steps < 1 || batch < 1 || teacherChannels < 1
                    || inputScale < 1) {
                throw new IllegalArgumentException("Efficient-AD needs steps, batches, channels and input scale >= 1");
            }
        }

        /**
         * Efficient-AD-S with the reference's rates and batches; {@code distillSteps} for the teacher, {@code steps}
         * for student and autoencoder; the networks unpadded, as the reference.
         */
        public static Settings small(int distillSteps, int steps, long seed) {
            return new Settings(Pdn.Size.SMALL, 384, distillSteps, 16, steps, 1, 1e-4, 1e-5, 0.999, true, false, 1,
                    seed);
        }

        /** The same with PDN-M (Efficient-AD-M). */
        public Settings medium() {
            return new Settings(Pdn.Size.MEDIUM, teacherChannels, distillSteps, distillBatch, steps, batch, lr,
                    weightDecay, hardQuantile, penalty, padding, inputScale, seed);
        }

        /**
         * With the networks padded while training and scoring too (the teacher is distilled padded either way): the
         * output then covers the whole image, where the unpadded one leaves out a border of 32 px of the network's
         * input (4 output cells); fine at the reference's 256 px, but 44 % of a 64 px patch.
         */
        public Settings withPadding(boolean on) {
            return new Settings(size, teacherChannels, distillSteps, distillBatch, steps, batch, lr, weightDecay,
                    hardQuantile, penalty, on, inputScale, seed);
        }

        /** With another learning rate, for both the teacher and the student with the autoencoder. */
        public Settings withLearningRate(double learningRate) {
            return new Settings(size, teacherChannels, distillSteps, distillBatch, steps, batch, learningRate,
                    weightDecay, hardQuantile, penalty, padding, inputScale, seed);
        }

        /**
         * With the networks' input enlarged {@code scale} times from the image (bilinear; the backbone the teacher
         * learns from sees twice that): 1 is the reference at its 256 px.
         */
        public Settings withInputScale(int scale) {
            return new Settings(size, teacherChannels, distillSteps, distillBatch, steps, batch, lr, weightDecay,
                    hardQuantile, penalty, padding, scale, seed);
        }

        public String title() {
            return size == Pdn.Size.SMALL ? "Efficient-AD-S" : "Efficient-AD-M";
        }
    }

    /** Share of the fault-free training images held out for the map quantiles (the reference: 10 %). */
    static final double QUANTILE_SHARE = 0.1;
    private static final int FEATURE_BATCH = 16;
    /** Distillation images that fix the targets' channel statistics (the reference: 10,000 of ImageNet). */
    private static final int STATISTICS_IMAGES = 64;

    private final FeatureExtractor features;
    private final Settings settings;
    private final List<Image8> generic;
    private final NDManager manager;
    private Pdn teacher;
    private Pdn student;
    private AutoEncoder autoencoder;
    private NDArray teacherMean;
    private NDArray teacherStd;
    private float[] quantiles;
    private int work;
    /** The autoencoder's input side: the networks' own, but at least the 128 px its code's kernel needs. */
    private int aeSide;
    private int outSide;
    private double distillLoss = Double.NaN;

    /**
     * @param features the frozen backbone the teacher is distilled from (owned: closed with this detector)
     * @param generic images unlike the ones to learn (the penalty's and, with the training images, the teacher's)
     */
    public EfficientAd(FeatureExtractor features, Settings settings, List<Image8> generic) {
        this.features = features;
        this.settings = settings;
        this.generic = List.copyOf(generic);
        this.manager = features.backbone().manager().newSubManager();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s: teacher PDN distilled from %s (%d steps of batch %d on the training "
                        + "images and %d fault-free patches of other modalities%s); student and autoencoder %d steps "
                        + "of batch %d%s, Adam %.0e, hard feature loss at the %s quantile, %s; input %s, maps "
                        + "normalised on %d %% of the fault-free training images%s", settings.title(),
                features.describe(), settings.distillSteps(), settings.distillBatch(), generic.size(),
                Double.isNaN(distillLoss) ? "" : String.format(Locale.ROOT, ", final MSE %.3f", distillLoss)
                        + teacher.convs().skippedNote(),
                settings.steps(), settings.batch(), student == null ? "" : student.convs().skippedNote(),
                settings.lr(), settings.hardQuantile(),
                penalty() ? "penalty on the other modalities' patches (ImageNet offline: not available)"
                        : "no penalty (no images unlike the training ones)",
                work + " px" + (aeSide > work ? " (the autoencoder's " + aeSide + " px)" : ""),
                Math.round(100 * QUANTILE_SHARE), settings.padding() ? "; networks padded (the output covers the "
                        + "whole patch)" : "");
    }

    @Override
    public void fit(List<Image8> faultFree, DoubleConsumer progress) {
        int side = faultFree.get(0).width();
        work = side * settings.inputScale();
        aeSide = Math.max(work, 128);
        outSide = settings.padding() ? work / 4 : work / 4 - 8;
        SplittableRandom rnd = new SplittableRandom(settings.seed());
        List<Image8> shuffled = new ArrayList<>();
        for (int i : Permutations.shuffled(faultFree.size(), rnd)) {
            shuffled.add(faultFree.get(i));
        }
        int held = Math.max(1, (int) Math.round(shuffled.size() * QUANTILE_SHARE));
        if (shuffled.size() - held < 1) {
            throw new IllegalArgumentException("Efficient-AD needs at least 2 fault-free images, got "
                    + faultFree.size());
        }
        List<Image8> quantileImages = shuffled.subList(0, held);
        List<Image8> train = shuffled.subList(held, shuffled.size());
        closeNetworks();
        int c = features.backbone().channels();
        teacher = new Pdn(manager, "t", settings.size(), c, settings.teacherChannels(), rnd.split());
        student = new Pdn(manager, "s", settings.size(), c, 2 * settings.teacherChannels(), rnd.split());
        autoencoder = new AutoEncoder(manager, c, settings.teacherChannels(), aeSide, outSide, rnd.split());
        List<Image8> distillImages = new ArrayList<>(train);
        distillImages.addAll(generic);
        distil(distillImages, rnd.split(), p -> progress.accept(0.4 * p));
        teacher.convs().trainable(false);
        teacherStatistics(train);
        train(train, rnd.split(), p -> progress.accept(0.4 + 0.55 * p));
        quantiles = quantiles(quantileImages);
        progress.accept(1.0);
    }

    /** The teacher learns the backbone's standardised patch features (MSE, padding on, as the reference). */
    private void distil(List<Image8> images, SplittableRandom rnd, DoubleConsumer progress) {
        int scale = 2 * settings.inputScale();
        List<Image8> sample = new ArrayList<>();
        for (int i = 0; i < Math.min(STATISTICS_IMAGES, images.size()); i++) {
            sample.add(images.get(rnd.nextInt(images.size())));
        }
        float[][] stats = channelStatistics(features.extract(sample, FEATURE_BATCH, scale));
        Optimizer opt = adam(settings.distillSteps());
        for (int s = 0; s < settings.distillSteps(); s++) {
            List<Image8> batch = new ArrayList<>();
            for (int i = 0; i < settings.distillBatch(); i++) {
                batch.add(images.get(rnd.nextInt(images.size())));
            }
            FeatureExtractor.Features f = features.extract(batch, FEATURE_BATCH, scale);
            try (NDManager m = manager.newSubManager()) {
                NDArray target = m.create(targets(f, stats), new Shape(batch.size(), settings.teacherChannels(),
                        f.gridH(), f.gridW()));
                NDArray x = features.input(m, batch, work);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = teacher.forward(x, true);
                    if (out.getShape().get(2) != f.gridH()) {
                        throw new IllegalStateException("the teacher's grid " + out.getShape() + " does not match the "
                                + "backbone's " + f.gridH() + "x" + f.gridW());
                    }
                    NDArray loss = out.sub(target).square().mean();
                    gc.backward(loss);
                    if (s == settings.distillSteps() - 1) {
                        distillLoss = loss.getFloat();
                    }
                }
                teacher.convs().stepIfFinite(opt);
            }
            progress.accept((s + 1.0) / settings.distillSteps());
        }
    }

    /** Per output channel (after averaging the backbone's channels down), mean and std over the sample's positions. */
    private float[][] channelStatistics(FeatureExtractor.Features f) {
        int c = settings.teacherChannels();
        double[] sum = new double[c];
        double[] sq = new double[c];
        long n = 0;
        for (float[] image : f.perImage()) {
            for (int p = 0; p < f.positions(); p++) {
                float[] v = pooled(image, p * f.dim(), f.dim(), c);
                for (int k = 0; k < c; k++) {
                    sum[k] += v[k];
                    sq[k] += (double) v[k] * v[k];
                }
                n++;
            }
        }
        return meanAndStd(sum, sq, n);
    }

    /** Per channel, from sums and sums of squares over {@code n} values: {mean, std}. */
    private static float[][] meanAndStd(double[] sum, double[] sq, long n) {
        float[][] out = new float[2][sum.length];
        for (int k = 0; k < sum.length; k++) {
            double mean = sum[k] / n;
            out[0][k] = (float) mean;
            out[1][k] = (float) Math.sqrt(Math.max(1e-12, sq[k] / n - mean * mean));
        }
        return out;
    }

    /** The teacher's targets, (N, C, H, W): channels averaged to C (adaptive pooling) and standardised. */
    private float[] targets(FeatureExtractor.Features f, float[][] stats) {
        int c = settings.teacherChannels();
        int positions = f.positions();
        float[] out = new float[f.perImage().size() * c * positions];
        for (int n = 0; n < f.perImage().size(); n++) {
            float[] image = f.perImage().get(n);
            for (int p = 0; p < positions; p++) {
                float[] v = pooled(image, p * f.dim(), f.dim(), c);
                for (int k = 0; k < c; k++) {
                    out[(n * c + k) * positions + p] = (v[k] - stats[0][k]) / stats[1][k];
                }
            }
        }
        return out;
    }

    /** torch's adaptive_avg_pool1d of {@code dim} values from {@code from} to {@code c}. */
    static float[] pooled(float[] row, int from, int dim, int c) {
        float[] out = new float[c];
        for (int k = 0; k < c; k++) {
            int start = (int) Math.floor((double) k * dim / c);
            int end = (int) Math.ceil((double) (k + 1) * dim / c);
            float s = 0;
            for (int i = start; i < end; i++) {
                s += row[from + i];
            }
            out[k] = s / (end - start);
        }
        return out;
    }

    /** The frozen teacher's per-channel mean and std over the training images (padded or not, as it is used). */
    private void teacherStatistics(List<Image8> train) {
        int c = settings.teacherChannels();
        double[] sum = new double[c];
        double[] sq = new double[c];
        long n = 0;
        for (int from = 0; from < train.size(); from += FEATURE_BATCH) {
            try (NDManager m = manager.newSubManager()) {
                NDArray t = teacher.forward(features.input(m, train.subList(from, Math.min(train.size(),
                        from + FEATURE_BATCH)), work), false);
                float[] s = t.sum(new int[] {0, 2, 3}).toFloatArray();
                float[] q = t.square().sum(new int[] {0, 2, 3}).toFloatArray();
                for (int k = 0; k < c; k++) {
                    sum[k] += s[k];
                    sq[k] += q[k];
                }
                n += t.getShape().get(0) * t.getShape().get(2) * t.getShape().get(3);
            }
        }
        float[][] stats = meanAndStd(sum, sq, n);
        if (teacherMean != null) {
            teacherMean.close();
            teacherStd.close();
        }
        teacherMean = manager.create(stats[0], new Shape(1, c, 1, 1));
        teacherStd = manager.create(stats[1], new Shape(1, c, 1, 1));
    }

    private NDArray teacherOut(NDArray x) {
        return teacher.forward(x, settings.padding()).sub(teacherMean).div(teacherStd);
    }

    /** The student and the autoencoder: hard feature loss + penalty + autoencoder + student-autoencoder losses. */
    private void train(List<Image8> train, SplittableRandom rnd, DoubleConsumer progress) {
        Optimizer opt = adam(settings.steps());
        int c = settings.teacherChannels();
        String first = ":, 0:" + c;
        String second = ":, " + c + ":";
        for (int s = 0; s < settings.steps(); s++) {
            List<Image8> batch = new ArrayList<>();
            List<Image8> jittered = new ArrayList<>();
            for (int i = 0; i < settings.batch(); i++) {
                Image8 img = train.get(rnd.nextInt(train.size()));
                batch.add(img);
                jittered.add(ColourJitter.apply(img, rnd));
            }
            Image8 penaltyImage = penalty() ? generic.get(rnd.nextInt(generic.size())) : null;
            try (NDManager m = manager.newSubManager()) {
                // one batch through each network: the images, their jittered copies (and the penalty image)
                int b = batch.size();
                NDArray x = features.input(m, batch, work).concat(features.input(m, jittered, work), 0);
                NDArray t = teacherOut(x).stopGradient();
                NDArray xs = penaltyImage == null ? x : x.concat(features.input(m, List.of(penaltyImage), work), 0);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = student.forward(xs, settings.padding());
                    NDArray d = t.get("0:" + b).sub(out.get("0:" + b).get(first)).square();
                    NDArray loss = hardLoss(d, settings.hardQuantile());
                    if (penaltyImage != null) {
                        loss = loss.add(out.get(2 * b + ":").get(first).square().mean());
                    }
                    NDArray ae = autoencoder.forward(aeSide == work ? x.get(b + ":")
                            : features.input(m, jittered, aeSide), rnd);
                    NDArray sAe = out.get(b + ":" + 2 * b).get(second);
                    loss = loss.add(t.get(b + ":").sub(ae).square().mean()).add(ae.sub(sAe).square().mean());
                    gc.backward(loss);
                }
                ConvStack.stepIfFinite(opt, student.convs(), autoencoder.convs());
            }
            progress.accept((s + 1.0) / settings.steps());
        }
    }

    /** The penalty runs when asked for and when there are images to run it on (the reference's variant without). */
    private boolean penalty() {
        return settings.penalty() && !generic.isEmpty();
    }

    /** The mean of the squared differences at or above their {@code q} quantile (the reference: 0.999). */
    private static NDArray hardLoss(NDArray d, double q) {
        float[] values = d.stopGradient().toFloatArray();
        float cut = Quantile.of(values, q);
        int count = 0;
        for (float v : values) {
            if (v >= cut) {
                count++;
            }
        }
        return d.mul(d.gte(cut).toType(DataType.FLOAT32, false)).sum().div(count);
    }

    private Optimizer adam(int steps) {
        float lr = (float) settings.lr();
        int drop = (int) (0.95 * steps);
        Tracker stepLr = n -> n < drop ? lr : lr * 0.1f;
        return Adam.builder().optLearningRateTracker(stepLr)
                .optWeightDecays((float) settings.weightDecay()).build();
    }

    /** The 0.9 and 0.995 quantiles of both raw maps over {@code images}: qa_st, qb_st, qa_ae, qb_ae. */
    private float[] quantiles(List<Image8> images) {
        List<float[][]> maps = rawMaps(images);
        int per = outSide * outSide;
        float[] st = new float[maps.size() * per];
        float[] ae = new float[maps.size() * per];
        for (int i = 0; i < maps.size(); i++) {
            System.arraycopy(maps.get(i)[0], 0, st, i * per, per);
            System.arraycopy(maps.get(i)[1], 0, ae, i * per, per);
        }
        return new float[] {Quantile.of(st, 0.9), Quantile.of(st, 0.995), Quantile.of(ae, 0.9), Quantile.of(ae, 0.995)};
    }

    /** Per image: the student-teacher and the student-autoencoder map, {@code outSide^2} each. */
    private List<float[][]> rawMaps(List<Image8> images) {
        int c = settings.teacherChannels();
        List<float[][]> out = new ArrayList<>();
        for (int from = 0; from < images.size(); from += FEATURE_BATCH) {
            List<Image8> chunk = images.subList(from, Math.min(images.size(), from + FEATURE_BATCH));
            try (NDManager m = manager.newSubManager()) {
                NDArray x = features.input(m, chunk, work);
                NDArray t = teacherOut(x);
                NDArray s = student.forward(x, settings.padding());
                NDArray a = autoencoder.forward(aeSide == work ? x : features.input(m, chunk, aeSide), null);
                float[] st = t.sub(s.get(":, 0:" + c)).square().mean(new int[] {1}).toFloatArray();
                float[] ae = a.sub(s.get(":, " + c + ":")).square().mean(new int[] {1}).toFloatArray();
                int per = outSide * outSide;
                for (int i = 0; i < chunk.size(); i++) {
                    out.add(new float[][] {Arrays.copyOfRange(st, i * per, (i + 1) * per),
                            Arrays.copyOfRange(ae, i * per, (i + 1) * per)});
                }
            }
        }
        return out;
    }

    @Override
    public Scores score(List<Image8> images) {
        if (quantiles == null) {
            throw new IllegalStateException("Efficient-AD is not fitted: call fit on fault-free images first");
        }
        int side = images.get(0).width();
        // unpadded, the output lies 4 cells inside the image: padded back with zeros (no difference), as anomalib
        int pad = settings.padding() ? 0 : 4;
        int full = outSide + 2 * pad;
        float zeroSt = 0.1f * -quantiles[0] / (quantiles[1] - quantiles[0]);
        float zeroAe = 0.1f * -quantiles[2] / (quantiles[3] - quantiles[2]);
        List<float[]> maps = new ArrayList<>();
        for (float[][] raw : rawMaps(images)) {
            float[] grid = new float[full * full];
            Arrays.fill(grid, 0.5f * zeroSt + 0.5f * zeroAe);
            for (int y = 0; y < outSide; y++) {
                for (int x = 0; x < outSide; x++) {
                    int p = y * outSide + x;
                    float st = 0.1f * (raw[0][p] - quantiles[0]) / (quantiles[1] - quantiles[0]);
                    float ae = 0.1f * (raw[1][p] - quantiles[2]) / (quantiles[3] - quantiles[2]);
                    grid[(y + pad) * full + x + pad] = 0.5f * st + 0.5f * ae;
                }
            }
            maps.add(Grids.resize(grid, 1, full, full, side, side));
        }
        return Scores.fromMaps(maps, side);
    }

    private void closeNetworks() {
        for (AutoCloseable n : new AutoCloseable[] {teacher, student, autoencoder}) {
            if (n != null) {
                try {
                    n.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Override
    public void close() {
        manager.close();
        features.close();
    }
}
