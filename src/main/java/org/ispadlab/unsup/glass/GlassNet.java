package org.ispadlab.unsup.glass;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.SplittableRandom;
import org.ispadlab.unsup.WeightUpdate;

/**
 * GLASS's two trainable parts on the frozen features: the projection ("adaptor", one linear layer, Xavier-normal)
 * and the discriminator ({@code Linear(dim, hidden) + BatchNorm1d + LeakyReLU(0.2) + Linear(hidden, 1, no bias)},
 * whose sigmoid is the anomaly probability). Plain arrays rather than blocks: the gradient ascent of the global
 * synthesis needs the discriminator on detached weights, and the arrays make that one call. Initialised in Java from
 * the seed, so the same seed gives the same bytes; batch norm as torch's (batch statistics while training, running
 * ones, momentum 0.1, otherwise).
 */
final class GlassNet implements AutoCloseable {

    private static final float BN_EPS = 1e-5f;
    private static final float BN_MOMENTUM = 0.1f;

    private final NDManager manager;
    private final NDArray projW;
    private final NDArray projB;
    private final NDArray w1;
    private final NDArray b1;
    private final NDArray gamma;
    private final NDArray beta;
    private final NDArray w2;
    private final NDArray runMean;
    private final NDArray runVar;
    private final List<NDArray> discriminator;
    private final List<NDArray> projection;
    private final Optimizer discriminatorOpt;
    private final Optimizer projectionOpt;

    GlassNet(NDManager parent, int dim, int hidden, long seed, double lrDiscriminator, double lrProjection,
             double wdProjection) {
        manager = parent.newSubManager();
        SplittableRandom r = new SplittableRandom(seed);
        projW = xavier(dim, dim, r);
        projB = uniform(dim, 1 / Math.sqrt(dim), r);
        w1 = xavier(dim, hidden, r);
        b1 = uniform(hidden, 1 / Math.sqrt(dim), r);
        gamma = manager.ones(new Shape(hidden));
        beta = manager.zeros(new Shape(hidden));
        w2 = xavier(hidden, 1, r);
        runMean = manager.zeros(new Shape(hidden));
        runVar = manager.ones(new Shape(hidden));
        discriminator = List.of(w1, b1, gamma, beta, w2);
        projection = List.of(projW, projB);
        for (NDArray p : discriminator) {
            p.setRequiresGradient(true);
        }
        for (NDArray p : projection) {
            p.setRequiresGradient(true);
        }
        discriminatorOpt = Adam.builder().optLearningRateTracker(Tracker.fixed((float) lrDiscriminator)).build();
        projectionOpt = Adam.builder().optLearningRateTracker(Tracker.fixed((float) lrProjection))
                .optWeightDecays((float) wdProjection).build();
    }

    /** The projected features, {@code (n, dim)}. */
    NDArray project(NDArray features) {
        return features.matMul(projW).add(projB);
    }

    /** Discriminator logits {@code (n)}; {@code training}: batch statistics (and running ones updated). */
    NDArray logits(NDArray x, boolean training) {
        return logits(x, training, discriminator);
    }

    /**
     * The discriminator's weights detached, in {@code m}: with them {@link #logits(NDArray, List)} lets no gradient
     * reach the parameters (the gradient ascent of the global synthesis).
     */
    List<NDArray> detached(NDManager m) {
        return discriminator.stream().map(p -> {
            NDArray d = p.stopGradient();
            d.attach(m);
            return d;
        }).toList();
    }

    /** Training-mode logits with {@code weights} from {@link #detached}. */
    NDArray logits(NDArray x, List<NDArray> weights) {
        return logits(x, true, weights);
    }

    private NDArray logits(NDArray x, boolean training, List<NDArray> w) {
        NDArray h = x.matMul(w.get(0)).add(w.get(1));
        NDArray normed;
        if (training) {
            NDArray mean = h.mean(new int[] {0});
            NDArray centred = h.sub(mean);
            NDArray var = centred.square().mean(new int[] {0});
            normed = centred.div(var.add(BN_EPS).sqrt());
            long n = h.getShape().get(0);
            try (NDArray m = mean.stopGradient().mul(BN_MOMENTUM);
                 NDArray v = var.stopGradient().mul(BN_MOMENTUM * n / Math.max(1, n - 1))) {
                runMean.muli(1 - BN_MOMENTUM).addi(m);
                runVar.muli(1 - BN_MOMENTUM).addi(v);
            }
        } else {
            normed = h.sub(runMean).div(runVar.add(BN_EPS).sqrt());
        }
        NDArray a = normed.mul(w.get(2)).add(w.get(3));
        NDArray act = a.maximum(a.mul(0.2f));
        return act.matMul(w.get(4)).reshape(-1);
    }

    /** One Adam step of both parts (the discriminator's and the projection's own settings), gradients cleared. */
    void step() {
        update(discriminatorOpt, discriminator, "d");
        update(projectionOpt, projection, "p");
    }

    private static void update(Optimizer opt, List<NDArray> params, String prefix) {
        for (int i = 0; i < params.size(); i++) {
            WeightUpdate.apply(opt, prefix + i, params.get(i));
        }
    }

    private NDArray xavier(int fanIn, int fanOut, SplittableRandom r) {
        double std = Math.sqrt(2.0 / (fanIn + fanOut));
        float[] v = new float[fanIn * fanOut];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return manager.create(v, new Shape(fanIn, fanOut));
    }

    private NDArray uniform(int n, double bound, SplittableRandom r) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
        return manager.create(v, new Shape(n));
    }

    @Override
    public void close() {
        manager.close();
    }
}
