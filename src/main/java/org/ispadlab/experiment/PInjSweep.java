package org.ispadlab.experiment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Modality;
import org.ispadlab.paper.PaperTables;
import org.ispadlab.train.InjectionSampler;
import org.ispadlab.train.RealDefectFractions;
import org.ispadlab.train.TrainConfig;
import org.ispadlab.train.TrainListener;
import tech.tablesaw.api.Table;

/**
 * The paper's open question on the injection probability (Sec. 5.2.4: "higher injection probabilities may be
 * preferable"): the smallest mixed fraction and every real defect, each injected at every p_inj of a list, seeds
 * apart, every row fine-tuning the seed's synthetic-only pretraining (shared with notebook 04). The cold start
 * ({@code none}, notebook 04's row) is the line nothing is injected into. Each point is cached in its own folder,
 * so a stopped sweep resumes where it stopped.
 */
public final class PInjSweep {

    /** The experiment's folder beside notebook 04's, so it shares the pretraining. */
    public static final String FOLDER = "p-inj-sweep";

    private PInjSweep() {
    }

    /**
     * The values the issue asks for at batch {@code batch}: 1/B, 1/32, 1/16, 1/8 and 1/4, each once, ascending (at
     * the workshop's batch of 32, 1/B is 1/32: four values).
     */
    public static List<Double> values(int batch) {
        TreeSet<Double> v = new TreeSet<>(List.of(1.0 / batch, 1.0 / 32, 1.0 / 16, 1.0 / 8, 1.0 / 4));
        v.removeIf(p -> p < 1.0 / batch - 1e-12);
        return List.copyOf(v);
    }

    /** "1/32" for 0.03125; the value itself where it is no unit fraction. */
    public static String label(double p) {
        double inverse = 1 / p;
        return Math.abs(inverse - Math.rint(inverse)) < 1e-9 ? "1/" + Math.round(inverse)
                : String.format(Locale.ROOT, "%.4f", p);
    }

    /**
     * Every point, seed after seed: the cold start of each seed (from {@code coldStartResults}, notebook 04's
     * folder, trained there if missing), then per p_inj the smallest mixed fraction and mixed-all, from
     * {@code resultsDir}'s cache unless {@code retrain}. Stops after a run the user stopped, returning what finished.
     * With {@code cachedOnly} nothing trains: the points show what the cache holds.
     *
     * @param listeners a progress listener per run, by its label
     */
    public static List<SweepPoint> run(DatasetLayout layout, Modality modality, TrainConfig config, List<Double> pValues,
                                       List<Long> seeds, Path resultsDir, Path coldStartResults, boolean retrain,
                                       boolean cachedOnly, Function<String, TrainListener> listeners) {
        if (pValues.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one p_inj and one seed");
        }
        pValues.forEach(p -> InjectionSampler.mixed(p, config.batchSize(), 0)); // each legal, before any training
        SweepPoint.Collector points = new SweepPoint.Collector();
        double paperSmallest = paperMcc(modality, RealDefectFractions.DENOMINATORS.get(0));
        double paperAll = paperMcc(modality, 1);
        for (long seed : seeds) {
            TrainConfig c = config.withSeed(seed);
            Optional<ColdStarts.Trained> cold = ColdStarts.of(layout, modality, c, coldStartResults, cachedOnly,
                    () -> listeners.apply(modality + " seed " + seed + " none"));
            if (cold.isEmpty()) {
                continue;
            }
            FractionScaling.Outcome none = cold.get().outcome();
            if (none.training().interrupted()) {
                break;
            }
            for (double p : pValues) {
                points.add(NONE, p, label(p), 0, Double.NaN, none);
            }
            for (double p : pValues) {
                try (FractionScaling experiment = new FractionScaling(layout, modality, c, p, resultsDir)) {
                    List<FractionScaling.Row> rows = experiment.rows();
                    FractionScaling.Row smallest = row(rows, "mixed-1_" + RealDefectFractions.DENOMINATORS.get(0));
                    FractionScaling.Row all = row(rows, FractionScaling.mixedAllId());
                    for (FractionScaling.Row r : List.of(smallest, all)) {
                        FractionScaling.Row at = new FractionScaling.Row("p-" + label(p).replace('/', '_') + "-"
                                + r.id(), r.group(), r.realDefects(), r.defects());
                        String name = "mixed " + r.realDefects();
                        if (cachedOnly && !experiment.isCached(at)) {
                            continue;
                        }
                        FractionScaling.Outcome o = experiment.run(at, retrain, listeners.apply(modality + " seed "
                                + seed + " " + name + " at p_inj " + label(p)));
                        if (o.training().interrupted()) {
                            return points.points();
                        }
                        double paper = Math.abs(p - InjectionSampler.DEFAULT_P) < 1e-12
                                ? (r == smallest ? paperSmallest : paperAll) : Double.NaN;
                        points.add(name, p, label(p), r.realDefects(), paper, o);
                    }
                }
            }
        }
        return points.points();
    }

    /** The series of the cold start, the same at every p_inj: nothing is injected into it. */
    public static final String NONE = "none (0)";

    /** Where the MCC peaks per mixed series: the p_inj of the highest mean (the first of equals). */
    public static Map<String, Double> optimum(List<SweepPoint> points) {
        Map<String, SweepPoint> best = new LinkedHashMap<>();
        for (SweepPoint p : points) {
            if (!p.series().equals(NONE)) {
                best.merge(p.series(), p, (a, b) -> b.mcc().mean() > a.mcc().mean() ? b : a);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        best.forEach((s, p) -> out.put(s, p.x()));
        return out;
    }

    /** The table of the sweep, the cold start once (it injects nothing, so p_inj does not apply to it). */
    public static Table table(Modality modality, List<SweepPoint> points) {
        return SweepPoint.table("p_inj sweep, " + modality.id(), "p_inj",
                SweepPoint.coldStartOnce(points, p -> p.series().equals(NONE), NONE));
    }

    private static FractionScaling.Row row(List<FractionScaling.Row> rows, String id) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    /** The paper's mixed row with 1/denominator of the defects (Tables 3 and 4, at its p_inj of 1/32); NaN for LSM-2. */
    static double paperMcc(Modality modality, int denominator) {
        Table paper = PaperTables.FRACTION_SCALING.load();
        Table mixed = paper.where(paper.stringColumn("modality").isEqualTo(modality.id())
                .and(paper.stringColumn("defect_group").isEqualTo("mixed")));
        int index = RealDefectFractions.DENOMINATORS.indexOf(denominator);
        return index >= 0 && index < mixed.rowCount() ? mixed.doubleColumn("mcc").get(index) : Double.NaN;
    }
}
