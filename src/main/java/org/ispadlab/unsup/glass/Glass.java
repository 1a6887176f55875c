package org.ispadlab.unsup.glass;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
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
import org.ispadlab.unsup.Quantile;
import org.ispadlab.unsup.Scores;

/**
 * GLASS (Chen et al., ECCV 2024), as its reference code trains it, on the lab's frozen backbone: patch features
 * ({@link FeatureExtractor}, layer2+layer3, 3x3 aggregation), a trainable projection and a discriminator
 * ({@link GlassNet}) that learns to tell the fault-free features from two kinds of synthetic anomaly:
 * <ul>
 *   <li>global synthesis (GAS): the fault-free features plus Gaussian noise (sigma 0.015), pushed by gradient
 *       ascent on the discriminator's loss (20 steps of 0.001 along the normalised gradient) and every 5 steps
 *       projected back onto the shell between r and 2r around the per-position centre of the normal features
 *       (the hypersphere variant; r the 0.75 quantile of the normal features' distances to it), so they stay near
 *       normality: hard negatives;</li>
 *   <li>local synthesis (LAS, {@link LocalSynthesis}): Perlin-shaped texture blends on the image, whose features
 *       inside the mask are projected onto the shell between 2r and 4r and scored with a focal loss (gamma 2) on
 *       the hardest half of the patches.</li>
 * </ul>
 * Loss {@code BCE(normal, 0) + BCE(GAS, 1) + focal(LAS, mask)}; Adam 2e-4 for the discriminator, 1e-4 with weight
 * decay 1e-5 for the projection (the reference: AdamW and Adam). The patch score is the discriminator's logit (the
 * sigmoid's order without its saturation), the map it resized and blurred (sigma 4 at 256 px), the image score the
 * highest patch score. Differences to the paper's GLASS, each for a reason: the backbone is the lab's (the paper:
 * ImageNet Wide-ResNet-50-2, 1536-d features; here the hidden layer keeps the reference's 2/3 of the feature
 * width), textures are procedural (DTD cannot be had offline), the epochs are fewer (the reference: 640), and the
 * last epoch is kept (the reference picks the best epoch on the test set).
 */
public final class Glass implements AnomalyDetector {

    /** The reference's settings, but for {@code epochs} (scaled to the budget). */
    public record Settings(int epochs, int batch, int ascentSteps, double noise, double radius, double mining,
                           double lrDiscriminator, double lrProjection, double wdProjection, long seed) {
        public Settings {
            if (epochs < 1 || batch < 1 || ascentSteps < 0) {
                throw new IllegalArgumentException("GLASS needs epochs >= 1, batch >= 1 and ascent steps >= 0");
            }
        }

        public static Settings defaults(long seed) {
            return new Settings(10, 8, 20, 0.015, 0.75, 0.5, 2e-4, 1e-4, 1e-5, seed);
        }

        public Settings withEpochs(int e) {
            return new Settings(e, batch, ascentSteps, noise, radius, mining, lrDiscriminator, lrProjection,
                    wdProjection, seed);
        }
    }

    private static final int FEATURE_BATCH = 32;
    private static final float ASCENT_STEP = 0.001f;

    private final FeatureExtractor features;
    private final Settings settings;
    private final NDManager manager;
    private GlassNet net;
    private int dim;
    private int hidden;

    public Glass(FeatureExtractor features, Settings settings) {
        this.features = features;
        this.settings = settings;
        this.manager = features.backbone().manager().newSubManager();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "GLASS: %s; projection %s, discriminator hidden %s; %d epochs of batch "
                        + "%d, GAS %d ascent steps (hypersphere), LAS with Perlin masks and procedural textures (DTD "
                        + "offline: not available), last epoch kept", features.describe(), dim == 0 ? "d x d" : dim + "x" + dim,
                hidden == 0 ? "2/3 d" : Integer.toString(hidden), settings.epochs(), settings.batch(),
                settings.ascentSteps());
    }

    @Override
    public void fit(List<Image8> faultFree, DoubleConsumer progress) {
        FeatureExtractor.Features f = features.extract(faultFree, FEATURE_BATCH);
        dim = f.dim();
        hidden = Math.max(16, dim * 2 / 3);
        int n = faultFree.size();
        if (net != null) {
            net.close();
        }
        net = new GlassNet(manager, dim, hidden, settings.seed(), settings.lrDiscriminator(),
                settings.lrProjection(), settings.wdProjection());
        SplittableRandom rnd = new SplittableRandom(settings.seed() + 1);
        int steps = (n + settings.batch() - 1) / settings.batch();
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            try (NDManager em = manager.newSubManager()) {
                NDArray centre = centre(em, f);
                int[] order = Permutations.shuffled(n, rnd);
                for (int s = 0; s < steps; s++) {
                    int from = s * settings.batch();
                    int[] chosen = Arrays.copyOfRange(order, from, Math.min(n, from + settings.batch()));
                    step(em, f, faultFree, chosen, centre, rnd);
                    progress.accept((epoch + (s + 1.0) / steps) / settings.epochs());
                }
            }
        }
    }

    /** The mean projected fault-free feature at every grid position, {@code (positions, dim)}. */
    private NDArray centre(NDManager em, FeatureExtractor.Features f) {
        int positions = f.positions();
        NDArray sum = em.zeros(new Shape(positions, dim));
        for (float[] image : f.perImage()) {
            try (NDManager m = em.newSubManager()) {
                NDArray p = net.project(m.create(image, new Shape(positions, dim))).stopGradient();
                sum.addi(p);
            }
        }
        return sum.divi(f.perImage().size());
    }

    private void step(NDManager em, FeatureExtractor.Features f, List<Image8> images, int[] chosen, NDArray centre,
                      SplittableRandom rnd) {
        int positions = f.positions();
        int rows = chosen.length * positions;
        float[] trueRows = new float[rows * dim];
        List<Image8> fakes = new ArrayList<>();
        float[] gridMask = new float[rows];
        for (int k = 0; k < chosen.length; k++) {
            System.arraycopy(f.perImage().get(chosen[k]), 0, trueRows, k * positions * dim, positions * dim);
            LocalSynthesis.Sample las = LocalSynthesis.apply(images.get(chosen[k]), f.gridH(), f.gridW(), rnd);
            fakes.add(las.image());
            for (int p = 0; p < positions; p++) {
                gridMask[k * positions + p] = las.gridMask()[p] ? 1 : 0;
            }
        }
        float[] fakeRows = new float[rows * dim];
        List<float[]> fakeFeatures = features.extract(fakes, FEATURE_BATCH).perImage();
        for (int k = 0; k < chosen.length; k++) {
            System.arraycopy(fakeFeatures.get(k), 0, fakeRows, k * positions * dim, positions * dim);
        }
        float[] noise = new float[rows * dim];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (rnd.nextGaussian() * settings.noise());
        }
        try (NDManager m = em.newSubManager()) {
            NDArray trueX = m.create(trueRows, new Shape(rows, dim));
            NDArray fakeX = m.create(fakeRows, new Shape(rows, dim));
            NDArray mask = m.create(gridMask, new Shape(rows, 1));
            NDArray c = centre.tile(new long[] {chosen.length, 1});
            // the radius r: the 0.75 quantile of the distances to the centre of the normal features and of the
            // synthetic images' features outside their masks
            NDArray t0 = net.project(trueX).stopGradient();
            NDArray k0 = net.project(fakeX).stopGradient();
            float[] dt = t0.sub(c).norm(new int[] {1}).toFloatArray();
            float[] dk = k0.sub(c).norm(new int[] {1}).toFloatArray();
            float r = radius(dt, dk, gridMask);
            NDArray delta = ascent(m, t0, m.create(noise, new Shape(rows, dim)), c, r).sub(t0);
            // LAS features inside the mask: onto the shell [2r, 4r] around the centre (scale factor detached)
            NDArray h0 = k0.sub(c);
            NDArray norm = h0.norm(new int[] {1}, true);
            NDArray factor = norm.clip(2 * r, 4 * r).div(norm.add(1e-10f));
            NDArray keep = mask.mul(factor).add(mask.neg().add(1)).stopGradient();
            NDArray cm = c.mul(mask);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray t = net.project(trueX);
                NDArray fake = net.project(fakeX);
                NDArray las = cm.add(fake.sub(cm).mul(keep));
                // normal and GAS features in one batch, as the reference: batch norm then sees both
                NDArray both = net.logits(t.concat(t.add(delta), 0), true);
                NDArray loss = bce(both.get("0:" + rows), 0).add(bce(both.get(rows + ":"), 1))
                        .add(focal(m, net.logits(las, true), mask.reshape(-1), gridMask));
                gc.backward(loss);
            }
            net.step();
        }
    }

    /**
     * GAS: noise, then gradient ascent on the discriminator's anomaly loss with the truncated projection. Each
     * iteration's intermediates are freed at once: 20 iterations over thousands of features must not pile up.
     */
    private NDArray ascent(NDManager m, NDArray normal, NDArray noise, NDArray c, float r) {
        List<NDArray> weights = net.detached(m);
        NDArray gaus = normal.add(noise);
        for (int s = 0; s < settings.ascentSteps(); s++) {
            NDArray next;
            try (NDManager it = m.newSubManager()) {
                NDArray x = gaus.stopGradient();
                x.attach(it);
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray both = net.logits(normal.concat(x, 0), weights);
                    gc.backward(bce(both.get(normal.getShape().get(0) + ":"), 1));
                }
                NDArray grad = x.getGradient();
                grad.attach(it);
                NDArray unit = grad.div(grad.norm(new int[] {1}, true).add(1e-10f));
                next = unit.mul(ASCENT_STEP).add(x.stopGradient());
                if ((s + 1) % 5 == 0) {
                    NDArray h = next.sub(c);
                    NDArray norm = h.norm(new int[] {1}, true);
                    next = h.mul(norm.clip(r, 2 * r).div(norm.add(1e-10f))).add(c);
                }
                next.attach(m);
            }
            gaus.close();
            gaus = next;
        }
        return gaus;
    }

    private float radius(float[] normal, float[] fake, float[] mask) {
        float[] all = new float[normal.length + fake.length];
        int n = 0;
        for (float v : normal) {
            all[n++] = v;
        }
        for (int i = 0; i < fake.length; i++) {
            if (mask[i] == 0) {
                all[n++] = fake[i];
            }
        }
        return Quantile.of(Arrays.copyOf(all, n), settings.radius());
    }

    /** Binary cross-entropy of sigmoid(logits) against a constant label, from the logits (stable). */
    private static NDArray bce(NDArray logits, int label) {
        NDArray softplus = logits.maximum(0).add(logits.abs().neg().exp().add(1).log());
        return (label == 1 ? softplus.sub(logits) : softplus).mean();
    }

    /**
     * Focal loss (gamma 2) on the patches whose squared error is at least its {@code mining} quantile: GLASS's hard
     * mining of the local synthesis.
     */
    private NDArray focal(NDManager m, NDArray logits, NDArray target, float[] targetValues) {
        float[] p = ai.djl.nn.Activation.sigmoid(logits.stopGradient()).toFloatArray();
        float[] err = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            err[i] = (p[i] - targetValues[i]) * (p[i] - targetValues[i]);
        }
        float cut = Quantile.of(err, settings.mining());
        float[] hard = new float[p.length];
        int count = 0;
        for (int i = 0; i < p.length; i++) {
            if (err[i] >= cut) {
                hard[i] = 1;
                count++;
            }
        }
        NDArray selected = m.create(hard);
        // log p_t from the logits: log sigmoid(z) for a positive, log sigmoid(-z) for a negative
        NDArray signed = logits.mul(target.mul(2).sub(1));
        NDArray logPt = signed.minimum(0).sub(signed.abs().neg().exp().add(1).log());
        NDArray pt = logPt.exp();
        NDArray loss = pt.neg().add(1).square().mul(logPt).neg();
        return loss.mul(selected).sum().div(Math.max(1, count));
    }

    @Override
    public Scores score(List<Image8> images) {
        if (net == null) {
            throw new IllegalStateException("GLASS is not fitted: call fit on fault-free images first");
        }
        int side = images.get(0).width();
        float[] imageScores = new float[images.size()];
        List<float[]> maps = new ArrayList<>();
        for (int from = 0; from < images.size(); from += FEATURE_BATCH) {
            List<Image8> chunk = images.subList(from, Math.min(images.size(), from + FEATURE_BATCH));
            FeatureExtractor.Features f = features.extract(chunk, FEATURE_BATCH);
            for (int i = 0; i < chunk.size(); i++) {
                float[] grid;
                try (NDManager m = manager.newSubManager()) {
                    NDArray x = m.create(f.perImage().get(i), new Shape(f.positions(), dim));
                    grid = net.logits(net.project(x), false).toFloatArray();
                }
                imageScores[from + i] = Scores.maximum(grid);
                maps.add(Grids.toImageMap(grid, f.gridH(), f.gridW(), side));
            }
        }
        return new Scores(imageScores, maps, side);
    }

    @Override
    public void close() {
        manager.close();
        features.close();
    }
}
