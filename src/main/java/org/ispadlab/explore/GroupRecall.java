package org.ispadlab.explore;

import java.util.List;
import java.util.Locale;
import org.ispadlab.eval.BinaryMetrics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Recall per defect group or class for each model, with bootstrap intervals: at the honest threshold (fixed
 * without the test labels) and at the threshold that flags {@link #FPR} of the fault-free test images (the same
 * false-alarm budget for every model, so recalls compare across models whose scores live on other scales); and
 * the AUROC of each subset against the fault-free images.
 */
public final class GroupRecall {

    /** The false-alarm budget of the fixed-FPR threshold. */
    public static final double FPR = 0.05;

    /** One model on one subset of defects. */
    public record Cell(String model, String subset, int defects, Bootstrap.Estimate atHonest,
                       Bootstrap.Estimate atFpr, double auroc) {
    }

    private GroupRecall() {
    }

    /** Every model on every group ({@code byClass} false) or defect class (true). */
    public static List<Cell> cells(DefectTable table, List<ExploredModel> models, boolean byClass, long seed) {
        List<String> subsets = byClass ? table.classes() : List.of("points", "area");
        int[] good = indices(table.subset("good", false));
        List<Cell> out = new java.util.ArrayList<>();
        for (ExploredModel m : models) {
            for (String s : subsets) {
                int[] defects = indices(table.subset(s, byClass));
                long cellSeed = seed ^ (31L * m.name().hashCode() + s.hashCode());
                out.add(new Cell(m.name(), s, defects.length,
                        Bootstrap.recall(m.scores(), defects, m.honestThreshold(), cellSeed),
                        Bootstrap.recallAtFpr(m.scores(), good, defects, FPR, cellSeed + 1),
                        auroc(m.scores(), good, defects)));
            }
        }
        return out;
    }

    /** The cells as a table: recall with its 95 % interval at both thresholds, and the AUROC. */
    public static Table table(String title, List<Cell> cells) {
        StringColumn model = StringColumn.create("model");
        StringColumn subset = StringColumn.create("defects");
        IntColumn n = IntColumn.create("n");
        StringColumn honest = StringColumn.create("recall at honest threshold [95 % CI]");
        StringColumn fpr = StringColumn.create(String.format(Locale.ROOT, "recall at %.0f %% FPR [95 %% CI]",
                100 * FPR));
        DoubleColumn auroc = DoubleColumn.create("AUROC vs good");
        for (Cell c : cells) {
            model.append(c.model());
            subset.append(c.subset());
            n.append(c.defects());
            honest.append(c.atHonest().format());
            fpr.append(c.atFpr().format());
            auroc.append(Math.round(1000 * c.auroc()) / 1000.0);
        }
        return Table.create(title).addColumns(model, subset, n, honest, fpr, auroc);
    }

    /** Recall at the fixed FPR as a models x subsets matrix (rows in {@code models}' order), for a heat map. */
    public static double[][] matrix(List<Cell> cells, List<String> models, List<String> subsets) {
        double[][] out = new double[models.size()][subsets.size()];
        for (Cell c : cells) {
            int i = models.indexOf(c.model());
            int j = subsets.indexOf(c.subset());
            if (i >= 0 && j >= 0) {
                out[i][j] = c.atFpr().value();
            }
        }
        return out;
    }

    static double auroc(float[] scores, int[] good, int[] defects) {
        if (defects.length == 0 || good.length == 0) {
            return Double.NaN;
        }
        float[] s = new float[good.length + defects.length];
        boolean[] d = new boolean[s.length];
        for (int k = 0; k < good.length; k++) {
            s[k] = scores[good[k]];
        }
        for (int k = 0; k < defects.length; k++) {
            s[good.length + k] = scores[defects[k]];
            d[good.length + k] = true;
        }
        return BinaryMetrics.of(s, d).auroc();
    }

    static int[] indices(List<DefectTable.Image> images) {
        return images.stream().mapToInt(DefectTable.Image::index).toArray();
    }
}
