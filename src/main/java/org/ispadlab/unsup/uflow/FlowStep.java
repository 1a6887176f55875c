package org.ispadlab.unsup.uflow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ispadlab.unsup.ConvStack;
import org.ispadlab.unsup.Permutations;

/**
 * One invertible flow step as FrEIA's {@code AllInOneBlock} computes it with U-Flow's settings: an affine coupling
 * (the first half of the channels, through {@code conv k -> ReLU -> conv k}, scales and shifts the second half; the
 * log-scale soft-clamped to +-2 by {@code 2 tanh(0.1 a)}), then a learnt global affine (scale through FrEIA's
 * softplus, starting at 1) and a fixed random channel permutation. Returns its output and the log-determinant of its
 * Jacobian per sample, which the flow's likelihood needs. The subnet's convolutions are matrix products
 * ({@link ConvStack#applyAsProduct}, which says why).
 */
final class FlowStep {

    private static final float CLAMP = 2f;

    private final ConvStack params;
    private final int conv1;
    private final int conv2;
    private final NDArray globalScale;
    private final NDArray globalOffset;
    private final NDArray permutation;
    private final int split;

    FlowStep(ConvStack params, NDManager fixed, int channels, int kernel, SplittableRandom r) {
        this.params = params;
        this.split = channels - channels / 2;
        int other = channels / 2;
        int pad = kernel / 2;
        conv1 = params.add(split, split, kernel, 1, pad, r);
        conv2 = params.add(split, 2 * other, kernel, 1, pad, r);
        // FrEIA's start for a global affine scale of 1: 2 log(exp(0.5 * 10 * 1) - 1), so 0.2 softplus(0.5 s) = 1
        float start = (float) (2 * Math.log(Math.exp(0.5 * 10 * 1.0) - 1));
        float[] scale = new float[channels];
        Arrays.fill(scale, start);
        globalScale = params.parameter(scale, new Shape(1, channels, 1, 1));
        globalOffset = params.parameter(new float[channels], new Shape(1, channels, 1, 1));
        int[] perm = Permutations.shuffled(channels, r);
        float[] w = new float[channels * channels];
        for (int i = 0; i < channels; i++) {
            w[i * channels + perm[i]] = 1;
        }
        permutation = fixed.create(w, new Shape(channels, channels, 1, 1));
    }

    /** {@code [y, log|det J| per sample]} of {@code x} (N, C, H, W). */
    NDArray[] forward(NDArray x) {
        NDArray x1 = x.get(":, 0:" + split);
        NDArray x2 = x.get(":, " + split + ":");
        int other = (int) x2.getShape().get(1);
        NDArray a = params.applyAsProduct(conv2, Activation.relu(params.applyAsProduct(conv1, x1))).mul(0.1f);
        NDArray logScale = a.get(":, 0:" + other).tanh().mul(CLAMP);
        NDArray y2 = x2.mul(logScale.exp()).add(a.get(":, " + other + ":"));
        NDArray logDet = logScale.sum(new int[] {1, 2, 3});
        // FrEIA's SOFTPLUS global affine: 0.1 * softplus_beta=0.5(s) = 0.2 * log(1 + exp(0.5 s))
        NDArray scale = globalScale.mul(0.5f).exp().add(1).log().mul(0.2f);
        NDArray y = x1.concat(y2, 1).mul(scale).add(globalOffset);
        long pixels = x.getShape().get(2) * x.getShape().get(3);
        logDet = logDet.add(scale.log().sum().mul(pixels));
        y = Conv2d.conv2d(y, permutation).singletonOrThrow();
        return new NDArray[] {y, logDet};
    }
}
