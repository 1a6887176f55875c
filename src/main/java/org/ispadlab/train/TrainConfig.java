package org.ispadlab.train;

import org.ispadlab.Scale;
import org.ispadlab.model.Backbone;

/**
 * How a supervised run trains (Sec. 4.2): SGD with momentum 0.9 and weight decay 1e-2, the learning rate
 * between {@code lrMin} and {@code lrMax} under cosine annealing with warm restarts ({@code t0} steps,
 * {@code tMult}), at most {@code maxEpochs} epochs of {@code stepsPerEpoch} batches (0: one pass over the
 * stream), early stopping after {@code patience} epochs without a lower validation loss.
 */
public record TrainConfig(Backbone backbone, int batchSize, int maxEpochs, int stepsPerEpoch, int patience,
                          double lrMax, double lrMin, long t0, int tMult, double momentum, double weightDecay,
                          long seed, int loaderThreads) {

    public TrainConfig {
        if (batchSize < 2 || maxEpochs < 1 || stepsPerEpoch < 0 || patience < 1 || loaderThreads < 1) {
            throw new IllegalArgumentException("need batch >= 2, epochs >= 1, steps per epoch >= 0, patience >= 1 "
                    + "and loader threads >= 1; got " + batchSize + ", " + maxEpochs + ", " + stepsPerEpoch + ", "
                    + patience + ", " + loaderThreads);
        }
        new CosineWarmRestarts(lrMax, lrMin, t0, tMult); // validates
    }

    /**
     * The settings of a scale. Paper: batch 128, lr 1e-5..5e-4, T0 = 7813 steps, patience 20 (Sec. 4.2), for
     * fine-tuning ImageNet weights. Workshop and smoke keep every rule and shrink the counts so a run fits a
     * laptop (batch 32 keeps p_inj = 1/32 legal), and start from random weights, the only ones available
     * offline: at 5e-4 such a network barely moves in a workshop's few hundred steps (measured: training loss
     * 0.727 to 0.701 in 4 epochs, chance-level test scores), so they train at 1e-4..2e-2 instead.
     */
    public static TrainConfig forScale(Scale scale) {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return switch (scale) {
            case SMOKE -> new TrainConfig(Backbone.RESNET_18, 32, 2, 2, 2, 2e-2, 1e-4, 2, 2, 0.9, 1e-2, 7, threads);
            case WORKSHOP -> new TrainConfig(Backbone.RESNET_18, 32, 8, 0, 3, 2e-2, 1e-4, 64, 2, 0.9, 1e-2, 7, threads);
            case PAPER -> new TrainConfig(Backbone.RESNET_18, 128, 200, 0, 20, 5e-4, 1e-5, 7813, 2, 0.9, 1e-2, 7, threads);
        };
    }

    public CosineWarmRestarts schedule() {
        return new CosineWarmRestarts(lrMax, lrMin, t0, tMult);
    }

    public TrainConfig withMaxEpochs(int epochs) {
        return new TrainConfig(backbone, batchSize, epochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, loaderThreads);
    }

    public TrainConfig withStepsPerEpoch(int steps) {
        return new TrainConfig(backbone, batchSize, maxEpochs, steps, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, loaderThreads);
    }

    public TrainConfig withBatchSize(int batch) {
        return new TrainConfig(backbone, batch, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, loaderThreads);
    }

    public TrainConfig withLearningRate(double max, double min) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, patience, max, min, t0, tMult,
                momentum, weightDecay, seed, loaderThreads);
    }

    public TrainConfig withSchedule(long cycleSteps, int mult) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, cycleSteps, mult,
                momentum, weightDecay, seed, loaderThreads);
    }

    public TrainConfig withPatience(int epochs) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, epochs, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, loaderThreads);
    }

    public TrainConfig withWeightDecay(double decay) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, decay, seed, loaderThreads);
    }

    public TrainConfig withBackbone(Backbone b) {
        return new TrainConfig(b, batchSize, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, loaderThreads);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, s, loaderThreads);
    }
}
