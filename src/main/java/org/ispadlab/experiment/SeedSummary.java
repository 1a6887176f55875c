package org.ispadlab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.Modality;
import org.ispadlab.eval.SeedInterval;
import org.ispadlab.paper.PaperTables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tables 3/4 over several seeds (network initialisation, stream and fraction shuffle): every row's metrics as
 * mean +- 95 % interval (Student's t), beside the paper's single-seed value. The paper names seed variation as
 * an open limitation (Sec. 5.2.4); this is the answer at the scale it runs.
 */
public final class SeedSummary {

    private final Modality modality;
    private final List<List<FractionScaling.Outcome>> runs;

    /** @param runs one list of row outcomes per seed, the rows in the same order */
    public SeedSummary(Modality modality, List<List<FractionScaling.Outcome>> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no seed to summarise");
        }
        int rows = runs.get(0).size();
        for (List<FractionScaling.Outcome> r : runs) {
            if (r.size() != rows) {
                throw new IllegalArgumentException("every seed needs the same rows: " + rows + " and " + r.size());
            }
        }
        this.modality = modality;
        this.runs = List.copyOf(runs);
    }

    public int seeds() {
        return runs.size();
    }

    /** Row ids in order. */
    public List<String> rowIds() {
        return runs.get(0).stream().map(FractionScaling.Outcome::id).toList();
    }

    /** A metric of one row over the seeds. */
    public SeedInterval interval(String rowId, ToDoubleFunction<FractionScaling.Outcome> metric) {
        int i = rowIds().indexOf(rowId);
        if (i < 0) {
            throw new IllegalArgumentException("no row '" + rowId + "'; the rows are " + rowIds());
        }
        return SeedInterval.of(runs.stream().mapToDouble(r -> metric.applyAsDouble(r.get(i))).toArray());
    }

    /** False negatives of one group at a row's threshold, as a number to average. */
    public static ToDoubleFunction<FractionScaling.Outcome> falseNegatives(DefectGroup g) {
        return o -> o.test().falseNegativesByGroup().getOrDefault(g.folder(), 0);
    }

    /** The columns every summary shows, by name. */
    public static Map<String, ToDoubleFunction<FractionScaling.Outcome>> metrics() {
        Map<String, ToDoubleFunction<FractionScaling.Outcome>> m = new LinkedHashMap<>();
        m.put("MCC", FractionScaling.Outcome::mcc);
        m.put("AUROC", o -> o.test().auroc());
        m.put("recall %", o -> 100 * o.test().recall());
        m.put("FPR %", o -> 100 * o.test().fpr());
        m.put("FN points", falseNegatives(DefectGroup.POINTS));
        m.put("FN area", falseNegatives(DefectGroup.AREA));
        m.put("synthetic AUROC", FractionScaling.Outcome::syntheticAuroc);
        return m;
    }

    /** One line per row: each metric as "mean +- half-width" (the mean alone for one seed), the paper's MCC beside. */
    public Table table() {
        Table paper = PaperTables.FRACTION_SCALING.load();
        Table mine = paper.where(paper.stringColumn("modality").isEqualTo(modality.id()));
        Table t = Table.create("Fraction scaling, " + modality.id() + ", " + seeds() + " seed(s)"
                + (seeds() > 1 ? ", mean +- 95 % interval" : ""));
        StringColumn row = StringColumn.create("row");
        IntColumn real = IntColumn.create("real defects");
        t.addColumns(row, real);
        Map<String, StringColumn> columns = new LinkedHashMap<>();
        metrics().keySet().forEach(name -> columns.put(name, StringColumn.create(name)));
        columns.values().forEach(t::addColumns);
        DoubleColumn paperMcc = DoubleColumn.create("paper MCC");
        t.addColumns(paperMcc);
        List<FractionScaling.Outcome> first = runs.get(0);
        for (int i = 0; i < first.size(); i++) {
            FractionScaling.Outcome o = first.get(i);
            row.append(o.group());
            real.append(o.realDefects());
            for (var e : metrics().entrySet()) {
                int digits = e.getKey().startsWith("FN") || e.getKey().endsWith("%") ? 1 : 2;
                columns.get(e.getKey()).append(interval(o.id(), e.getValue()).format(digits));
            }
            if (i < mine.rowCount() && mine.stringColumn("defect_group").get(i).equals(o.group())) {
                paperMcc.append(mine.doubleColumn("mcc").get(i));
            } else {
                paperMcc.appendMissing();
            }
        }
        return t;
    }

    /**
     * MCC against injected real defects (none and the mixed rows): {x, mean, half-width of the 95 % interval}
     * (half-width 0 for one seed), ready for {@code Charts.lines}' error bars.
     */
    public double[][] mccCurve() {
        List<double[]> points = new ArrayList<>();
        for (FractionScaling.Outcome o : runs.get(0)) {
            if (o.group().equals("none") || o.group().equals("mixed")) {
                SeedInterval s = interval(o.id(), FractionScaling.Outcome::mcc);
                points.add(new double[] {o.realDefects(), s.mean(), seeds() > 1 ? s.halfWidth() : 0});
            }
        }
        double[][] out = new double[3][points.size()];
        for (int i = 0; i < points.size(); i++) {
            for (int k = 0; k < 3; k++) {
                out[k][i] = points.get(i)[k];
            }
        }
        return out;
    }

    /** Mean false negatives per group and row over the seeds: row labels, then points and area. */
    public Table falseNegatives() {
        StringColumn row = StringColumn.create("row");
        DoubleColumn points = DoubleColumn.create("FN points");
        DoubleColumn area = DoubleColumn.create("FN area");
        for (FractionScaling.Outcome o : runs.get(0)) {
            row.append(o.group() + " (" + o.realDefects() + ")");
            points.append(interval(o.id(), falseNegatives(DefectGroup.POINTS)).mean());
            area.append(interval(o.id(), falseNegatives(DefectGroup.AREA)).mean());
        }
        return Table.create("False negatives by defect group" + (seeds() > 1 ? ", mean over " + seeds() + " seeds" : ""))
                .addColumns(row, points, area);
    }
}
