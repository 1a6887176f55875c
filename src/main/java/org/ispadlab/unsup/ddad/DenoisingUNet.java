package org.ispadlab.unsup.ddad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ispadlab.unsup.ConvStack;

/**
 * DDAD's noise predictor {@code eps(x_t, t)}, the reference's guided-diffusion U-Net cut to three levels: a sinusoidal
 * time embedding through a two-layer MLP (4 x base wide); per level one residual block {@code GroupNorm -> SiLU ->
 * conv 3x3 (+ the time embedding) -> GroupNorm -> SiLU -> conv 3x3}, plus a 1x1 skip where the width changes; stride-2
 * convolutions down, nearest-neighbour doubling and a 3x3 convolution up, skip connections by concatenation; the
 * output convolution starts at zero, as the reference's. Widths {@code base, 2 base, 2 base} (the reference's DDAD-S:
 * base 32 and six levels with self-attention at 32, 16 and 8 px: at a 64 px patch the lab keeps the three levels a
 * 64 px image has room for and leaves attention out).
 */
final class DenoisingUNet implements AutoCloseable {

    private static final int GROUPS = 32;

    private final NDManager manager;
    private final ConvStack params;
    private final int timeIn;
    private final int time1;
    private final int time2;
    private final int in;
    private final List<ResBlock> down = new ArrayList<>();
    private final int[] downsample = new int[2];
    private final ResBlock middle;
    private final List<ResBlock> up = new ArrayList<>();
    private final int[] upsample = new int[2];
    private final Norm outNorm;
    private final int out;

    DenoisingUNet(NDManager parent, int channels, int base, SplittableRandom r) {
        manager = parent.newSubManager();
        params = new ConvStack(manager, "unet");
        int emb = 4 * base;
        timeIn = base;
        time1 = params.add(timeIn, emb, 1, 1, 0, r);
        time2 = params.add(emb, emb, 1, 1, 0, r);
        in = params.add(channels, base, 3, 1, 1, r);
        int[] widths = {base, 2 * base, 2 * base};
        int c = base;
        for (int level = 0; level < widths.length; level++) {
            down.add(new ResBlock(c, widths[level], emb, r));
            c = widths[level];
            if (level < 2) {
                downsample[level] = params.add(c, c, 3, 2, 1, r);
            }
        }
        middle = new ResBlock(c, c, emb, r);
        for (int level = widths.length - 1; level >= 0; level--) {
            up.add(new ResBlock(c + widths[level], widths[level], emb, r));
            c = widths[level];
            if (level > 0) {
                upsample[level - 1] = params.add(c, c, 3, 1, 1, r);
            }
        }
        outNorm = new Norm(c);
        out = params.add(c, channels, 3, 1, 1, r);
        params.zero(out);
    }

    /** The predicted noise of {@code x} (N, C, S, S) at diffusion steps {@code t} (one per sample). */
    NDArray forward(NDArray x, int[] t) {
        NDArray emb = params.applyAsProduct(time1, timeEmbedding(x.getManager(), t));
        emb = params.applyAsProduct(time2, Activation.swish(emb, 1f));
        NDArray h = params.apply(in, x);
        List<NDArray> skips = new ArrayList<>();
        for (int level = 0; level < down.size(); level++) {
            h = down.get(level).forward(h, emb);
            skips.add(h);
            if (level < 2) {
                h = params.apply(downsample[level], h);
            }
        }
        h = middle.forward(h, emb);
        for (int i = 0; i < up.size(); i++) {
            int level = up.size() - 1 - i;
            h = up.get(i).forward(h.concat(skips.get(level), 1), emb);
            if (level > 0) {
                h = params.apply(upsample[level - 1], doubled(h));
            }
        }
        return params.apply(out, Activation.swish(outNorm.forward(h), 1f));
    }

    /** Sinusoidal embedding of the steps, (N, base, 1, 1): sin and cos of t / 10000^(i / (base/2)). */
    private NDArray timeEmbedding(NDManager m, int[] t) {
        int half = timeIn / 2;
        float[] e = new float[t.length * timeIn];
        for (int n = 0; n < t.length; n++) {
            for (int i = 0; i < half; i++) {
                double f = t[n] * Math.exp(-Math.log(10_000) * i / half);
                e[n * timeIn + i] = (float) Math.sin(f);
                e[n * timeIn + half + i] = (float) Math.cos(f);
            }
        }
        return m.create(e, new Shape(t.length, timeIn, 1, 1));
    }

    /** Nearest-neighbour doubling of the side: (N, C, H, W) -> (N, C, 2H, 2W). */
    static NDArray doubled(NDArray x) {
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        return x.reshape(n, c, h, 1, w, 1).broadcast(new Shape(n, c, h, 2, w, 2)).reshape(n, c, 2 * h, 2 * w);
    }

    ConvStack params() {
        return params;
    }

    @Override
    public void close() {
        manager.close();
    }

    /** GroupNorm with {@code gcd(32, C)} groups and a learnt per-channel scale and shift (DJL has no GroupNorm). */
    private final class Norm {
        private final int groups;
        private final NDArray gamma;
        private final NDArray beta;

        Norm(int channels) {
            groups = gcd(GROUPS, channels);
            float[] ones = new float[channels];
            Arrays.fill(ones, 1f);
            gamma = params.parameter(ones, new Shape(1, channels, 1, 1));
            beta = params.parameter(new float[channels], new Shape(1, channels, 1, 1));
        }

        NDArray forward(NDArray x) {
            Shape s = x.getShape();
            NDArray g = x.reshape(s.get(0), groups, -1);
            NDArray centred = g.sub(g.mean(new int[] {2}, true));
            NDArray normed = centred.div(centred.square().mean(new int[] {2}, true).add(1e-5f).sqrt());
            return normed.reshape(s).mul(gamma).add(beta);
        }

        private static int gcd(int a, int b) {
            return b == 0 ? a : gcd(b, a % b);
        }
    }

    /** One residual block with the time embedding added between its two convolutions. */
    private final class ResBlock {
        private final Norm norm1;
        private final int conv1;
        private final int time;
        private final Norm norm2;
        private final int conv2;
        private final int skip;

        ResBlock(int inChannels, int outChannels, int emb, SplittableRandom r) {
            norm1 = new Norm(inChannels);
            conv1 = params.add(inChannels, outChannels, 3, 1, 1, r);
            time = params.add(emb, outChannels, 1, 1, 0, r);
            norm2 = new Norm(outChannels);
            conv2 = params.add(outChannels, outChannels, 3, 1, 1, r);
            params.zero(conv2);
            skip = inChannels == outChannels ? -1 : params.add(inChannels, outChannels, 1, 1, 0, r);
        }

        NDArray forward(NDArray x, NDArray emb) {
            NDArray h = params.apply(conv1, Activation.swish(norm1.forward(x), 1f));
            h = h.add(params.applyAsProduct(time, Activation.swish(emb, 1f)));
            h = params.apply(conv2, Activation.swish(norm2.forward(h), 1f));
            return (skip < 0 ? x : params.applyAsProduct(skip, x)).add(h);
        }
    }
}
