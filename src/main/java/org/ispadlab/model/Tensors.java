package org.ispadlab.model;

import java.util.List;
import org.ispadlab.data.Image8;

/**
 * Images to the network's input: floats in NHWC order (channels-last, see {@link Classifier#input}), scaled to
 * [0, 1] and standardised with ImageNet's statistics.
 */
public final class Tensors {

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};
    /** A grey input is the mean of the RGB channels, so it gets the mean statistics. */
    private static final float GREY_MEAN = 0.449f;
    private static final float GREY_STD = 0.226f;

    private Tensors() {
    }

    /** {@code images} (all {@code size} x {@code size}; converted to grey when {@code channels} is 1) as NHWC. */
    public static float[] encode(List<Image8> images, int channels, int size) {
        int plane = size * size;
        float[] out = new float[images.size() * channels * plane];
        float[][] lut = new float[channels][256];
        for (int c = 0; c < channels; c++) {
            float mean = channels == 1 ? GREY_MEAN : MEAN[c];
            float std = channels == 1 ? GREY_STD : STD[c];
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (v / 255f - mean) / std;
            }
        }
        for (int n = 0; n < images.size(); n++) {
            Image8 img = images.get(n);
            if (img.width() != size || img.height() != size) {
                throw new IllegalArgumentException("image " + n + " is " + img.width() + "x" + img.height()
                        + ", the network expects " + size + "x" + size);
            }
            Image8 src = channels == 1 ? img.grey() : img.channels() == 3 ? img : grey3(img);
            byte[] px = src.pixels();
            int base = n * channels * plane;
            if (channels == 1) { // one table, no per-pixel channel arithmetic: this loop runs before the JIT warms
                float[] grey = lut[0];
                for (int i = 0; i < px.length; i++) {
                    out[base + i] = grey[px[i] & 0xff];
                }
            } else {
                float[] r = lut[0];
                float[] g = lut[1];
                float[] b = lut[2];
                for (int i = 0; i < px.length; i += 3) {
                    out[base + i] = r[px[i] & 0xff];
                    out[base + i + 1] = g[px[i + 1] & 0xff];
                    out[base + i + 2] = b[px[i + 2] & 0xff];
                }
            }
        }
        return out;
    }

    private static Image8 grey3(Image8 grey) {
        byte[] px = grey.pixels();
        byte[] rgb = new byte[px.length * 3];
        for (int i = 0; i < px.length; i++) {
            rgb[3 * i] = px[i];
            rgb[3 * i + 1] = px[i];
            rgb[3 * i + 2] = px[i];
        }
        return new Image8(grey.width(), grey.height(), 3, rgb);
    }
}
