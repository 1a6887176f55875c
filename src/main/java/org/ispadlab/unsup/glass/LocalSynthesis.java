package org.ispadlab.unsup.glass;

import java.util.SplittableRandom;
import org.ispadlab.data.Image8;
import org.ispadlab.synth.Texture;

/**
 * GLASS's local anomaly synthesis (LAS), at image level: a Perlin-shaped region of a fault-free image is blended
 * with a texture, {@code img (1 - m) + (1 - beta) tex m + beta img m}, beta ~ N(0.5, 0.1) clipped to [0.2, 0.8].
 * GLASS takes its textures from DTD, which cannot be had offline: here they are procedural (value noise of a
 * random scale and grain, random contrast and brightness, one per channel), labelled as such wherever GLASS reports.
 */
final class LocalSynthesis {

    /** The synthetic image, its pixel mask and the mask on the feature grid (a cell is anomalous if any pixel is). */
    record Sample(Image8 image, boolean[] mask, boolean[] gridMask) {
    }

    private LocalSynthesis() {
    }

    static Sample apply(Image8 image, int gridH, int gridW, SplittableRandom r) {
        int side = image.width();
        boolean[] mask;
        do {
            mask = PerlinMask.draw(side, r);
        } while (!any(mask));
        double beta = Math.min(0.8, Math.max(0.2, 0.5 + 0.1 * r.nextGaussian()));
        int channels = image.channels();
        Image8 out = image.copy();
        double scale = 2 + r.nextInt(Math.max(1, side / 4));
        double grain = 0.4 * r.nextDouble();
        double contrast = 0.5 + 1.5 * r.nextDouble();
        double brightness = 255 * (r.nextDouble() - 0.5) * 0.6;
        for (int c = 0; c < channels; c++) {
            float[] tex = Texture.random(side, side, scale, grain, r);
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) {
                    double t = Math.min(255, Math.max(0, 128 + (tex[i] - 0.5) * contrast * 255 + brightness));
                    int x = i % side;
                    int y = i / side;
                    double v = image.get(x, y, c);
                    out.set(x, y, c, (int) Math.round((1 - beta) * t + beta * v));
                }
            }
        }
        return new Sample(out, mask, grid(mask, side, gridH, gridW));
    }

    /** Max-pooling of a pixel mask onto the feature grid. */
    static boolean[] grid(boolean[] mask, int side, int gridH, int gridW) {
        boolean[] out = new boolean[gridH * gridW];
        for (int y = 0; y < side; y++) {
            int gy = Math.min(gridH - 1, y * gridH / side);
            for (int x = 0; x < side; x++) {
                if (mask[y * side + x]) {
                    out[gy * gridW + Math.min(gridW - 1, x * gridW / side)] = true;
                }
            }
        }
        return out;
    }

    private static boolean any(boolean[] mask) {
        for (boolean b : mask) {
            if (b) {
                return true;
            }
        }
        return false;
    }
}
