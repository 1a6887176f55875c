package org.ispadlab.unsup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Convolutions (and a few extra parameter arrays) as plain weight arrays, initialised in Java from a seed as torch's
 * {@code nn.Conv2d} does (Kaiming-uniform with a = sqrt(5): weights and biases uniform in +-1/sqrt(fan_in)), so the
 * same seed gives the same bytes. Plain arrays rather than DJL blocks: the unsupervised methods' networks are small,
 * some stay frozen, and the arrays make freezing and the optimiser's step one call each.
 */
public final class ConvStack implements AutoCloseable {

    /** One convolution: its arrays and geometry. */
    record Conv(NDArray weight, NDArray bias, int stride, int padding) {
    }

    private final NDManager manager;
    private final List<Conv> convs = new ArrayList<>();
    private final List<NDArray> extras = new ArrayList<>();
    private final String name;
    private int skipped;

    public ConvStack(NDManager parent, String name) {
        this.manager = parent.newSubManager();
        this.name = name;
    }

    /** Appends a {@code kernel x kernel} convolution {@code in -> out}; returns its index. */
    public int add(int in, int out, int kernel, int stride, int padding, SplittableRandom r) {
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

    /** Sets convolution {@code i}'s weights and bias to zero (a block that starts as the identity or as nothing). */
    public void zero(int i) {
        Conv c = convs.get(i);
        NDArray weight = manager.zeros(c.weight().getShape());
        NDArray bias = manager.zeros(c.bias().getShape());
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
        c.weight().close();
        c.bias().close();
        convs.set(i, new Conv(weight, bias, c.stride(), c.padding()));
    }

    /** A trainable array besides the convolutions (a flow's global affine), starting at {@code values}. */
    public NDArray parameter(float[] values, Shape shape) {
        NDArray p = manager.create(values, shape);
        p.setRequiresGradient(true);
        extras.add(p);
        return p;
    }

    /** Convolution {@code i} applied to {@code x} (N, C, H, W). */
    public NDArray apply(int i, NDArray x) {
        return apply(i, x, convs.get(i).padding());
    }

    /** Convolution {@code i} with {@code padding} in place of its own (the PDN's padding switch). */
    public NDArray apply(int i, NDArray x, int padding) {
        Conv c = convs.get(i);
        return Conv2d.conv2d(x, c.weight(), c.bias(), new Shape(c.stride(), c.stride()), new Shape(padding, padding),
                new Shape(1, 1), 1).singletonOrThrow();
    }

    /**
     * Convolution {@code i} as the matrix product it is: the {@code k x k} shifted (and strided) copies of the
     * zero-padded input as rows of {@code C k^2} values times the weight's transpose. The same values as
     * {@link #apply(int, NDArray)} without a oneDNN convolution primitive: on a CPU that reports no cache sizes, oneDNN's
     * 3x3 convolution returned NaN for every value of some layers (U-Flow's 42 -> 84 channels at 32x32, batch 32),
     * where the products gave finite values.
     */
    public NDArray applyAsProduct(int i, NDArray x) {
        Conv c = convs.get(i);
        long n = x.getShape().get(0);
        long ch = x.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        int k = (int) c.weight().getShape().get(2);
        int p = c.padding();
        int s = c.stride();
        NDArray padded = x;
        if (p > 0) {
            NDArray side = x.getManager().zeros(new Shape(n, ch, h, p));
            padded = side.concat(x, 3).concat(side, 3);
            NDArray row = x.getManager().zeros(new Shape(n, ch, p, w + 2 * p));
            padded = row.concat(padded, 2).concat(row, 2);
        }
        long ho = (h + 2 * p - k) / s + 1;
        long wo = (w + 2 * p - k) / s + 1;
        long out = c.weight().getShape().get(0);
        NDArray rows;
        if (k == 1 && s == 1) {
            rows = padded.transpose(0, 2, 3, 1).reshape(n * ho * wo, ch);
        } else {
            NDList shifted = new NDList();
            for (int dy = 0; dy < k; dy++) {
                for (int dx = 0; dx < k; dx++) {
                    shifted.add(padded.get(":, :, " + dy + ":" + (dy + s * (ho - 1) + 1) + ":" + s + ", " + dx + ":"
                            + (dx + s * (wo - 1) + 1) + ":" + s));
                }
            }
            // (N, C, k*k, Ho, Wo) -> rows (N Ho Wo, C k k), the weight's own order
            rows = NDArrays.stack(shifted, 2).transpose(0, 3, 4, 1, 2).reshape(n * ho * wo, ch * k * k);
        }
        NDArray y = rows.matMul(c.weight().reshape(out, ch * k * k).transpose()).add(c.bias());
        return y.reshape(n, ho, wo, out).transpose(0, 3, 1, 2);
    }

    /** How many values the optimiser trains. */
    public long size() {
        long n = extras.stream().mapToLong(NDArray::size).sum();
        for (Conv c : convs) {
            n += c.weight().size() + c.bias().size();
        }
        return n;
    }

    /** Stops or allows gradients into every weight (a frozen network records nothing). */
    public void trainable(boolean on) {
        for (Conv c : convs) {
            c.weight().setRequiresGradient(on);
            c.bias().setRequiresGradient(on);
        }
        extras.forEach(p -> p.setRequiresGradient(on));
    }

    /**
     * One optimiser step on every weight if every gradient is finite, else none (as a gradient scaler skips an
     * overflowing step); gradients cleared either way. Returns whether it stepped.
     */
    public boolean stepIfFinite(Optimizer opt) {
        return stepIfFinite(opt, this);
    }

    /**
     * The same for networks trained by one loss: all of them step, or none does (the skip is counted in each).
     */
    public static boolean stepIfFinite(Optimizer opt, ConvStack... stacks) {
        boolean finite = true;
        for (ConvStack stack : stacks) {
            finite &= stack.gradientsFinite();
        }
        for (ConvStack stack : stacks) {
            if (finite) {
                stack.step(opt);
            } else {
                stack.weights().forEach(w -> JniUtils.zeroGrad((PtNDArray) w));
                stack.skipped++;
            }
        }
        return finite;
    }

    private boolean gradientsFinite() {
        double total = 0;
        for (NDArray w : weights()) {
            try (NDArray g = w.getGradient(); NDArray sum = g.sum()) {
                total += sum.getFloat();
            }
        }
        return Double.isFinite(total);
    }

    private List<NDArray> weights() {
        List<NDArray> all = new ArrayList<>(extras);
        convs.forEach(c -> {
            all.add(c.weight());
            all.add(c.bias());
        });
        return all;
    }

    /** What a description adds when {@link #stepIfFinite} skipped steps: how many, and why; else nothing. */
    public String skippedNote() {
        return skipped == 0 ? "" : String.format(Locale.ROOT, " (%d skipped: a gradient left the floats)", skipped);
    }

    /** One optimiser step on every weight, gradients cleared (ids prefixed by this stack's name). */
    public void step(Optimizer opt) {
        for (int i = 0; i < convs.size(); i++) {
            WeightUpdate.apply(opt, name + i + "w", convs.get(i).weight());
            WeightUpdate.apply(opt, name + i + "b", convs.get(i).bias());
        }
        for (int i = 0; i < extras.size(); i++) {
            WeightUpdate.apply(opt, name + "p" + i, extras.get(i));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
