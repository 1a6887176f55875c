package org.ispadlab.unsup;

/**
 * Resampling and smoothing of channel-major float grids (C x H x W, row-major), as the methods' reference code
 * does it with PyTorch and SciPy: bilinear resizing with {@code align_corners=False} (torch's
 * {@code F.interpolate}) and a Gaussian blur with kernel side {@code 2 * int(4 sigma + 0.5) + 1} and reflected
 * borders (anomalib's anomaly-map blur). Plain loops: the grids are small and this keeps every byte deterministic.
 */
public final class Grids {

    private Grids() {
    }

    /** Bilinear resize of {@code channels} planes {@code h x w} to {@code outH x outW}. */
    public static float[] resize(float[] src, int channels, int h, int w, int outH, int outW) {
        if (src.length != channels * h * w) {
            throw new IllegalArgumentException(src.length + " values, expected " + channels + "x" + h + "x" + w);
        }
        if (h == outH && w == outW) {
            return src.clone();
        }
        float[] out = new float[channels * outH * outW];
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        float[] fx = new float[outW];
        axis(w, outW, x0, x1, fx);
        int[] y0 = new int[outH];
        int[] y1 = new int[outH];
        float[] fy = new float[outH];
        axis(h, outH, y0, y1, fy);
        for (int c = 0; c < channels; c++) {
            int in = c * h * w;
            int o = c * outH * outW;
            for (int y = 0; y < outH; y++) {
                int r0 = in + y0[y] * w;
                int r1 = in + y1[y] * w;
                float wy = fy[y];
                for (int x = 0; x < outW; x++) {
                    float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
                    float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
                    out[o + y * outW + x] = top + (bottom - top) * wy;
                }
            }
        }
        return out;
    }

    /**
     * The {@code out x in} matrix of one axis' bilinear resize ({@code align_corners=False}), row-major: resizing a
     * plane is {@code R_h X R_w^T}, which a network can run with a gradient.
     */
    public static float[] interpolationMatrix(int in, int out) {
        int[] i0 = new int[out];
        int[] i1 = new int[out];
        float[] f = new float[out];
        axis(in, out, i0, i1, f);
        float[] r = new float[out * in];
        for (int i = 0; i < out; i++) {
            r[i * in + i0[i]] += 1 - f[i];
            r[i * in + i1[i]] += f[i];
        }
        return r;
    }

    private static void axis(int in, int out, int[] i0, int[] i1, float[] f) {
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double s = Math.max(0, (i + 0.5) * scale - 0.5);
            int a = Math.min((int) s, in - 1);
            i0[i] = a;
            i1[i] = Math.min(a + 1, in - 1);
            f[i] = (float) (s - a);
        }
    }

    /** Gaussian blur of one {@code side x side} map with standard deviation {@code sigma} px (0: unchanged). */
    public static float[] blur(float[] map, int side, double sigma) {
        if (sigma <= 0) {
            return map.clone();
        }
        int radius = (int) (4 * sigma + 0.5);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] tmp = new float[map.length];
        float[] out = new float[map.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double v = 0;
                for (int i = -radius; i <= radius; i++) {
                    v += k[i + radius] * map[y * side + reflect(x + i, side)];
                }
                tmp[y * side + x] = (float) v;
            }
        }
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double v = 0;
                for (int i = -radius; i <= radius; i++) {
                    v += k[i + radius] * tmp[reflect(y + i, side) * side + x];
                }
                out[y * side + x] = (float) v;
            }
        }
        return out;
    }

    /** Reflection without repeating the edge (torch's and kornia's "reflect"). */
    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        i = Math.floorMod(i, period);
        return i < n ? i : period - i;
    }

    /**
     * A patch-grid score map ({@code h x w}) as an image-sized map: bilinear up to {@code side}, then the blur the
     * reference code uses (sigma 4 px at 256 px, scaled with the side so the smoothing covers the same share).
     */
    public static float[] toImageMap(float[] grid, int h, int w, int side) {
        return blur(resize(grid, 1, h, w, side, side), side, 4.0 * side / 256);
    }
}
