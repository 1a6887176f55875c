package org.ispadlab.augment;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.ispadlab.data.PatchAugmenter;

/**
 * Table 8's augmentations: a random affine transform (rotation, scale, shear, flips) applied to a share of
 * patches, then brightness and contrast. The mask follows the image through the same transform (nearest
 * neighbour, so it stays binary). The output is the centred {@code outSize} square: real defects come at 512 px
 * and are cropped to 256 after the affine step, so no empty corners appear; smaller inputs reflect at the border.
 */
public final class Augmenter {

    /** Table 8 per modality, as the supervised stream's augmenter: same seed, same result. */
    public static PatchAugmenter table8(double probability) {
        Map<Modality, Augmenter> byModality = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            byModality.put(m, new Augmenter(AugmentSettings.of(m, probability)));
        }
        return (source, m, outSize, seed) -> byModality.get(m).apply(source, null, outSize, new SplittableRandom(seed)).image();
    }

    /** An augmented patch, its mask (null when none was given) and what was drawn. */
    public record Result(Image8 image, Image8 mask, Transform transform) {
    }

    /** The draw: degrees, scale, shear degrees, flips, brightness and contrast factors; affine false = none. */
    public record Transform(boolean affine, double rotationDeg, double scale, double shearDeg, boolean flipX,
                            boolean flipY, double brightness, double contrast) {
    }

    private final AugmentSettings settings;

    public Augmenter(AugmentSettings settings) {
        this.settings = settings;
    }

    public AugmentSettings settings() {
        return settings;
    }

    public Transform draw(SplittableRandom r) {
        boolean affine = r.nextDouble() < settings.probability();
        double rot = range(r, -settings.rotationDeg(), settings.rotationDeg());
        double scale = range(r, settings.scaleMin(), settings.scaleMax());
        double shear = range(r, -settings.shearDeg(), settings.shearDeg());
        boolean fx = settings.horizontalFlip() && r.nextBoolean();
        boolean fy = settings.verticalFlip() && r.nextBoolean();
        double brightness = range(r, settings.brightnessMin(), settings.brightnessMax());
        double contrast = range(r, settings.contrastMin(), settings.contrastMax());
        return affine ? new Transform(true, rot, scale, shear, fx, fy, brightness, contrast)
                : new Transform(false, 0, 1, 0, false, false, brightness, contrast);
    }

    /** Augments {@code image} (and {@code mask}, may be null) into a centred {@code outSize} square. */
    public Result apply(Image8 image, Image8 mask, int outSize, SplittableRandom r) {
        Transform t = draw(r);
        return new Result(warp(image, t, outSize, false), mask == null ? null : warp(mask, t, outSize, true), t);
    }

    /**
     * Output pixel p maps to input A^-1 (p - c_out) + c_in with A = rotation . shear . scale . flips;
     * image pixels are sampled bilinearly (8-bit fixed-point weights), mask pixels nearest. Brightness and
     * contrast then apply to images, contrast around the output's own mean (as torchvision does).
     */
    static Image8 warp(Image8 in, Transform t, int outSize, boolean nearest) {
        double th = Math.toRadians(t.rotationDeg());
        double sh = Math.tan(Math.toRadians(t.shearDeg()));
        double sx = t.scale() * (t.flipX() ? -1 : 1);
        double sy = t.scale() * (t.flipY() ? -1 : 1);
        // A = R * Sh * S: [[cos, -sin],[sin, cos]] * [[1, sh],[0, 1]] * diag(sx, sy)
        double a = Math.cos(th) * sx;
        double b = (Math.cos(th) * sh - Math.sin(th)) * sy;
        double c = Math.sin(th) * sx;
        double d = (Math.sin(th) * sh + Math.cos(th)) * sy;
        double det = a * d - b * c;
        double ia = d / det;
        double ib = -b / det;
        double ic = -c / det;
        double id = a / det;
        int ch = in.channels();
        int w = in.width();
        int h = in.height();
        double cinX = (w - 1) / 2.0;
        double cinY = (h - 1) / 2.0;
        double cout = (outSize - 1) / 2.0;
        Image8 out = Image8.blank(outSize, outSize, ch);
        double[] m = {ia, ib, ic, id, cinX, cinY, cout};
        for (int v = 0; v < outSize; v++) {
            if (nearest) {
                nearestRow(in, out, v, m);
            } else if (ch == 1) {
                bilinearRowGrey(in, out, v, m);
            } else {
                bilinearRow(in, out, v, m);
            }
        }
        if (!nearest && (t.contrast() != 1 || t.brightness() != 1)) {
            tone(out.pixels(), out.mean(), t.contrast(), t.brightness());
        }
        return out;
    }

    /** One output row, sampled bilinearly with 8-bit fixed-point weights; m = {ia, ib, ic, id, cinX, cinY, cout}. */
    private static void bilinearRow(Image8 in, Image8 out, int v, double[] m) {
        int w = in.width();
        int h = in.height();
        int ch = in.channels();
        int n = out.width();
        byte[] src = in.pixels();
        byte[] dst = out.pixels();
        long[] start = rowStart(m, v);
        long xs = start[0];
        long ys = start[1];
        long dxs = start[2];
        long dys = start[3];
        int o = v * n * ch;
        for (int u = 0; u < n; u++, xs += dxs, ys += dys, o += ch) {
            int x0 = (int) (xs >> 16) - OFFSET;
            int y0 = (int) (ys >> 16) - OFFSET;
            int fx = (int) (xs >> 8) & 0xff;
            int fy = (int) (ys >> 8) & 0xff;
            int xa = x0;
            int xb = x0 + 1;
            int ya = y0;
            int yb = y0 + 1;
            if (x0 < 0 || y0 < 0 || xb >= w || yb >= h) {
                xa = reflect(x0, w);
                xb = reflect(x0 + 1, w);
                ya = reflect(y0, h);
                yb = reflect(y0 + 1, h);
            }
            int i00 = (ya * w + xa) * ch;
            int i01 = (ya * w + xb) * ch;
            int i10 = (yb * w + xa) * ch;
            int i11 = (yb * w + xb) * ch;
            for (int k = 0; k < ch; k++) {
                dst[o + k] = blend(src[i00 + k] & 0xff, src[i01 + k] & 0xff, src[i10 + k] & 0xff,
                        src[i11 + k] & 0xff, fx, fy);
            }
        }
    }

    /** {@link #bilinearRow} for single-channel images (the supervised stream's), without the channel loop. */
    private static void bilinearRowGrey(Image8 in, Image8 out, int v, double[] m) {
        int w = in.width();
        int h = in.height();
        int n = out.width();
        byte[] src = in.pixels();
        byte[] dst = out.pixels();
        long[] start = rowStart(m, v);
        long xs = start[0];
        long ys = start[1];
        long dxs = start[2];
        long dys = start[3];
        int o = v * n;
        for (int u = 0; u < n; u++, xs += dxs, ys += dys) {
            int x0 = (int) (xs >> 16) - OFFSET;
            int y0 = (int) (ys >> 16) - OFFSET;
            int fx = (int) (xs >> 8) & 0xff;
            int fy = (int) (ys >> 8) & 0xff;
            int p00;
            int p01;
            int p10;
            int p11;
            if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
                int i = y0 * w + x0;
                p00 = src[i] & 0xff;
                p01 = src[i + 1] & 0xff;
                p10 = src[i + w] & 0xff;
                p11 = src[i + w + 1] & 0xff;
            } else {
                int xa = reflect(x0, w);
                int xb = reflect(x0 + 1, w);
                int ya = reflect(y0, h) * w;
                int yb = reflect(y0 + 1, h) * w;
                p00 = src[ya + xa] & 0xff;
                p01 = src[ya + xb] & 0xff;
                p10 = src[yb + xa] & 0xff;
                p11 = src[yb + xb] & 0xff;
            }
            dst[o + u] = blend(p00, p01, p10, p11, fx, fy);
        }
    }

    /** Bilinear blend of four neighbours with 8-bit weights fx, fy (0..255), rounded. */
    private static byte blend(int p00, int p01, int p10, int p11, int fx, int fy) {
        int top = (p00 << 8) + fx * (p01 - p00);
        int bottom = (p10 << 8) + fx * (p11 - p10);
        return (byte) (((top << 8) + fy * (bottom - top) + (1 << 15)) >> 16);
    }

    /** One output row of a mask, nearest neighbour. */
    private static void nearestRow(Image8 in, Image8 out, int v, double[] m) {
        int w = in.width();
        int h = in.height();
        int ch = in.channels();
        int n = out.width();
        double dy = v - m[6];
        double x = m[0] * -m[6] + m[1] * dy + m[4];
        double y = m[2] * -m[6] + m[3] * dy + m[5];
        for (int u = 0; u < n; u++, x += m[0], y += m[2]) {
            int xi = reflect((int) Math.round(x), w);
            int yi = reflect((int) Math.round(y), h);
            for (int k = 0; k < ch; k++) {
                out.pixels()[(v * n + u) * ch + k] = in.pixels()[(yi * w + xi) * ch + k];
            }
        }
    }

    /**
     * Where output row {@code v} starts in the input and how far one output pixel moves, as 16.16 fixed
     * point {x, y, dx, dy}, offset so that shifting floors the small negatives near the borders.
     */
    private static long[] rowStart(double[] m, int v) {
        double dy = v - m[6];
        double step = 1L << 16;
        return new long[] {Math.round((m[0] * -m[6] + m[1] * dy + m[4] + OFFSET) * step),
                Math.round((m[2] * -m[6] + m[3] * dy + m[5] + OFFSET) * step),
                Math.round(m[0] * step), Math.round(m[2] * step)};
    }

    /** Keeps fixed-point positions positive, so shifting floors them. */
    private static final int OFFSET = 4096;

    /** v -> ((v - mean) * contrast + mean) * brightness, clipped, through a lookup table. */
    private static void tone(byte[] pixels, double mean, double contrast, double brightness) {
        byte[] lut = new byte[256];
        for (int v = 0; v < 256; v++) {
            long q = Math.round(((v - mean) * contrast + mean) * brightness);
            lut[v] = (byte) Math.max(0, Math.min(255, q));
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = lut[pixels[i] & 0xff];
        }
    }

    /** Mirror index into 0..n-1 (border pixels repeat once, as numpy's "reflect" with edge). */
    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    private static double range(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }
}
