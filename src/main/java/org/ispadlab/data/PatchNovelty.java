package org.ispadlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.StatUtils;

/**
 * How far a defect lies from everything fault-free, in a fixed feature space: the raw grey levels (luminance, / 255;
 * what the lab's networks see) of {@value #WINDOW} px windows every {@value #STRIDE} px. A window's novelty is its Euclidean distance
 * to the nearest window of a bank of fault-free patches; a patch's novelty is the largest over its windows (for a
 * defect, over the windows that overlap its mask: the defect, not the background around it). The <b>novelty ratio</b>
 * divides that by the median novelty of held-out fault-free patches: about 1 means the defect looks like the
 * permitted variation of the print, well above 1 that no fault-free patch shows anything like it.
 * <p>
 * The contrast ratio ({@link DefectStats#contrastRatio}) compares grey levels inside a mask with its ring and cannot
 * tell a structural defect (a print layer shifted against another, a disturbed screen) from a good print: both
 * inside and ring are print. This figure sees structure, because it compares whole windows of print with the print
 * fault-free patches show. Brute-force search, bounded ({@value #MAX_BANK} bank windows, {@value #MAX_QUERIES} query
 * windows a patch) so that a 256 px patch costs about what a 64 px one does.
 */
public final class PatchNovelty {

    /** Window side, px: more than half the simulated print's period, enough to hold a cell edge and its neighbour. */
    public static final int WINDOW = 16;
    public static final int STRIDE = 8;
    public static final int MAX_BANK = 4000;
    public static final int MAX_QUERIES = 64;

    private final float[][] bank;
    private final double reference;

    /**
     * @param faultFree the bank: windows of these patches, the same number of each (evenly chosen), at most
     *                  {@value #MAX_BANK} in all
     * @param heldOut   other fault-free patches, whose median novelty is the unit of {@link #ratio}
     */
    public PatchNovelty(List<Image8> faultFree, List<Image8> heldOut) {
        if (faultFree.isEmpty() || heldOut.isEmpty()) {
            throw new IllegalArgumentException("the novelty ratio needs fault-free patches for its bank and held-out "
                    + "ones for its unit; got " + faultFree.size() + " and " + heldOut.size());
        }
        int perPatch = Math.max(1, MAX_BANK / faultFree.size());
        List<float[]> windows = new ArrayList<>();
        for (Image8 image : faultFree) {
            Image8 patch = image.grey();
            for (int[] at : evenly(positions(patch), perPatch)) {
                windows.add(window(patch, at[0], at[1]));
            }
        }
        bank = windows.toArray(float[][]::new);
        reference = StatUtils.percentile(heldOut.stream().mapToDouble(p -> novelty(p, null)).toArray(), 50);
    }

    /** The median novelty of the held-out fault-free patches: the unit of {@link #ratio}. */
    public double reference() {
        return reference;
    }

    /** {@link #novelty} over the held-out fault-free patches' median. */
    public double ratio(Image8 patch, Image8 mask) {
        return novelty(patch, mask) / reference;
    }

    /**
     * The largest distance of a window of {@code patch} to its nearest bank window, over the windows that overlap
     * {@code mask} (every window when it is null or empty), at most {@value #MAX_QUERIES} of them evenly chosen.
     */
    public double novelty(Image8 image, Image8 mask) {
        Image8 patch = image.grey();
        List<int[]> all = positions(patch);
        List<int[]> touching = mask == null ? all : all.stream().filter(at -> overlaps(mask, at)).toList();
        List<int[]> queries = touching.isEmpty() ? all : touching;
        return evenly(queries, MAX_QUERIES).parallelStream()
                .mapToDouble(at -> nearest(window(patch, at[0], at[1])))
                .max().orElseThrow();
    }

    /** At most {@code n} of {@code items}, evenly spread over the list. */
    private static <T> List<T> evenly(List<T> items, int n) {
        int k = Math.min(n, items.size());
        return IntStream.range(0, k).mapToObj(i -> items.get((int) ((long) i * items.size() / k))).toList();
    }

    private double nearest(float[] query) {
        double best = Double.MAX_VALUE;
        for (float[] candidate : bank) {
            double d = 0;
            // partial distance: stop once this candidate cannot be the nearest
            for (int k = 0; k < query.length && d < best; k++) {
                double diff = query[k] - candidate[k];
                d += diff * diff;
            }
            best = Math.min(best, d);
        }
        return Math.sqrt(best);
    }

    /** Top-left corners of the windows: every {@value #STRIDE} px, the last flush with the far edge. */
    private static List<int[]> positions(Image8 patch) {
        if (patch.width() < WINDOW || patch.height() < WINDOW) {
            throw new IllegalArgumentException("the novelty ratio needs patches of at least " + WINDOW + " px; got "
                    + patch.width() + "x" + patch.height());
        }
        int[] xs = starts(patch.width());
        int[] ys = starts(patch.height());
        List<int[]> out = new ArrayList<>(xs.length * ys.length);
        for (int y : ys) {
            for (int x : xs) {
                out.add(new int[] {x, y});
            }
        }
        return out;
    }

    private static int[] starts(int side) {
        int[] s = IntStream.iterate(0, v -> v <= side - WINDOW, v -> v + STRIDE).toArray();
        return s[s.length - 1] == side - WINDOW ? s : IntStream.concat(Arrays.stream(s), IntStream.of(side - WINDOW)).toArray();
    }

    private static boolean overlaps(Image8 mask, int[] at) {
        for (int y = at[1]; y < at[1] + WINDOW; y++) {
            for (int x = at[0]; x < at[0] + WINDOW; x++) {
                if (mask.get(x, y, 0) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static float[] window(Image8 patch, int x0, int y0) {
        float[] w = new float[WINDOW * WINDOW];
        int k = 0;
        for (int y = y0; y < y0 + WINDOW; y++) {
            for (int x = x0; x < x0 + WINDOW; x++) {
                w[k++] = patch.get(x, y, 0) / 255f;
            }
        }
        return w;
    }
}
