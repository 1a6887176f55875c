package org.ispadlab.unsup.efficientad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Convolutions as plain weight arrays, initialised in Java from a seed as torch's {@code nn.Conv2d} does
 * (Kaiming-uniform with a = sqrt(5): weights and biases uniform in +-1/sqrt(fan_in)), so the same seed gives the same
 * bytes. Plain arrays rather than DJL blocks: Efficient-AD's three networks are small, one of them stays frozen, and
 * the arrays make freezing and the optimiser's step one call each.
 */
final class ConvStack implements AutoCloseable {

    /** One convolution: its arrays and geometry. */
    record Conv(NDArray weight, NDArray bias, int stride, int padding) {
    }

    private final NDManager manager;
    private final List<Conv> convs = new ArrayList<>();
    private final String name;

    ConvStack(NDManager parent, String name) {
        this.manager = parent.newSubManager();
        this.name = name;
    }

    /** Appends a {@code kernel x kernel} convolution {@code in -> out}; returns its index. */
    int add(int in, int out, int kernel, int stride, int padding, SplittableRandom r) {
        int fanIn = in * kernel * kernel;
        double bound = 1 / Math.sqrt(fanIn);
        float[] w = new float[out * fanIn];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
        float[] b = new float[out];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
        NDArray weight = manager.create(w, new Shape(out, in, kernel, kernel));
        NDArray bias = manager.create(b, new Shape(out));
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
        convs.add(new Conv(weight, bias, stride, padding));
        return convs.size() - 1;
    }

    /** Convolution {@code i} applied to {@code x} (N, C, H, W). */
    NDArray apply(int i, NDArray x) {
        return apply(i, x, convs.get(i).padding());
    }

    /** Convolution {@code i} with {@code padding} in place of its own (the PDN's padding switch). */
    NDArray apply(int i, NDArray x, int padding) {
        Conv c = convs.get(i);
        return Conv2d.conv2d(x, c.weight(), c.bias(), new Shape(c.stride(), c.stride()), new Shape(padding, padding),
                new Shape(1, 1), 1).singletonOrThrow();
    }

    /** Stops or allows gradients into every weight (a frozen network records nothing). */
    void trainable(boolean on) {
        for (Conv c : convs) {
            c.weight().setRequiresGradient(on);
            c.bias().setRequiresGradient(on);
        }
    }

    /** One optimiser step on every weight, gradients cleared (ids prefixed by this stack's name). */
    void step(Optimizer opt) {
        for (int i = 0; i < convs.size(); i++) {
            update(opt, name + i + "w", convs.get(i).weight());
            update(opt, name + i + "b", convs.get(i).bias());
        }
    }

    private static void update(Optimizer opt, String id, NDArray w) {
        NDArray g = w.getGradient();
        opt.update(id, w, g);
        JniUtils.zeroGrad((PtNDArray) w);
        g.close();
    }

    @Override
    public void close() {
        manager.close();
    }
}
