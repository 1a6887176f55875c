package org.ispadlab.data;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a defect looks like in numbers (paper, Sec. 3.1: small and weakly contrasted): its area, its
 * elongation, its contrast to the local background, and where it sits in the patch.
 *
 * @param kind       "points", "area", "synthetic"...: where the defect comes from
 * @param elongation ratio of the mask's principal axes (1 = round, large = thin and long)
 * @param contrast   mean grey level inside the mask minus the mean of a ring of {@link #RING} px around it
 * @param ringStd    standard deviation of the grey levels in that ring: how busy the background is
 */
public record DefectStats(String file, Modality modality, String kind, int areaPx, double areaFraction,
                          double elongation, double contrast, double ringStd, double centroidX, double centroidY) {

    /**
     * |contrast| / ring std: how far a defect stands out of its own background's variation. The paper's defects
     * are faint (Sec. 3.1); this one number says how visible a dataset's defects are, whatever the modality.
     */
    public double contrastRatio() {
        return ringStd > 0 ? Math.abs(contrast) / ringStd : Double.NaN;
    }

    /** Width of the background ring around a defect. */
    public static final int RING = 4;

    /** Measures one test defect from its files. */
    public static DefectStats of(LabeledPatch patch, Modality m) {
        return of(patch.image().getFileName().toString(), m, patch.group().folder(), patch.load(), patch.loadMask());
    }

    /** Measures one defect from its patch and mask (grey luminance for RGB). */
    public static DefectStats of(String name, Modality m, String kind, Image8 patch, Image8 mask) {
        Image8 image = patch.grey();
        int w = mask.width();
        int h = mask.height();
        boolean[] inside = new boolean[w * h];
        long sumIn = 0;
        int area = 0;
        double cx = 0;
        double cy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask.get(x, y, 0) > 0) {
                    inside[y * w + x] = true;
                    sumIn += image.get(x, y, 0);
                    area++;
                    cx += x;
                    cy += y;
                    sxx += (double) x * x;
                    syy += (double) y * y;
                    sxy += (double) x * y;
                }
            }
        }
        boolean[] ring = dilate(inside, w, h, RING);
        long sumRing = 0;
        long sumRing2 = 0;
        int ringCount = 0;
        for (int i = 0; i < ring.length; i++) {
            if (ring[i] && !inside[i]) {
                int v = image.pixels()[i] & 0xff;
                sumRing += v;
                sumRing2 += (long) v * v;
                ringCount++;
            }
        }
        double contrast = area == 0 || ringCount == 0 ? 0 : (double) sumIn / area - (double) sumRing / ringCount;
        double ringMean = ringCount == 0 ? 0 : (double) sumRing / ringCount;
        double ringStd = ringCount < 2 ? 0 : Math.sqrt(Math.max(0, (double) sumRing2 / ringCount - ringMean * ringMean));
        double elongation = Double.NaN;
        if (area > 0) {
            // principal axes from the mask's second moments (+1/12: a pixel's own extent)
            double mx = cx / area;
            double my = cy / area;
            double vxx = sxx / area - mx * mx + 1.0 / 12;
            double vyy = syy / area - my * my + 1.0 / 12;
            double vxy = sxy / area - mx * my;
            double root = Math.sqrt((vxx - vyy) * (vxx - vyy) / 4 + vxy * vxy);
            double major = (vxx + vyy) / 2 + root;
            double minor = Math.max(1e-9, (vxx + vyy) / 2 - root);
            elongation = Math.sqrt(major / minor);
        }
        return new DefectStats(name, m, kind, area, (double) area / (w * h), elongation, contrast, ringStd,
                area == 0 ? Double.NaN : cx / area / w, area == 0 ? Double.NaN : cy / area / h);
    }

    /** Square dilation by {@code r} pixels: a row pass, then a column pass. */
    static boolean[] dilate(boolean[] in, int w, int h, int r) {
        boolean[] rows = new boolean[in.length];
        for (int y = 0; y < h; y++) {
            sweep(in, rows, y * w, 1, w, r);
        }
        boolean[] out = new boolean[in.length];
        for (int x = 0; x < w; x++) {
            sweep(rows, out, x, w, h, r);
        }
        return out;
    }

    /** out = true where some in is true within r steps along one line (start, stride, n). */
    private static void sweep(boolean[] in, boolean[] out, int start, int stride, int n, int r) {
        int last = -r - 1;
        for (int k = 0; k < n; k++) {
            if (in[start + k * stride]) {
                last = k;
            }
            out[start + k * stride] = k - last <= r;
        }
        int next = n + r + 1;
        for (int k = n - 1; k >= 0; k--) {
            if (in[start + k * stride]) {
                next = k;
            }
            out[start + k * stride] |= next - k <= r;
        }
    }

    /** Where defects sit: the masks of {@code patches} summed on a {@code bins} x {@code bins} grid. */
    public static double[][] positions(List<LabeledPatch> patches, int bins) {
        double[][] map = new double[bins][bins];
        for (LabeledPatch p : patches) {
            Image8 mask = p.loadMask();
            for (int y = 0; y < mask.height(); y++) {
                for (int x = 0; x < mask.width(); x++) {
                    if (mask.get(x, y, 0) > 0) {
                        map[y * bins / mask.height()][x * bins / mask.width()]++;
                    }
                }
            }
        }
        return map;
    }

    /**
     * Whether each defect of {@code real} falls inside the envelope of {@code synthetic}: between their 5th and
     * 95th percentiles of log area, elongation and |contrast|. What falls outside is what synthesis does not
     * teach a model.
     */
    public static boolean[] coveredBy(List<DefectStats> real, List<DefectStats> synthetic) {
        double[][] env = {
            envelope(synthetic.stream().mapToDouble(s -> Math.log(Math.max(1, s.areaPx()))).toArray()),
            envelope(synthetic.stream().mapToDouble(DefectStats::elongation).toArray()),
            envelope(synthetic.stream().mapToDouble(s -> Math.abs(s.contrast())).toArray())};
        boolean[] covered = new boolean[real.size()];
        for (int i = 0; i < covered.length; i++) {
            DefectStats s = real.get(i);
            double[] v = {Math.log(Math.max(1, s.areaPx())), s.elongation(), Math.abs(s.contrast())};
            covered[i] = true;
            for (int k = 0; k < 3; k++) {
                covered[i] &= v[k] >= env[k][0] && v[k] <= env[k][1];
            }
        }
        return covered;
    }

    private static double[] envelope(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no synthetic defects to compare with");
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return new double[] {sorted[(int) Math.floor(0.05 * (sorted.length - 1))], sorted[(int) Math.ceil(0.95 * (sorted.length - 1))]};
    }

    public static Table table(List<DefectStats> stats) {
        return Table.create("Defects",
                StringColumn.create("modality", stats.stream().map(s -> s.modality().id())),
                StringColumn.create("kind", stats.stream().map(DefectStats::kind)),
                StringColumn.create("file", stats.stream().map(DefectStats::file)),
                IntColumn.create("area_px", stats.stream().mapToInt(DefectStats::areaPx).toArray()),
                DoubleColumn.create("area_pct", stats.stream().mapToDouble(s -> 100 * s.areaFraction())),
                DoubleColumn.create("elongation", stats.stream().mapToDouble(DefectStats::elongation)),
                DoubleColumn.create("contrast", stats.stream().mapToDouble(DefectStats::contrast)),
                DoubleColumn.create("contrast_ratio", stats.stream().mapToDouble(DefectStats::contrastRatio)),
                DoubleColumn.create("centroid_x", stats.stream().mapToDouble(DefectStats::centroidX)),
                DoubleColumn.create("centroid_y", stats.stream().mapToDouble(DefectStats::centroidY)));
    }
}
