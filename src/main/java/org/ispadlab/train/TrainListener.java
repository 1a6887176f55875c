package org.ispadlab.train;

/** Hears a run's progress; a notebook shows it as a progress bar (org.ispadlab.viz.TrainingProgress). */
public interface TrainListener {

    /** Before the first step, with the total number of steps the run may take. */
    default void started(String run, long totalSteps, long stepsDone) {
    }

    /** Before {@link #started}, when the run continues from its checkpoint: epochs and steps already done. */
    default void resumed(String run, java.nio.file.Path runDir, int epochsDone, long stepsDone) {
    }

    /** After each step. */
    default void step(long stepsDone, int epoch, float loss, double learningRate) {
    }

    /** After each epoch's validation. */
    default void epoch(EpochRecord record, boolean best) {
    }

    /** When the run ends: converged, early-stopped, out of epochs, or interrupted. */
    default void finished(TrainResult result) {
    }

    TrainListener SILENT = new TrainListener() {
    };
}
