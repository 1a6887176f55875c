package org.ispadlab.train;

/**
 * One epoch of a run: mean training loss, validation loss and AUROC (the loss also punishes a model that ranks
 * well but is miscalibrated; the AUROC shows whether it separates the classes at all), the last learning rate,
 * injected real defects.
 */
public record EpochRecord(int epoch, double trainLoss, double validationLoss, double validationAuroc,
                          double learningRate, int injected, double seconds) {
}
