package org.ispadlab.train;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.io.Prefetcher;
import org.ispadlab.model.Classifier;

/**
 * The supervised training loop of Sec. 4.2: SGD (PyTorch's rule) under cosine warm restarts, validation loss
 * after every epoch, the best epoch's weights kept, early stopping after {@code patience} epochs without
 * improvement, a checkpoint after every epoch in the run's folder. A run whose folder already holds a
 * checkpoint resumes from it, and ends with the same weights an uninterrupted run would (same seed, same
 * device). A thread interrupt (the notebook's stop button) ends the run after the current step, with the best
 * weights so far loaded.
 */
public final class Trainer {

    private final TrainConfig config;

    public Trainer(TrainConfig config) {
        this.config = config;
    }

    public TrainConfig config() {
        return config;
    }

    /** Steps per epoch: the configured number, or one pass over a training set of {@code entries}. */
    public int stepsPerEpoch(int entries) {
        return config.stepsPerEpoch() > 0 ? config.stepsPerEpoch()
                : (entries + config.batchSize() - 1) / config.batchSize();
    }

    public TrainResult train(String run, Classifier model, TrainingSet data, EvalSet validation, Path runDir,
                             TrainListener listener) {
        long started = System.nanoTime();
        int steps = stepsPerEpoch(data.size());
        Sgd sgd = new Sgd(model.trainable(), config.momentum(), config.weightDecay());
        TrainStep step = new TrainStep(model, sgd);
        Checkpoint checkpoint = new Checkpoint(runDir);
        // what decides the weights; loader threads do not (batches are a function of the seed), so they may differ
        String fingerprint = config.weightsDecidingSettings()
                + " p_inj=" + data.sampler().p() + " stream=" + data.stream().fingerprint()
                + " defects=" + data.realDefects().size() + " start=" + model.origin();
        Checkpoint.State state = checkpoint.load();
        if (state != null) {
            if (!fingerprint.equals(state.config())) {
                throw new IllegalStateException(runDir + " holds a run with other settings (" + state.config()
                        + "); delete it or choose another folder");
            }
            if (state.stopReason() == null) { // a finished run is only read back (best.params, below), not resumed
                checkpoint.restore(state, model, sgd);
                listener.resumed(run, runDir, state.epochsDone(), state.steps());
            }
        } else {
            state = new Checkpoint.State(fingerprint, 0, 0, Double.POSITIVE_INFINITY, -1, 0, List.of(), null, null,
                    null, null);
        }
        List<EpochRecord> history = new ArrayList<>(state.history());
        listener.started(run, (long) config.maxEpochs() * steps, state.steps());
        boolean interrupted = false;
        String stopReason = state.stopReason();
        long globalStep = state.steps();
        int epoch = state.epochsDone();
        while (stopReason == null && epoch < config.maxEpochs()) {
            long epochStart = System.nanoTime();
            double lossSum = 0;
            int injected = 0;
            int done = 0;
            double lr = 0;
            final int e = epoch;
            TrainingStream.Epoch reader = data.stream().epoch(epoch);
            try (Prefetcher<TrainingSet.Batch> batches = new Prefetcher<>(
                    s -> data.batch(reader, e, s, config.batchSize(), steps), steps, config.loaderThreads(),
                    2 * config.loaderThreads())) {
                for (; done < steps; done++) {
                    if (Thread.currentThread().isInterrupted()) {
                        interrupted = true;
                        break;
                    }
                    TrainingSet.Batch b = batches.next();
                    lr = config.schedule().at(globalStep);
                    Engine.getInstance().setRandomSeed((int) (config.seed() * 7919 + globalStep)); // dropout masks
                    float loss = step.run(b.pixels(), b.labels(), lr);
                    lossSum += loss;
                    injected += b.injected();
                    globalStep++;
                    listener.step(globalStep, epoch, loss, lr);
                }
            }
            if (interrupted) {
                Thread.interrupted(); // handled: the run ends cleanly below
                stopReason = "interrupted in epoch " + (epoch + 1) + "; the best epoch so far is kept";
                break;
            }
            float[][] lp = model.logProbabilities(validation.images(), config.batchSize());
            double valLoss = crossEntropy(lp, validation.defective());
            float[] scores = Classifier.defectProbabilities(lp);
            double valAuroc = BinaryMetrics.of(scores, validation.defective()).auroc();
            EpochRecord record = new EpochRecord(epoch + 1, lossSum / steps, valLoss, valAuroc, lr, injected,
                    (System.nanoTime() - epochStart) / 1e9);
            history.add(record);
            boolean better = valLoss < state.bestLoss();
            int badEpochs = better ? 0 : state.badEpochs() + 1;
            if (better) {
                model.save(checkpoint.best());
            }
            epoch++;
            if (badEpochs >= config.patience()) {
                stopReason = "early stop: no lower validation loss for " + badEpochs + " epochs";
            } else if (epoch == config.maxEpochs()) {
                stopReason = "reached " + epoch + " epochs";
            }
            state = new Checkpoint.State(fingerprint, epoch, globalStep, better ? valLoss : state.bestLoss(),
                    better ? epoch : state.bestEpoch(), badEpochs, List.copyOf(history),
                    better ? scores : state.bestScores(), null, null, stopReason);
            checkpoint.save(state, model, sgd);
            listener.epoch(record, better);
        }
        if (stopReason == null) {
            stopReason = "reached " + epoch + " epochs";
        }
        if (Files.isRegularFile(checkpoint.best())) {
            try {
                model.load(checkpoint.best());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("cannot read back the run in " + runDir + ": " + e.getMessage()
                        + "; delete " + runDir + " to train this run from scratch", e);
            }
        }
        TrainResult result = new TrainResult(run, List.copyOf(history), state.bestEpoch(), state.bestLoss(),
                state.bestScores(), stopReason, interrupted, model.device().toString(), model.origin(),
                (System.nanoTime() - started) / 1e9);
        listener.finished(result);
        return result;
    }

    /** Mean negative log-likelihood of the true class, as the training loss measures it. */
    static double crossEntropy(float[][] logProbabilities, boolean[] defective) {
        double sum = 0;
        for (int i = 0; i < defective.length; i++) {
            sum -= logProbabilities[i][defective[i] ? 1 : 0];
        }
        return sum / defective.length;
    }
}
