package org.ispadlab.train;

import java.util.List;

/**
 * How a run went: its epochs, the best one (lowest validation loss, whose weights the model holds at the end),
 * the best model's validation scores (P(defective) per image), and why it stopped.
 */
public record TrainResult(String run, List<EpochRecord> history, int bestEpoch, double bestValidationLoss,
                          float[] bestScores, String stopReason, boolean interrupted, String device, String origin,
                          double seconds) {

    @Override
    public String toString() {
        return String.format("%s: %d epoch(s), best epoch %d (validation loss %.4f), %s, %.0f s on %s", run,
                history.size(), bestEpoch, bestValidationLoss, stopReason, seconds, device);
    }
}
