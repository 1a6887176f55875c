package org.ispadlab.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

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
 * A fault-free image contributes only negatives. Scores may have any range. The sort is an LSD radix sort: of
 * 32-bit keys (the score's order-preserving bits) for the fault-free pixels, in two halves on two cores, and of
 * 64-bit keys (the bits above, the pixel's region below) for the few defect pixels, merged on the fly by one
 * sweep: linear in the pixel count, where a comparison sort of 100 M keys takes several seconds; no maintained
 * Java library sorts primitive keys this way.
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

    private record Entry(float[] map, boolean[] mask, String name, int width, int height) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private long pixels;

    /**
     * Adds one image's anomaly map and ground truth (row-major, {@code width x height}; {@code mask} null for a
     * fault-free image). Keeps references, copies nothing. {@code name} appears in errors.
     */
    public PixelMetrics add(String name, float[] map, boolean[] mask, int width, int height) {
        if (map.length != width * height) {
            throw new IllegalArgumentException(name + ": map has " + map.length + " values, expected " + width + "x"
                    + height);
        }
        if (mask != null && mask.length != map.length) {
            throw new IllegalArgumentException(name + ": mask has " + mask.length + " pixels, expected " + width + "x"
                    + height);
        }
        for (float v : map) {
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException(name + ": the anomaly map holds NaN");
            }
        }
        entries.add(new Entry(map, mask, name, width, height));
        pixels += map.length;
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
        // every mask's 8-connected regions, on every core (a fault-free image has none)
        Regions[] regions = new Regions[entries.size()];
        IntStream.range(0, entries.size()).parallel().forEach(e -> {
            Entry x = entries.get(e);
            regions[e] = x.mask() == null ? null : Regions.of(x.mask(), x.width(), x.height());
        });
        int regionCount = 0;
        for (Regions r : regions) {
            regionCount += r == null ? 0 : r.count();
        }
        // region weights: a pixel of region r adds 1 / (R * |r|) to PRO
        double[] weight = new double[regionCount + 1];
        int[] negAt = new int[entries.size() + 1];
        int[] posAt = new int[entries.size() + 1];
        int[] firstRegion = new int[entries.size()];
        for (int e = 0, region = 0; e < entries.size(); e++) {
            int[] sizes = regions[e] == null ? new int[0] : regions[e].sizes();
            int defect = 0;
            for (int r = 0; r < sizes.length; r++) {
                weight[region + r + 1] = 1.0 / ((double) regionCount * sizes[r]);
                defect += sizes[r];
            }
            firstRegion[e] = region;
            region += sizes.length;
            posAt[e + 1] = posAt[e] + defect;
            negAt[e + 1] = negAt[e] + entries.get(e).map().length - defect;
        }
        // fault-free pixels need only their score (an int key, half the memory traffic of a long), defect pixels
        // their score and region; built and sorted on every core, then merged on the fly by the sweep
        int[] neg = new int[negAt[entries.size()]];
        long[] pos = new long[posAt[entries.size()]];
        IntStream.range(0, entries.size()).parallel().forEach(e -> {
            float[] map = entries.get(e).map();
            int n = negAt[e];
            if (regions[e] == null) {
                for (float v : map) {
                    neg[n++] = orderedBits(v);
                }
                return;
            }
            int[] labels = regions[e].labels();
            int p = posAt[e];
            for (int i = 0; i < map.length; i++) {
                int bits = orderedBits(map[i]);
                if (labels[i] == 0) {
                    neg[n++] = bits;
                } else {
                    pos[p++] = ((long) bits << 32) | (firstRegion[e] + labels[i]);
                }
            }
        });
        int mid = neg.length / 2;
        int[] scratch = new int[neg.length];
        IntStream.range(0, 3).parallel().forEach(part -> {
            switch (part) {
                case 0 -> RadixSort.unsigned(neg, 0, mid, scratch);
                case 1 -> RadixSort.unsigned(neg, mid, neg.length, scratch);
                default -> RadixSort.byHighInt(pos);
            }
        });
        long positives = pos.length;
        long negatives = neg.length;

        double rocArea = 0;
        double proArea = 0;
        long tp = 0;
        long fp = 0;
        double pro = 0;
        double lastFpr = 0;
        boolean proDone = regionCount == 0 || negatives == 0;
        int a = mid - 1;
        int b = neg.length - 1;
        int p = pos.length - 1;
        while (true) {
            // fault-free pixels above the next defect pixel's score: they only move the ROC right at height tp, and
            // PRO is constant over them, so each stretch is counted, not walked group by group
            boolean defectLeft = p >= 0;
            int next = defectLeft ? (int) (pos[p] >>> 32) : 0;
            long stretch;
            if (defectLeft) {
                int a0 = a;
                int b0 = b;
                while (a >= 0 && Integer.compareUnsigned(neg[a], next) > 0) {
                    a--;
                }
                while (b >= mid && Integer.compareUnsigned(neg[b], next) > 0) {
                    b--;
                }
                stretch = (a0 - a) + (b0 - b);
            } else {
                stretch = (a + 1) + (b - mid + 1);
            }
            if (stretch > 0) {
                rocArea += (double) stretch * tp;
                fp += stretch;
                if (!proDone) {
                    double fpr = (double) fp / negatives;
                    proArea += (Math.min(fpr, fprLimit) - lastFpr) * pro;
                    proDone = fpr >= fprLimit;
                    lastFpr = fpr;
                }
            }
            if (!defectLeft) {
                break;
            }
            // every pixel scored exactly next, fault-free and defective: one diagonal step
            long dFp = 0;
            for (; a >= 0 && neg[a] == next; a--) {
                dFp++;
            }
            for (; b >= mid && neg[b] == next; b--) {
                dFp++;
            }
            long dTp = 0;
            double dPro = 0;
            for (; p >= 0 && (int) (pos[p] >>> 32) == next; p--) {
                dTp++;
                dPro += weight[(int) pos[p]];
            }
            rocArea += dFp * (tp + tp + dTp) / 2.0;
            tp += dTp;
            fp += dFp;
            double lastPro = pro;
            pro += dPro;
            if (!proDone) {
                double fpr = (double) fp / negatives;
                if (fpr >= fprLimit) {
                    double atLimit = lastPro + (pro - lastPro) * (fprLimit - lastFpr) / (fpr - lastFpr);
                    proArea += (fprLimit - lastFpr) * (lastPro + atLimit) / 2;
                    proDone = true;
                } else {
                    proArea += (fpr - lastFpr) * (lastPro + pro) / 2;
                    lastFpr = fpr;
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
