package org.ispadlab.viz;

import org.ispadlab.train.EpochRecord;
import org.ispadlab.train.TrainListener;
import org.ispadlab.train.TrainResult;

/** A run's progress as a bar that updates in place: steps done, epoch, loss, learning rate, validation loss. */
public final class TrainingProgress implements TrainListener {

    private ProgressBar bar;
    private String lastEpoch = "";
    private String resumed = "";

    @Override
    public void resumed(String run, java.nio.file.Path runDir, int epochsDone, long stepsDone) {
        resumed = "resumed from its checkpoint after epoch " + epochsDone;
    }

    /** A finished run that is only read back (the shared pretraining before each row) shows no bar. */
    @Override
    public void started(String run, long totalSteps, long stepsDone) {
        if (stepsDone >= totalSteps) {
            return;
        }
        bar = ProgressBar.show(run, totalSteps);
        bar.advanceTo(stepsDone, resumed);
    }

    @Override
    public void step(long stepsDone, int epoch, float loss, double learningRate) {
        if (bar == null) {
            return;
        }
        bar.advanceTo(stepsDone, String.format("epoch %d  loss %.4f  lr %.1e%s", epoch + 1, loss, learningRate, lastEpoch));
    }

    @Override
    public void epoch(EpochRecord r, boolean best) {
        lastEpoch = String.format("  | val loss %.4f, AUROC %.2f%s", r.validationLoss(), r.validationAuroc(),
                best ? " (best)" : "");
    }

    @Override
    public void finished(TrainResult result) {
        if (bar != null) {
            bar.advanceTo(bar.state().done(), result.stopReason() + ", best epoch " + result.bestEpoch());
            bar.done();
        }
    }
}
