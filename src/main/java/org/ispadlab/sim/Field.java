package org.ispadlab.sim;

import java.util.SplittableRandom;
import org.ispadlab.data.Image8;

/** A float image (0..255 scale) that patches are rendered into before optics, noise and quantisation. */
final class Field {

    final int size;
    final int channels;
    final float[] v;

    Field(int size, int channels) {
        this.size = size;
        this.channels = channels;
        this.v = new float[size * size * channels];
    }

    Field copy() {
        Field f = new Field(size, channels);
        System.arraycopy(v, 0, f.v, 0, v.length);
        return f;
    }

    int index(int x, int y, int c) {
        return (y * size + x) * channels + c;
    }

    /** Separable Gaussian blur: the optics' point spread. */
    Field blurred(double sigma) {
        if (sigma < 0.3) {
            return copy();
        }
        int radius = (int) Math.ceil(2.5 * sigma);
        float[] k = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        Field tmp = new Field(size, channels);
        Field out = new Field(size, channels);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < channels; c++) {
                    float acc = 0;
                    for (int i = -radius; i <= radius; i++) {
                        int xx = Math.min(size - 1, Math.max(0, x + i));
                        acc += k[i + radius] * v[index(xx, y, c)];
                    }
                    tmp.v[index(x, y, c)] = acc;
                }
            }
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < channels; c++) {
                    float acc = 0;
                    for (int i = -radius; i <= radius; i++) {
                        int yy = Math.min(size - 1, Math.max(0, y + i));
                        acc += k[i + radius] * tmp.v[tmp.index(x, yy, c)];
                    }
                    out.v[index(x, y, c)] = acc;
                }
            }
        }
        return out;
    }

    /** Adds Gaussian sensor noise and rounds to 8 bits. */
    Image8 toImage(SplittableRandom rnd, double noiseSigma) {
        Image8 img = Image8.blank(size, size, channels);
        byte[] p = img.pixels();
        for (int i = 0; i < v.length; i++) {
            double value = v[i] + noiseSigma * Rng.gaussian(rnd);
            p[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
        }
        return img;
    }

    /** 255 where any channel of {@code other} differs from this by more than {@code threshold}. */
    Image8 differenceMask(Field other, float threshold) {
        Image8 mask = Image8.blank(size, size, 1);
        for (int i = 0; i < size * size; i++) {
            for (int c = 0; c < channels; c++) {
                if (Math.abs(v[i * channels + c] - other.v[i * channels + c]) > threshold) {
                    mask.pixels()[i] = (byte) 255;
                    break;
                }
            }
        }
        return mask;
    }
}
