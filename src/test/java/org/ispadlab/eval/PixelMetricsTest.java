package org.ispadlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PixelMetricsTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void regionsAreEightConnected() {
        // a diagonal pair is one region; a pixel two columns away is another
        boolean[] mask = {
            T, F, F, F,
            F, T, F, T,
            F, F, F, T,
            F, F, F, F};
        Regions r = Regions.of(mask, 4, 4);
        assertEquals(2, r.count());
        assertArrayEquals(new int[] {2, 2}, r.sizes());
        assertEquals(r.labels()[0], r.labels()[5]);
        assertEquals(r.labels()[7], r.labels()[11]);
        assertEquals(0, Regions.of(new boolean[16], 4, 4).count());
        assertEquals(0, Regions.of(null, 4, 4).count());
    }

    @Test
    void handComputedAurocAndProWithTies() {
        // defect pixels score 0.9 and 0.5 (one diagonal region of 2); negatives 0.1, 0.5 | 0.5, 0.2, 0.0, 0.3.
        // AUROC: 0.9 beats all 6 negatives, 0.5 beats 4 and ties 2 -> (6 + 4 + 1) / 12.
        // PRO curve (0, 0.5) -> (1/3, 1.0); at FPR 0.3 it is 0.95; area 0.3 * (0.5 + 0.95) / 2 = 0.2175; / 0.3.
        PixelMetrics m = new PixelMetrics()
                .add("a", new float[] {0.9f, 0.1f, 0.5f, 0.5f}, new boolean[] {T, F, F, T}, 2, 2)
                .add("b", new float[] {0.5f, 0.2f, 0.0f, 0.3f}, null, 2, 2);
        PixelMetrics.Result r = m.compute();
        assertEquals(11.0 / 12, r.auroc(), 1e-12);
        assertEquals(0.725, r.pro(), 1e-12);
        assertEquals(8, r.pixels());
        assertEquals(2, r.defectPixels());
        assertEquals(1, r.regions());
        // an empty mask is a fault-free image: the same numbers
        PixelMetrics.Result empty = new PixelMetrics()
                .add("a", new float[] {0.9f, 0.1f, 0.5f, 0.5f}, new boolean[] {T, F, F, T}, 2, 2)
                .add("b", new float[] {0.5f, 0.2f, 0.0f, 0.3f}, new boolean[4], 2, 2).compute();
        assertEquals(r, empty);
    }

    @Test
    void proAveragesOverRegionsNotPixels() {
        // a large region found entirely and a small one missed: PRO counts each region once.
        // Regions: A = 3 pixels scoring 1.0, B = 1 pixel scoring 0.0; negatives 0.5 x 4.
        // Curve: (0, 0.5) at t=1.0; (1, 0.5) at t=0.5; PRO up to 0.3 = 0.5. AUROC = (3 * 4 + 0) / 16.
        float[] map = {1f, 1f, 0.5f, 0.5f, 1f, 0.5f, 0.5f, 0f};
        boolean[] mask = {T, T, F, F, T, F, F, T};
        PixelMetrics.Result r = new PixelMetrics().add("two regions", map, mask, 4, 2).compute();
        assertEquals(2, r.regions());
        assertEquals(0.75, r.auroc(), 1e-12);
        assertEquals(0.5, r.pro(), 1e-12);
    }

    @Test
    void equalsIndependentComputationOnRandomMaps() {
        Random rnd = new Random(3);
        PixelMetrics m = new PixelMetrics();
        List<float[]> maps = new ArrayList<>();
        List<int[]> regionOf = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        int w = 12;
        int h = 9;
        for (int img = 0; img < 6; img++) {
            float[] map = new float[w * h];
            boolean[] mask = new boolean[w * h];
            int x0 = rnd.nextInt(w - 4);
            int y0 = rnd.nextInt(h - 4);
            boolean defective = img % 2 == 0;
            for (int i = 0; i < map.length; i++) {
                int x = i % w;
                int y = i / w;
                mask[i] = defective && x >= x0 && x < x0 + 3 && y >= y0 && y < y0 + 2;
                // coarse values: many ties, and defects a little higher on average
                map[i] = Math.round((rnd.nextFloat() + (mask[i] ? 0.4f : 0f)) * 10) / 10f - 0.5f;
            }
            m.add("map " + img, map, mask, w, h);
            Regions r = Regions.of(mask, w, h);
            int[] global = new int[map.length];
            for (int i = 0; i < map.length; i++) {
                global[i] = r.labels()[i] == 0 ? -1 : sizes.size() + r.labels()[i] - 1;
            }
            for (int s : r.sizes()) {
                sizes.add(s);
            }
            maps.add(map);
            regionOf.add(global);
        }
        PixelMetrics.Result r = m.compute();

        // Mann-Whitney over all pairs
        List<Float> pos = new ArrayList<>();
        List<Float> neg = new ArrayList<>();
        for (int k = 0; k < maps.size(); k++) {
            for (int i = 0; i < maps.get(k).length; i++) {
                (regionOf.get(k)[i] >= 0 ? pos : neg).add(maps.get(k)[i]);
            }
        }
        double wins = 0;
        for (float p : pos) {
            for (float n : neg) {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        assertEquals(wins / ((double) pos.size() * neg.size()), r.auroc(), 1e-12);

        // PRO: the curve at every distinct threshold, from its definition
        TreeSet<Float> thresholds = new TreeSet<>(java.util.Comparator.reverseOrder());
        maps.forEach(mp -> { for (float v : mp) { thresholds.add(v); } });
        double lastFpr = 0;
        double lastPro = 0;
        double area = 0;
        for (float t : thresholds) {
            long fp = neg.stream().filter(v -> v >= t).count();
            double[] covered = new double[sizes.size()];
            for (int k = 0; k < maps.size(); k++) {
                for (int i = 0; i < maps.get(k).length; i++) {
                    if (regionOf.get(k)[i] >= 0 && maps.get(k)[i] >= t) {
                        covered[regionOf.get(k)[i]]++;
                    }
                }
            }
            double pro = 0;
            for (int g = 0; g < covered.length; g++) {
                pro += covered[g] / sizes.get(g) / covered.length;
            }
            double fpr = (double) fp / neg.size();
            if (fpr >= 0.3) {
                double y = lastPro + (pro - lastPro) * (0.3 - lastFpr) / (fpr - lastFpr);
                area += (0.3 - lastFpr) * (lastPro + y) / 2;
                break;
            }
            area += (fpr - lastFpr) * (lastPro + pro) / 2;
            lastFpr = fpr;
            lastPro = pro;
        }
        assertEquals(area / 0.3, r.pro(), 1e-12);
        assertTrue(r.auroc() > 0.6, "the defects were made to score higher: " + r);
    }

    @Test
    void radixSortOrdersLikeFloats() {
        Random rnd = new Random(5);
        float[] values = new float[5000];
        long[] keys = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 7 == 0 ? -0.0f : (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(6) - 3));
            keys[i] = ((long) PixelMetrics.orderedBits(values[i]) << 32) | i;
        }
        RadixSort.byHighInt(keys);
        for (int i = 1; i < keys.length; i++) {
            assertTrue(values[(int) keys[i - 1]] <= values[(int) keys[i]], "order at " + i);
        }
    }

    @Test
    void bordersAreCutOffBothMapsAndMasks() {
        float[] map = new float[16];
        boolean[] mask = new boolean[16];
        for (int i = 0; i < 16; i++) {
            map[i] = i;
            mask[i] = i == 5 || i == 0;
        }
        assertArrayEquals(new float[] {5, 6, 9, 10}, Borders.crop(map, 4, 4, 1));
        assertArrayEquals(new boolean[] {T, F, F, F}, Borders.crop(mask, 4, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> Borders.crop(map, 4, 4, 2));
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new PixelMetrics().add("cable_017", new float[] {Float.NaN}, null, 1, 1));
        assertTrue(nan.getMessage().contains("cable_017"), nan.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> new PixelMetrics().add("m", new float[3], null, 2, 2));
        assertTrue(size.getMessage().contains("2x2"), size.getMessage());
    }
}
