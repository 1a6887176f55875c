package org.ispadlab.data;

import java.util.List;

/** Per-pixel statistics over many patches: how much a fault-free patch is allowed to vary. */
public final class ImageStats {

    private ImageStats() {
    }

    /** The per-pixel mean and standard deviation (grey levels; std scaled x4 to be visible) of same-sized patches. */
    public static Image8[] meanAndStd(List<Image8> patches) {
        if (patches.isEmpty()) {
            throw new IllegalArgumentException("no patches to average");
        }
        Image8 first = patches.get(0);
        int n = first.pixels().length;
        double[] sum = new double[n];
        double[] sq = new double[n];
        for (Image8 p : patches) {
            if (p.pixels().length != n) {
                throw new IllegalArgumentException(p + " differs in size from " + first);
            }
            for (int i = 0; i < n; i++) {
                int v = p.pixels()[i] & 0xff;
                sum[i] += v;
                sq[i] += (double) v * v;
            }
        }
        Image8 mean = Image8.blank(first.width(), first.height(), first.channels());
        Image8 std = Image8.blank(first.width(), first.height(), first.channels());
        for (int i = 0; i < n; i++) {
            double m = sum[i] / patches.size();
            mean.pixels()[i] = (byte) Math.round(m);
            std.pixels()[i] = (byte) Math.min(255, Math.round(4 * Math.sqrt(Math.max(0, sq[i] / patches.size() - m * m))));
        }
        return new Image8[] {mean, std};
    }

    /** Grey-level histogram (256 bins) over all pixels and channels of the patches. */
    public static long[] histogram(List<Image8> patches) {
        long[] bins = new long[256];
        for (Image8 p : patches) {
            for (byte b : p.pixels()) {
                bins[b & 0xff]++;
            }
        }
        return bins;
    }
}
