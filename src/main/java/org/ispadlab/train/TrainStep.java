package org.ispadlab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import org.ispadlab.model.Classifier;

/** One optimisation step: forward in training mode, softmax cross-entropy, backward, SGD update. */
public final class TrainStep {

    private final Classifier model;
    private final Sgd sgd;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();

    public TrainStep(Classifier model, Sgd sgd) {
        this.model = model;
        this.sgd = sgd;
    }

    /** Trains on one encoded batch ({@link org.ispadlab.model.Tensors#encode}, labels 0/1); returns its mean loss. */
    public float run(float[] pixels, int[] labels, double lr) {
        int n = labels.length;
        float value;
        try (NDManager batch = model.manager().newSubManager()) {
            NDArray x = model.input(batch, pixels, n);
            NDArray y = batch.create(labels, new Shape(n));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(x, true);
                NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                collector.backward(l);
                value = l.getFloat();
            }
            sgd.step(lr);
        }
        return value;
    }
}
