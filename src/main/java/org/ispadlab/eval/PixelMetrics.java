package org.ispadlab.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The pixel-level metrics of the paper's Tables 5-7, exactly as the MVTec AD evaluation defines them, from one
 * sort of every test pixel:
 * <ul>
 *   <li>pixel AUROC: the area under the ROC curve of all pixels of all test images (defect pixels positive),
 *       ties moving together as one step, so it equals the Mann-Whitney statistic with half credit for ties;</li>
 *   <li>PRO: the per-region overlap curve (for each threshold, the mean over all 8-connected defect regions of
 *       the share of the region above it) against the FPR of the fault-free pixels, integrated by trapezoids
 *       from 0 up to an FPR limit (0.3, interpolated there) and divided by that limit, so 1 is perfect.</li>
 * </ul>
 * A fault-free image contributes only negatives. Scores may have any range. The sort is an LSD radix sort of
 * 64-bit keys (the score's order-preserving bits above, the pixel's region below): linear in the pixel count,
 * so 1,600 maps of 256x256 take about a second where a comparison sort of 100 M keys takes several; no
 * maintained Java library sorts primitive keys this way.
 */
public final class PixelMetrics {

    /** The FPR up to which the MVTec AD evaluation integrates PRO. */
    public static final double PRO_FPR_LIMIT = 0.3;

    /** Pixel AUROC and PRO of a set of maps, with what they were computed from. */
    public record Result(double auroc, double pro, long pixels, long defectPixels, int regions, int images) {
        @Override
        public String toString() {
            return String.format("pixel AUROC %.4f, PRO %.4f (%d images, %d pixels, %d defect pixels, %d regions)",
                    auroc, pro, images, pixels, defectPixels, regions);
        }
    }

    private record Entry(float[] map, Regions regions, String name) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private long pixels;
    private int regionCount;

    /**
     * Adds one image's anomaly map and ground truth (row-major, {@code width x height}; {@code mask} null for a
     * fault-free image). Keeps references, copies nothing. {@code name} appears in errors.
     */
    public PixelMetrics add(String name, float[] map, boolean[] mask, int width, int height) {
        if (map.length != width * height) {
            throw new IllegalArgumentException(name + ": map has " + map.length + " values, expected " + width + "x"
                    + height);
        }
        for (float v : map) {
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException(name + ": the anomaly map holds NaN");
            }
        }
        Regions r = Regions.of(mask, width, height);
        entries.add(new Entry(map, r, name));
        pixels += map.length;
        regionCount += r.count();
        return this;
    }

    /** Both metrics, PRO up to {@link #PRO_FPR_LIMIT}. */
    public Result compute() {
        return compute(PRO_FPR_LIMIT);
    }

    /** Both metrics, PRO integrated up to {@code fprLimit} (0 < limit <= 1). */
    public Result compute(double fprLimit) {
        if (!(fprLimit > 0 && fprLimit <= 1)) {
            throw new IllegalArgumentException("the FPR limit must be in (0, 1], got " + fprLimit);
        }
        if (pixels > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(pixels + " pixels are more than one sort holds; evaluate in parts");
        }
        // region weights: a pixel of region r adds 1 / (R * |r|) to PRO
        double[] weight = new double[regionCount + 1];
        long[] keys = new long[(int) pixels];
        int at = 0;
        int firstRegion = 0;
        long positives = 0;
        for (Entry e : entries) {
            int[] sizes = e.regions().sizes();
            for (int r = 0; r < sizes.length; r++) {
                weight[firstRegion + r + 1] = 1.0 / ((double) regionCount * sizes[r]);
            }
            int[] labels = e.regions().labels();
            float[] map = e.map();
            for (int i = 0; i < map.length; i++) {
                int label = labels[i];
                int region = label == 0 ? 0 : firstRegion + label;
                positives += label == 0 ? 0 : 1;
                keys[at++] = ((long) orderedBits(map[i]) << 32) | region;
            }
            firstRegion += sizes.length;
        }
        RadixSort.byHighInt(keys);
        long negatives = pixels - positives;

        double rocArea = 0;
        double proArea = 0;
        long tp = 0;
        long fp = 0;
        double pro = 0;
        double lastFpr = 0;
        double lastPro = 0;
        boolean proDone = regionCount == 0 || negatives == 0;
        for (int i = keys.length - 1; i >= 0; ) {
            int group = (int) (keys[i] >>> 32);
            long dTp = 0;
            long dFp = 0;
            double dPro = 0;
            for (; i >= 0 && (int) (keys[i] >>> 32) == group; i--) {
                int region = (int) keys[i];
                if (region == 0) {
                    dFp++;
                } else {
                    dTp++;
                    dPro += weight[region];
                }
            }
            rocArea += dFp * (tp + tp + dTp) / 2.0;
            tp += dTp;
            fp += dFp;
            pro += dPro;
            if (!proDone) {
                double fpr = (double) fp / negatives;
                if (fpr >= fprLimit) {
                    double at03 = lastPro + (pro - lastPro) * (fprLimit - lastFpr) / (fpr - lastFpr);
                    proArea += (fprLimit - lastFpr) * (lastPro + at03) / 2;
                    proDone = true;
                } else {
                    proArea += (fpr - lastFpr) * (lastPro + pro) / 2;
                    lastFpr = fpr;
                    lastPro = pro;
                }
            }
        }
        double auroc = positives == 0 || negatives == 0 ? Double.NaN : rocArea / ((double) positives * negatives);
        double proScore = regionCount == 0 || negatives == 0 ? Double.NaN : proArea / fprLimit;
        return new Result(auroc, proScore, pixels, positives, regionCount, entries.size());
    }

    /** The float's bits as an unsigned int of the same order (-0 and +0 equal: they are the same score). */
    static int orderedBits(float v) {
        int bits = Float.floatToRawIntBits(v + 0.0f);
        return bits < 0 ? ~bits : bits | 0x80000000;
    }
}
