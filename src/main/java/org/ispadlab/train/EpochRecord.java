package org.ispadlab.train;

/** One epoch of a run: mean training loss, validation loss, the last learning rate, injected real defects. */
public record EpochRecord(int epoch, double trainLoss, double validationLoss, double learningRate, int injected,
                          double seconds) {
}
