package org.ispadlab.train;

import org.ispadlab.Scale;
import org.ispadlab.model.Backbone;

/**
 * How a supervised run trains (Sec. 4.2): SGD with momentum 0.9 and weight decay 1e-2, the learning rate
 * between {@code lrMin} and {@code lrMax} under cosine annealing with warm restarts ({@code t0} steps,
 * {@code tMult}), at most {@code maxEpochs} epochs of {@code stepsPerEpoch} batches (0: one pass over the
 * stream), early stopping after {@code patience} epochs without a lower validation loss; on the {@code stream}
 * named (HDF5 or endless); with {@code fineTuneEpochs} > 0 the experiment's rows fine-tune one synthetic-only
 * pretrained model for that many epochs instead of each training from the start weights.
 */
public record TrainConfig(Backbone backbone, int batchSize, int maxEpochs, int stepsPerEpoch, int patience,
                          double lrMax, double lrMin, long t0, int tMult, double momentum, double weightDecay,
                          long seed, int loaderThreads, TrainingStream.Kind stream, int fineTuneEpochs) {

    public TrainConfig {
        if (batchSize < 2 || maxEpochs < 1 || stepsPerEpoch < 0 || patience < 1 || loaderThreads < 1
                || fineTuneEpochs < 0) {
            throw new IllegalArgumentException("need batch >= 2, epochs >= 1, steps per epoch >= 0, patience >= 1, "
                    + "loader threads >= 1 and fine-tuning epochs >= 0; got batch " + batchSize + ", epochs " + maxEpochs
                    + ", steps per epoch " + stepsPerEpoch + ", patience " + patience + ", loader threads "
                    + loaderThreads + ", fine-tuning epochs " + fineTuneEpochs);
        }
        if (!(weightDecay >= 0 && weightDecay <= 1) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("need weight decay in [0, 1] and momentum in [0, 1); got weight decay "
                    + weightDecay + ", momentum " + momentum);
        }
        if (stream == null) {
            throw new IllegalArgumentException("a training stream (hdf5 or endless) is needed");
        }
        new CosineWarmRestarts(lrMax, lrMin, t0, tMult); // validates
    }

    /**
     * The settings of a scale. Paper: batch 128, lr 1e-5..5e-4, T0 = 7813 steps, patience 20 (Sec. 4.2), for
     * fine-tuning ImageNet weights, on the HDF5 stream, every row from the start weights. Workshop and smoke
     * start from random weights, the only ones available offline, and keep every rule but the counts: the endless
     * stream (a fixed stream is memorised), one synthetic-only pretraining that every row then fine-tunes (it
     * stands in for the paper's ImageNet start, so the rows differ only in what is injected), a higher learning
     * rate and the usual from-scratch weight decay; each value and the run that chose it is in the README's
     * Training section. Batch 32 keeps p_inj = 1/32 legal.
     */
    public static TrainConfig forScale(Scale scale) {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return switch (scale) {
            case SMOKE -> new TrainConfig(Backbone.RESNET_18, 32, 2, 2, 2, 2e-2, 1e-4, 4, 1, 0.9, 5e-4, 7, threads,
                    TrainingStream.Kind.ENDLESS, 1);
            case WORKSHOP -> new TrainConfig(Backbone.RESNET_18, 32, WORKSHOP_EPOCHS, WORKSHOP_STEPS, WORKSHOP_EPOCHS,
                    2e-2, 1e-4, (long) WORKSHOP_EPOCHS * WORKSHOP_STEPS, 1, 0.9, 5e-4, 7, threads,
                    TrainingStream.Kind.ENDLESS, WORKSHOP_FINE_TUNE_EPOCHS);
            case PAPER -> new TrainConfig(Backbone.RESNET_18, 128, 200, 0, 20, 5e-4, 1e-5, 7813, 2, 0.9, 1e-2, 7, threads,
                    TrainingStream.Kind.HDF5, 0);
        };
    }

    private static final int WORKSHOP_STEPS = 250;
    private static final int WORKSHOP_EPOCHS = 6;
    private static final int WORKSHOP_FINE_TUNE_EPOCHS = 1;

    public CosineWarmRestarts schedule() {
        return new CosineWarmRestarts(lrMax, lrMin, t0, tMult);
    }

    public TrainConfig withMaxEpochs(int epochs) {
        return new TrainConfig(backbone, batchSize, epochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, loaderThreads, stream, fineTuneEpochs);
    }

    public TrainConfig withStepsPerEpoch(int steps) {
        return new TrainConfig(backbone, batchSize, maxEpochs, steps, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, loaderThreads, stream, fineTuneEpochs);
    }

    public TrainConfig withBatchSize(int batch) {
        return new TrainConfig(backbone, batch, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, loaderThreads, stream, fineTuneEpochs);
    }

    public TrainConfig withLearningRate(double max, double min) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, patience, max, min, t0, tMult,
                momentum, weightDecay, seed, loaderThreads, stream, fineTuneEpochs);
    }

    public TrainConfig withSchedule(long cycleSteps, int mult) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, cycleSteps, mult,
                momentum, weightDecay, seed, loaderThreads, stream, fineTuneEpochs);
    }

    public TrainConfig withPatience(int epochs) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, epochs, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, loaderThreads, stream, fineTuneEpochs);
    }

    public TrainConfig withWeightDecay(double decay) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, decay, seed, loaderThreads, stream, fineTuneEpochs);
    }

    public TrainConfig withBackbone(Backbone b) {
        return new TrainConfig(b, batchSize, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, loaderThreads, stream, fineTuneEpochs);
    }

    public TrainConfig withStream(TrainingStream.Kind kind) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, loaderThreads, kind, fineTuneEpochs);
    }

    /** 0: every row trains from the start weights; n: rows fine-tune a synthetic-only pretrained model n epochs. */
    public TrainConfig withFineTuneEpochs(int epochs) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, loaderThreads, stream, epochs);
    }

    /** The settings a row fine-tunes a pretrained model with: the same rules for {@code fineTuneEpochs} epochs. */
    public TrainConfig fineTuning() {
        if (fineTuneEpochs == 0) {
            throw new IllegalStateException("these settings train every row from the start weights (fineTuneEpochs 0)");
        }
        long cycle = stepsPerEpoch > 0 ? (long) fineTuneEpochs * stepsPerEpoch : t0; // one cosine cycle when known
        return new TrainConfig(backbone, batchSize, fineTuneEpochs, stepsPerEpoch, Math.min(patience, fineTuneEpochs),
                lrMax, lrMin, cycle, 1, momentum, weightDecay, seed, loaderThreads, stream, 0);
    }

    /** Threads that build batches beside the engine's compute threads (they decide no weight, see Trainer). */
    public TrainConfig withLoaderThreads(int threads) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, seed, threads, stream, fineTuneEpochs);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(backbone, batchSize, maxEpochs, stepsPerEpoch, patience, lrMax, lrMin, t0, tMult,
                momentum, weightDecay, s, loaderThreads, stream, fineTuneEpochs);
    }

    /** The settings as text, without what does not change the weights (loader threads: batches are a function of the seed). */
    public String weightsDecidingSettings() {
        return toString().replaceAll(", loaderThreads=\\d+", "");
    }
}
