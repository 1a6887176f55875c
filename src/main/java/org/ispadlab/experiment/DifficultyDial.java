package org.ispadlab.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.eval.SeedInterval;
import org.ispadlab.sim.SimDefects;
import org.ispadlab.sim.SimGenerator;
import org.ispadlab.sim.SimPreset;
import org.ispadlab.synth.Curriculum;
import org.ispadlab.synth.RandomWalkSynthesizer;
import org.ispadlab.train.InjectionSampler;
import org.ispadlab.train.Pretraining;
import org.ispadlab.train.SupervisedData;
import org.ispadlab.train.TrainConfig;
import org.ispadlab.train.TrainListener;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How far toward the paper's difficulty a laptop gets: ISP-AD-sim drawn at a {@code visibility} level between the
 * paper's (0) and a scale's own (1; the workshop's, as asked) ({@link SimPreset#atVisibility}), and at each level
 * notebook 04's rows {@code none}, {@code area-k} (the smallest fraction) and mixed-all with the scale's settings,
 * seeds apart.
 * Two variants: {@link Variant#PLAIN} pretrains on the level's own synthetic defects (notebook 04 on that data, and
 * its cache); {@link Variant#CURRICULUM} pretrains on synthetic defects that start at visibility 1 and anneal to the
 * level over the pretraining's epochs, one stage per epoch, then fine-tunes each row on the level's own. The
 * findings read off the table: F2 (the area row misses fewer area defects than {@code none}) and F3 (mixed-all
 * above {@code none} by at least {@value #F3_GAIN} in MCC, the 95 % intervals apart); the frontier is the lowest level
 * at which F3 holds.
 */
public final class DifficultyDial {

    /** The curriculum variant's folder on each level's dataset (the plain variant is notebook 04's folder). */
    public static final String CURRICULUM_FOLDER = "curriculum";
    /** The levels swept unless others are asked for: the workshop, half way (geometrically), the paper. */
    public static final List<Double> LEVELS = List.of(1.0, 0.5, 0.0);
    /** The MCC gain of mixed-all over the cold start that counts as F3 (with the intervals apart). */
    public static final double F3_GAIN = 0.10;

    public enum Variant {
        PLAIN("plain"), CURRICULUM("curriculum");

        private final String id;

        Variant(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Variant of(String id) {
            for (Variant v : values()) {
                if (v.id.equalsIgnoreCase(id)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("no dial variant '" + id + "'; the variants are plain, curriculum");
        }
    }

    private DifficultyDial() {
    }

    /**
     * The pretraining's curriculum toward {@code target}: as many stages as the pretraining has epochs, stage k of K
     * drawn at visibility {@code 1 + (target - 1) k / (K - 1)}, so the first epoch sees the workshop's defects and
     * the last the target's.
     */
    public static Curriculum curriculum(Scale scale, SupervisedData data, TrainConfig config, double target) {
        int stages = Math.max(1, config.maxEpochs());
        List<RandomWalkSynthesizer> synthesizers = new ArrayList<>();
        for (int k = 0; k < stages; k++) {
            synthesizers.add(SimPreset.atVisibility(scale, level(target, k, stages)).synthesizer());
        }
        return new Curriculum(synthesizers, Pretraining.positions(data, config), String.format(Locale.ROOT,
                "curriculum: synthetic defects from visibility 1 to %.2f over %d stages", target, stages));
    }

    /** Stage k's visibility of a curriculum of {@code stages} stages toward {@code target}. */
    static double level(double target, int k, int stages) {
        return stages == 1 ? target : 1 + (target - 1) * k / (stages - 1);
    }

    /**
     * Every level (its dataset generated first where missing), seed after seed, the three rows of the variant;
     * stops after a run the user stopped. The curriculum at level 1 would anneal from 1 to 1: the plain runs stand for it.
     * With {@code cachedOnly} nothing is generated or trained: the points show what the cache holds.
     */
    public static List<SweepPoint> run(Scale scale, Modality modality, TrainConfig config, List<Double> levels,
                                       Variant variant, List<Long> seeds, boolean retrain, boolean cachedOnly,
                                       Function<String, TrainListener> listeners,
                                       Consumer<String> log) {
        requireSimulated();
        if (levels.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("a dial sweep needs at least one level and one seed");
        }
        levels.forEach(l -> SimPreset.atVisibility(scale, l)); // each in [0, 1], before any data is made
        double pInj = InjectionSampler.forBatch(config.batchSize());
        SweepPoint.Collector points = new SweepPoint.Collector();
        for (double level : levels) {
            if (cachedOnly && SimGenerator.versionOf(LabData.simRoot(scale, level)) != SimGenerator.VERSION) {
                continue;
            }
            DatasetLayout layout = LabData.openAtVisibility(scale, level, log);
            boolean curriculum = variant == Variant.CURRICULUM && level < 1;
            Path dir = FractionScaling.resultsFolder(LabData.resultsRoot(curriculum ? CURRICULUM_FOLDER
                    : "fraction-scaling", scale, level), scale, config, pInj, null);
            for (long seed : seeds) {
                TrainConfig c = config.withSeed(seed);
                try (FractionScaling experiment = new FractionScaling(layout, modality, c, pInj, dir,
                        curriculum ? d -> curriculum(scale, d, c, level) : null)) {
                    for (FractionScaling.Row row : rows(experiment)) {
                        if (cachedOnly && !experiment.isCached(row)) {
                            continue;
                        }
                        FractionScaling.Outcome o = experiment.run(row, retrain, listeners.apply(String.format(
                                Locale.ROOT, "%s visibility %.2f %s seed %d %s", modality, level, variant.id(), seed,
                                row.id())));
                        if (o.training().interrupted()) {
                            return points.points();
                        }
                        points.add(series(row), level, String.format(Locale.ROOT, "%.2f", level), row.realDefects(),
                                level == 0 ? paperMcc(modality, row) : Double.NaN, o);
                    }
                }
            }
        }
        return points.points();
    }

    /** The rows at every level: {@code none}, the area row of the smallest fraction, mixed-all. */
    static List<FractionScaling.Row> rows(FractionScaling experiment) {
        List<FractionScaling.Row> out = new ArrayList<>();
        for (FractionScaling.Row r : experiment.rows()) {
            if (r.group().equals("none") || r.group().equals(DefectGroup.AREA.folder())
                    || r.id().equals(FractionScaling.mixedAllId())) {
                out.add(r);
            }
        }
        return out;
    }

    private static String series(FractionScaling.Row row) {
        return row.group().equals("none") ? "none" : row.group() + " " + row.realDefects();
    }

    /** The paper's own value of a row (its Tables 3 and 4, at its difficulty: level 0); NaN for LSM-2. */
    private static double paperMcc(Modality modality, FractionScaling.Row row) {
        Table paper = org.ispadlab.paper.PaperTables.FRACTION_SCALING.load();
        Table mine = paper.where(paper.stringColumn("modality").isEqualTo(modality.id())
                .and(paper.stringColumn("defect_group").isEqualTo(row.group())));
        if (mine.rowCount() == 0) {
            return Double.NaN;
        }
        return row.group().equals("mixed") ? mine.doubleColumn("mcc").get(mine.rowCount() - 1)
                : mine.doubleColumn("mcc").get(0);
    }

    /** Whether F2 and F3 hold at one level, with the numbers that decide it. */
    public record Findings(double level, SeedInterval none, SeedInterval noneAuroc, SeedInterval mixedAll,
                           SeedInterval noneAreaMisses, SeedInterval areaRowAreaMisses) {
        public double gain() {
            return mixedAll.mean() - none.mean();
        }

        /** Mixed-all above the cold start by at least {@value #F3_GAIN}, the intervals apart. */
        public boolean f3() {
            return gain() >= F3_GAIN && mixedAll.separatedFrom(none);
        }

        /** The area row misses fewer area defects than the cold start, the intervals apart. */
        public boolean f2() {
            return areaRowAreaMisses.mean() < noneAreaMisses.mean() && areaRowAreaMisses.separatedFrom(noneAreaMisses);
        }
    }

    /** F2 and F3 per level, for the levels whose three rows have every seed. */
    public static List<Findings> findings(List<SweepPoint> points) {
        Map<Double, Map<String, SweepPoint>> byLevel = new LinkedHashMap<>();
        points.forEach(p -> byLevel.computeIfAbsent(p.x(), l -> new LinkedHashMap<>()).put(p.series().split(" ")[0], p));
        List<Findings> out = new ArrayList<>();
        byLevel.forEach((level, rows) -> {
            SweepPoint none = rows.get("none");
            SweepPoint area = rows.get(DefectGroup.AREA.folder());
            SweepPoint mixed = rows.get("mixed");
            if (none != null && area != null && mixed != null && none.seeds().size() == mixed.seeds().size()
                    && none.seeds().size() == area.seeds().size()) {
                var areaMisses = SeedSummary.falseNegatives(DefectGroup.AREA);
                out.add(new Findings(level, none.mcc(), none.interval(o -> o.test().auroc()), mixed.mcc(),
                        none.interval(areaMisses), area.interval(areaMisses)));
            }
        });
        return out;
    }

    /** The lowest level at which F3 holds (empty: at no level swept). */
    public static Optional<Double> frontier(List<Findings> findings) {
        return findings.stream().filter(Findings::f3).map(Findings::level).min(Double::compare);
    }

    /** F2 and F3 per level as a table. */
    public static Table findingsTable(Modality modality, Variant variant, List<Findings> findings) {
        StringColumn level = StringColumn.create("visibility");
        StringColumn none = StringColumn.create("none MCC");
        StringColumn noneAuroc = StringColumn.create("none AUROC");
        StringColumn mixed = StringColumn.create("mixed-all MCC");
        DoubleColumn gain = DoubleColumn.create("gain");
        StringColumn f3 = StringColumn.create("F3");
        StringColumn noneArea = StringColumn.create("none FN area");
        StringColumn areaArea = StringColumn.create("area row FN area");
        StringColumn f2 = StringColumn.create("F2");
        for (Findings f : findings) {
            level.append(String.format(Locale.ROOT, "%.2f", f.level()));
            none.append(f.none().format(2));
            noneAuroc.append(f.noneAuroc().format(2));
            mixed.append(f.mixedAll().format(2));
            gain.append(FractionScaling.round(f.gain(), 3));
            f3.append(f.f3() ? "holds" : "no");
            noneArea.append(f.noneAreaMisses().format(1));
            areaArea.append(f.areaRowAreaMisses().format(1));
            f2.append(f.f2() ? "holds" : "no");
        }
        return Table.create("Findings along the dial, " + modality.id() + ", " + variant.id())
                .addColumns(level, none, noneAuroc, mixed, gain, f3, noneArea, areaArea, f2);
    }

    public static Table table(Modality modality, Variant variant, List<SweepPoint> points) {
        return SweepPoint.table("Difficulty dial, " + modality.id() + ", " + variant.id(), "visibility", points);
    }

    /**
     * The measured visibility of each level's data (its dataset generated first where missing; with
     * {@code cachedOnly} the levels whose data is there): the medians of {@link SimDefects#visibility}, a level
     * column first; null when no level's data is there.
     */
    public static Table visibility(Scale scale, List<Double> levels, int syntheticSample, boolean cachedOnly,
                                   Consumer<String> log) {
        requireSimulated();
        Table out = null;
        for (double level : levels) {
            if (cachedOnly && SimGenerator.versionOf(LabData.simRoot(scale, level)) != SimGenerator.VERSION) {
                continue;
            }
            Table t = SimDefects.visibility(LabData.openAtVisibility(scale, level, log), Manifest.load(),
                    syntheticSample);
            StringColumn l = StringColumn.create("visibility");
            for (int i = 0; i < t.rowCount(); i++) {
                l.append(String.format(Locale.ROOT, "%.2f", level));
            }
            t.insertColumn(0, l);
            if (out == null) {
                out = t.copy().setName("Defect visibility along the dial (medians)");
            } else {
                out.append(t);
            }
        }
        return out;
    }

    private static void requireSimulated() {
        if (!LabData.simulated()) {
            throw new IllegalStateException("the difficulty dial draws ISP-AD-sim at other visibilities; it does not "
                    + "apply to the real data in ISPAD_DATA");
        }
    }
}
