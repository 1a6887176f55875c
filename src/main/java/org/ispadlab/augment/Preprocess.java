package org.ispadlab.augment;

import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;

/** Sec. 4.2's preprocessing: LSM-1 brightened x1.5, then weak Gaussian smoothing (3x3, sigma 1) everywhere. */
public final class Preprocess {

    private static final float[] KERNEL = gaussian3(1.0);

    private Preprocess() {
    }

    public static Image8 apply(Image8 in, Modality m) {
        double gain = m == Modality.LSM_1 ? 1.5 : 1.0;
        int w = in.width();
        int h = in.height();
        int c = in.channels();
        byte[] src = in.pixels();
        Image8 out = Image8.blank(w, h, c);
        byte[] dst = out.pixels();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    float acc = 0;
                    for (int j = -1; j <= 1; j++) {
                        int yy = Math.min(h - 1, Math.max(0, y + j));
                        for (int i = -1; i <= 1; i++) {
                            int xx = Math.min(w - 1, Math.max(0, x + i));
                            acc += KERNEL[(j + 1) * 3 + i + 1] * (src[(yy * w + xx) * c + k] & 0xff);
                        }
                    }
                    int v = (int) Math.round(acc * gain);
                    dst[(y * w + x) * c + k] = (byte) Math.min(255, v);
                }
            }
        }
        return out;
    }

    private static float[] gaussian3(double sigma) {
        float[] k = new float[9];
        float sum = 0;
        for (int j = -1; j <= 1; j++) {
            for (int i = -1; i <= 1; i++) {
                k[(j + 1) * 3 + i + 1] = (float) Math.exp(-(i * i + j * j) / (2 * sigma * sigma));
                sum += k[(j + 1) * 3 + i + 1];
            }
        }
        for (int i = 0; i < 9; i++) {
            k[i] /= sum;
        }
        return k;
    }
}
