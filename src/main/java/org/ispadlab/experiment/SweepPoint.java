package org.ispadlab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.ispadlab.eval.SeedInterval;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One condition of a sweep (notebook 07): the line it belongs to ({@code series}, e.g. a row or a selection
 * strategy), where it sits on the x axis, and each seed's outcome of the same training; {@code paperMcc} is the
 * paper's value for the same condition where it has one (NaN where not).
 */
public record SweepPoint(String series, double x, String xLabel, int realDefects,
                         List<FractionScaling.Outcome> seeds, double paperMcc) {

    public SweepPoint {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException(series + " at " + xLabel + " has no seed's outcome");
        }
        seeds = List.copyOf(seeds);
    }

    /**
     * Gathers a sweep's outcomes seed after seed into its points, in the order each condition first appears; a
     * condition a stopped sweep never reached is left out.
     */
    public static final class Collector {
        private final Map<String, SweepPoint> first = new LinkedHashMap<>();
        private final Map<String, List<FractionScaling.Outcome>> outcomes = new LinkedHashMap<>();

        public void add(String series, double x, String xLabel, int realDefects, double paperMcc,
                        FractionScaling.Outcome outcome) {
            String key = series + "@" + xLabel;
            first.putIfAbsent(key, new SweepPoint(series, x, xLabel, realDefects, List.of(outcome), paperMcc));
            outcomes.computeIfAbsent(key, k -> new ArrayList<>()).add(outcome);
        }

        public List<SweepPoint> points() {
            List<SweepPoint> out = new ArrayList<>();
            first.forEach((key, p) -> out.add(new SweepPoint(p.series(), p.x(), p.xLabel(), p.realDefects(),
                    outcomes.get(key), p.paperMcc())));
            return out;
        }
    }

    /**
     * {@code points} with the cold start's points (the same runs repeated on every line of a chart) as one row
     * named {@code name} at x "-", first: what a table shows.
     */
    public static List<SweepPoint> coldStartOnce(List<SweepPoint> points, java.util.function.Predicate<SweepPoint> coldStart,
                                                 String name) {
        List<SweepPoint> out = new ArrayList<>();
        for (SweepPoint p : points) {
            if (!coldStart.test(p)) {
                out.add(p);
            } else if (out.stream().noneMatch(q -> q.series().equals(name))) {
                out.add(0, new SweepPoint(name, Double.NaN, "-", 0, p.seeds(), p.paperMcc()));
            }
        }
        return out;
    }

    /** A metric of this condition over its seeds. */
    public SeedInterval interval(ToDoubleFunction<FractionScaling.Outcome> metric) {
        return SeedInterval.of(seeds.stream().mapToDouble(metric).toArray());
    }

    public SeedInterval mcc() {
        return interval(FractionScaling.Outcome::mcc);
    }

    /**
     * Every point as a table row: series, x, real defects, seeds, then each of {@link SeedSummary#metrics} as
     * "mean +- 95 % interval" (Student's t), the paper's MCC last.
     */
    public static Table table(String title, String xName, List<SweepPoint> points) {
        StringColumn series = StringColumn.create("series");
        StringColumn x = StringColumn.create(xName);
        IntColumn real = IntColumn.create("real defects");
        IntColumn seeds = IntColumn.create("seeds");
        Map<String, StringColumn> columns = new LinkedHashMap<>();
        SeedSummary.metrics().keySet().forEach(name -> columns.put(name, StringColumn.create(name)));
        DoubleColumn paper = DoubleColumn.create("paper MCC");
        for (SweepPoint p : points) {
            series.append(p.series());
            x.append(p.xLabel());
            real.append(p.realDefects());
            seeds.append(p.seeds().size());
            for (var e : SeedSummary.metrics().entrySet()) {
                int digits = e.getKey().startsWith("FN") || e.getKey().endsWith("%") ? 1 : 2;
                columns.get(e.getKey()).append(p.interval(e.getValue()).format(digits));
            }
            if (Double.isNaN(p.paperMcc())) {
                paper.appendMissing();
            } else {
                paper.append(p.paperMcc());
            }
        }
        Table t = Table.create(title).addColumns(series, x, real, seeds);
        columns.values().forEach(t::addColumns);
        return t.addColumns(paper);
    }

    /**
     * MCC per series against x: {x[], mean[], half-width[]} (half-width 0 for one seed), the points in the order
     * given; ready for {@code Charts.lines}' error bars.
     */
    public static Map<String, double[][]> mccCurves(List<SweepPoint> points) {
        Map<String, List<SweepPoint>> bySeries = new LinkedHashMap<>();
        points.forEach(p -> bySeries.computeIfAbsent(p.series(), s -> new ArrayList<>()).add(p));
        Map<String, double[][]> out = new LinkedHashMap<>();
        bySeries.forEach((name, list) -> {
            double[][] xy = new double[3][list.size()];
            for (int i = 0; i < list.size(); i++) {
                SeedInterval s = list.get(i).mcc();
                xy[0][i] = list.get(i).x();
                xy[1][i] = s.mean();
                xy[2][i] = s.n() > 1 ? s.halfWidth() : 0;
            }
            out.put(name, xy);
        });
        return out;
    }
}
