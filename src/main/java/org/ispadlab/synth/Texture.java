package org.ispadlab.synth;

import java.util.SplittableRandom;

/**
 * Step 2: a random defect texture: smooth value noise (lattice spacing {@code scale} px, bilinear) plus fine
 * grain, in 0..1, over the defect's box only.
 */
public final class Texture {

    private Texture() {
    }

    /** A w x h texture; {@code grain} 0..1 mixes in per-pixel noise. */
    public static float[] random(int w, int h, double scale, double grain, SplittableRandom r) {
        int gw = (int) Math.ceil(w / scale) + 2;
        int gh = (int) Math.ceil(h / scale) + 2;
        float[] lattice = new float[gw * gh];
        for (int i = 0; i < lattice.length; i++) {
            lattice[i] = (float) r.nextDouble();
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            double fy = y / scale;
            int iy = (int) fy;
            double ty = fy - iy;
            for (int x = 0; x < w; x++) {
                double fx = x / scale;
                int ix = (int) fx;
                double tx = fx - ix;
                double top = lattice[iy * gw + ix] * (1 - tx) + lattice[iy * gw + ix + 1] * tx;
                double bottom = lattice[(iy + 1) * gw + ix] * (1 - tx) + lattice[(iy + 1) * gw + ix + 1] * tx;
                double smooth = top * (1 - ty) + bottom * ty;
                out[y * w + x] = (float) ((1 - grain) * smooth + grain * r.nextDouble());
            }
        }
        return out;
    }
}
