package org.ispadlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import org.ispadlab.model.InPlace;

/**
 * Stochastic gradient descent with momentum and weight decay, with PyTorch's update rule (the paper trained
 * with torch.optim.SGD): {@code g = grad + wd * w; buf = m * buf + g; w -= lr * buf}. DJL's own SGD applies
 * the learning rate inside the momentum buffer, which differs as soon as a scheduler changes the rate.
 * Updates run in place on the parameters' memory; gradients are zeroed after each step.
 */
public final class Sgd {

    private final List<Parameter> parameters;
    private final float momentum;
    private final float weightDecay;
    private final List<NDArray> buffers = new ArrayList<>();

    public Sgd(List<Parameter> parameters, double momentum, double weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        for (Parameter p : parameters) {
            buffers.add(InPlace.zerosLike(p.getArray()));
        }
    }

    /** One update with learning rate {@code lr}. */
    public void step(double lr) {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            NDArray grad = w.getGradient();
            NDArray buf = buffers.get(i);
            try (NDArray decayed = w.mul(weightDecay)) {
                buf.muli(momentum).addi(grad).addi(decayed);
            }
            try (NDArray delta = buf.mul((float) lr)) {
                w.subi(delta);
            }
            JniUtils.zeroGrad((PtNDArray) w);
            grad.close();
        }
    }

    /** The momentum buffers, in parameter order: a checkpoint stores them so a resumed run continues exactly. */
    public List<NDArray> buffers() {
        return buffers;
    }
}
