package org.ispadlab.unsup;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;

/** One optimiser update of one weight, the way every method here trains its own networks. */
public final class WeightUpdate {

    private WeightUpdate() {
    }

    /**
     * Updates {@code weight} from its gradient with {@code opt} (its state kept under {@code id}), then clears the
     * gradient: PyTorch adds every backward pass into it, and the gradient array DJL hands out is a fresh handle.
     */
    public static void apply(Optimizer opt, String id, NDArray weight) {
        NDArray g = weight.getGradient();
        opt.update(id, weight, g);
        JniUtils.zeroGrad((PtNDArray) weight);
        g.close();
    }
}
