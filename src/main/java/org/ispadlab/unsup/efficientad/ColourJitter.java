package org.ispadlab.unsup.efficientad;

import java.util.SplittableRandom;
import org.ispadlab.data.Image8;

/**
 * The autoencoder's augmentation in Efficient-AD: one of brightness, contrast or saturation, with a factor drawn from
 * U(0.8, 1.2), as torchvision's adjust_brightness / adjust_contrast / adjust_saturation define them (a blend with
 * black, with the mean grey level, with the grey image; clamped). Saturation leaves a grey image as it is.
 */
final class ColourJitter {

    private ColourJitter() {
    }

    static Image8 apply(Image8 img, SplittableRandom r) {
        int kind = r.nextInt(3);
        double f = 0.8 + 0.4 * r.nextDouble();
        int c = img.channels();
        int n = img.width() * img.height();
        byte[] src = img.pixels();
        byte[] out = new byte[src.length];
        double[] grey = new double[n];
        double mean = 0;
        for (int p = 0; p < n; p++) {
            grey[p] = c == 3 ? 0.299 * (src[3 * p] & 0xff) + 0.587 * (src[3 * p + 1] & 0xff)
                    + 0.114 * (src[3 * p + 2] & 0xff) : src[p] & 0xff;
            mean += grey[p];
        }
        mean /= n;
        for (int p = 0; p < n; p++) {
            for (int ch = 0; ch < c; ch++) {
                double v = src[p * c + ch] & 0xff;
                double toward = switch (kind) {
                    case 0 -> 0;
                    case 1 -> mean;
                    default -> grey[p];
                };
                double blended = f * v + (1 - f) * toward;
                out[p * c + ch] = (byte) Math.max(0, Math.min(255, Math.round(blended)));
            }
        }
        return new Image8(img.width(), img.height(), c, out);
    }
}
