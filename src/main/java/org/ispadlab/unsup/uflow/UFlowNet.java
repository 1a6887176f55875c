package org.ispadlab.unsup.uflow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ispadlab.unsup.ConvStack;

/**
 * U-Flow's U-shaped normalising flow (Tailanian et al. 2024) over a backbone's multi-scale features: each scale's
 * features pass a layer norm over (C, H, W), without anomalib's learnt affine (a learnt scale outside the flow's
 * Jacobian lets the likelihood grow without bound by shrinking the features); the flow starts at the coarsest scale
 * with {@code steps} flow steps (kernels 3 and 1 alternating), sends half its channels (a multiple of 4) up by an
 * invertible pixel shuffle (C -> C/4, twice the side) to be concatenated with the next finer scale, and outputs the
 * other half as that scale's latent z; the finest scale outputs everything. Trained by maximum likelihood: per image {@code sum 0.5 z^2 -
 * log|det J|}.
 */
final class UFlowNet implements AutoCloseable {

    private final NDManager manager;
    private final ConvStack params;
    private final List<List<FlowStep>> stages = new ArrayList<>();
    private final int[] upChannels;

    /** @param shapes per scale, finest first: {C, H, W}, each coarser scale half the side of the one before */
    UFlowNet(NDManager parent, List<int[]> shapes, int steps, SplittableRandom r) {
        manager = parent.newSubManager();
        params = new ConvStack(manager, "flow");
        int scales = shapes.size();
        upChannels = new int[scales];
        for (int i = 0; i < scales; i++) {
            stages.add(null);
        }
        int incoming = 0;
        for (int c = scales - 1; c >= 0; c--) {
            int channels = shapes.get(c)[0] + incoming;
            List<FlowStep> stage = new ArrayList<>();
            for (int k = 0; k < steps; k++) {
                stage.add(new FlowStep(params, manager, channels, k % 2 == 0 ? 3 : 1, r));
            }
            stages.set(c, stage);
            upChannels[c] = c > 0 ? channels / 8 * 4 : 0;
            incoming = upChannels[c] / 4;
        }
    }

    /** The latents per scale (finest first) and the log-determinant per sample, of features finest first. */
    Result forward(List<NDArray> features) {
        int scales = features.size();
        NDArray[] z = new NDArray[scales];
        NDArray logDet = null;
        NDArray up = null;
        for (int c = scales - 1; c >= 0; c--) {
            NDArray f = features.get(c);
            // layer norm over (C, H, W) per sample
            long n = f.getShape().get(0);
            float count = f.getShape().size() / n;
            NDArray mean = f.sum(new int[] {1, 2, 3}, true).div(count);
            NDArray centred = f.sub(mean);
            NDArray var = centred.square().sum(new int[] {1, 2, 3}, true).div(count);
            NDArray h = centred.div(var.add(1e-5f).sqrt());
            if (up != null) {
                h = up.concat(h, 1);
            }
            for (FlowStep step : stages.get(c)) {
                NDArray[] out = step.forward(h);
                h = out[0];
                logDet = logDet == null ? out[1] : logDet.add(out[1]);
            }
            if (c > 0) {
                z[c] = h.get(":, " + upChannels[c] + ":");
                up = pixelShuffle(h.get(":, 0:" + upChannels[c]));
            } else {
                z[c] = h;
            }
        }
        return new Result(List.of(z), logDet);
    }

    /** The flow's latents (finest scale first) and log-determinant per sample. */
    record Result(List<NDArray> z, NDArray logDet) {
        /** Negative log-likelihood per sample up to a constant: {@code sum 0.5 z^2 - log|det J|}. */
        NDArray nll() {
            NDArray sum = null;
            for (NDArray zi : z) {
                NDArray s = zi.square().sum(new int[] {1, 2, 3}).mul(0.5f);
                sum = sum == null ? s : sum.add(s);
            }
            return sum.sub(logDet);
        }
    }

    /** Invertible upsampling: (N, 4C, H, W) -> (N, C, 2H, 2W), a fixed reordering (log-determinant 0). */
    static NDArray pixelShuffle(NDArray x) {
        long n = x.getShape().get(0);
        long c = x.getShape().get(1) / 4;
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        return x.reshape(n, c, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, 2 * h, 2 * w);
    }

    ConvStack params() {
        return params;
    }

    @Override
    public void close() {
        manager.close();
    }
}
