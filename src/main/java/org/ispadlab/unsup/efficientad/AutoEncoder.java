package org.ispadlab.unsup.efficientad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.ispadlab.unsup.ConvStack;
import org.ispadlab.unsup.Grids;

/**
 * Efficient-AD's autoencoder: six strided convolutions down to a 64-value code (the logical constraints of the image:
 * what goes where), then six "bilinear resize, convolution, ReLU, dropout 0.2" steps and two convolutions up to the
 * teacher's channels at its output size. Built for a side {@code H} that is a multiple of 64 (the code's kernel is
 * {@code H/32}, 8 at the reference's 256 px). Bilinear resizing ({@code align_corners=False}) runs as two matrix
 * products, so it has a gradient on every engine; dropout masks are drawn in Java from the seed (same seed, same
 * bytes).
 */
final class AutoEncoder implements AutoCloseable {

    private static final float DROPOUT = 0.2f;

    private final ConvStack convs;
    private final int outSide;
    private final int[] sizes;

    /**
     * @param side the input's side (a multiple of 64, at least 128)
     * @param outSide the side of the teacher's output it reconstructs
     */
    AutoEncoder(NDManager manager, int inChannels, int outChannels, int side, int outSide, SplittableRandom r) {
        if (side % 64 != 0 || side < 128) {
            throw new IllegalArgumentException("Efficient-AD's autoencoder needs a side that is a multiple of 64 and "
                    + "at least 128 px, got " + side);
        }
        this.convs = new ConvStack(manager, "ae");
        this.outSide = outSide;
        this.sizes = new int[] {side / 64 - 1, side / 32, side / 16 - 1, side / 8, side / 4 - 1, side / 2 - 1};
        int[] enc = {inChannels, 32, 32, 64, 64, 64};
        for (int i = 0; i < 5; i++) {
            convs.add(enc[i], enc[i + 1], 4, 2, 1, r);
        }
        convs.add(64, 64, side / 32, 1, 0, r);
        for (int i = 0; i < 6; i++) {
            convs.add(64, 64, 4, 1, 2, r);
        }
        convs.add(64, 64, 3, 1, 1, r);
        convs.add(64, outChannels, 3, 1, 1, r);
    }

    /** The reconstruction of {@code x}; {@code dropout}: a source of dropout masks (training), or null. */
    NDArray forward(NDArray x, SplittableRandom dropout) {
        NDManager m = x.getManager();
        NDArray h = x;
        for (int i = 0; i < 5; i++) {
            h = Pdn.relu(convs.apply(i, h));
        }
        h = convs.apply(5, h);
        for (int i = 0; i < 6; i++) {
            h = resize(m, h, sizes[i]);
            h = Pdn.relu(convs.apply(6 + i, h));
            if (dropout != null) {
                h = h.mul(mask(m, h.getShape(), dropout));
            }
        }
        h = resize(m, h, outSide);
        h = Pdn.relu(convs.apply(12, h));
        return convs.apply(13, h);
    }

    ConvStack convs() {
        return convs;
    }

    /** Inverted dropout: zeros with probability 0.2, the rest scaled by 1/0.8 (torch's {@code nn.Dropout}). */
    private static NDArray mask(NDManager m, Shape shape, SplittableRandom r) {
        float[] v = new float[(int) shape.size()];
        float keep = 1 / (1 - DROPOUT);
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() < DROPOUT ? 0 : keep;
        }
        return m.create(v, shape);
    }

    /** Bilinear resize of (N, C, H, W) to {@code out x out}: {@code R_h x R_w^T} as torch's interpolate. */
    static NDArray resize(NDManager m, NDArray x, int out) {
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        if (h == out && w == out) {
            return x;
        }
        NDArray rh = m.create(Grids.interpolationMatrix(h, out), new Shape(out, h));
        NDArray rwT = m.create(Grids.interpolationMatrix(w, out), new Shape(out, w)).transpose();
        return rh.matMul(x).matMul(rwT);
    }

    @Override
    public void close() {
        convs.close();
    }
}
