package org.ispadlab.explore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What the misses have in common: a model's recall against a property of the defect (mask area, contrast ratio),
 * over bins holding equally many defects, at the fixed-FPR threshold ({@link GroupRecall#FPR}: the same
 * false-alarm budget for every model); and the score distributions of the groups.
 */
public final class MissProfile {

    private MissProfile() {
    }

    /** Per model, {bin medians of the property[], recall in the bin[]}, over {@code bins} equal-count bins. */
    public static Map<String, double[][]> recallBy(DefectTable table, List<ExploredModel> models,
                                                   ToDoubleFunction<DefectTable.Image> property, int bins) {
        List<DefectTable.Image> defects = table.images().stream().filter(DefectTable.Image::defective)
                .filter(i -> Double.isFinite(property.applyAsDouble(i)))
                .sorted(java.util.Comparator.comparingDouble(property)).toList();
        int n = Math.min(bins, defects.size());
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (ExploredModel m : models) {
            double threshold = thresholdAtFpr(table, m);
            double[][] xy = new double[2][n];
            for (int b = 0; b < n; b++) {
                List<DefectTable.Image> bin = defects.subList(b * defects.size() / n, (b + 1) * defects.size() / n);
                double[] values = bin.stream().mapToDouble(property).toArray();
                xy[0][b] = org.apache.commons.math3.stat.StatUtils.percentile(values, 50);
                xy[1][b] = bin.stream().filter(i -> m.scores()[i.index()] >= threshold).count() / (double) bin.size();
            }
            out.put(m.name(), xy);
        }
        return out;
    }

    /** A model's scores per group as {bin centres[], share of the group's images[]} over {@code bins} bins. */
    public static Map<String, double[][]> histograms(DefectTable table, ExploredModel m, int bins) {
        float[] s = m.scores();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : s) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double width = Math.max(hi - lo, 1e-12) / bins;
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (String g : List.of("good", "points", "area")) {
            List<DefectTable.Image> images = table.subset(g, false);
            double[][] xy = new double[2][bins];
            for (int b = 0; b < bins; b++) {
                xy[0][b] = lo + (b + 0.5) * width;
            }
            for (DefectTable.Image i : images) {
                int b = (int) Math.min(bins - 1, Math.floor((s[i.index()] - lo) / width));
                xy[1][b] += 1.0 / images.size();
            }
            out.put(g + " (" + images.size() + ")", xy);
        }
        return out;
    }

    /** The fixed-FPR threshold of a model on the table's fault-free images. */
    public static double thresholdAtFpr(DefectTable table, ExploredModel m) {
        int[] good = GroupRecall.indices(table.subset("good", false));
        float[] goodScores = new float[good.length];
        for (int k = 0; k < good.length; k++) {
            goodScores[k] = m.scores()[good[k]];
        }
        return Bootstrap.thresholdAtFpr(goodScores, GroupRecall.FPR);
    }
}
