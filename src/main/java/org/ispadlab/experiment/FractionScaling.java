package org.ispadlab.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.LabeledPatch;
import org.ispadlab.data.Modality;
import org.ispadlab.data.SupervisedStream;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.PretrainedWeights;
import org.ispadlab.paper.PaperTables;
import org.ispadlab.synth.Curriculum;
import org.ispadlab.train.*;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tables 3 and 4 (Sec. 5.2.2) on one modality: synthetic-only training, then real defects injected into the
 * balanced synthetic stream with p_inj (default 1/32): one group at the smallest fraction (points, area), then
 * nested mixed fractions 1/16 .. 1. Each row's outcome (metrics at the F1-optimal threshold on the test set,
 * false negatives by group, AUROC on held-out synthetic defects, the training history) is cached in
 * {@code resultsDir}, so a re-run shows it without training; {@code retrain} trains again.
 * <p>
 * The paper started every row from the same ImageNet weights. Where those are missing and the settings ask for
 * it ({@link TrainConfig#fineTuneEpochs} > 0), one synthetic-only pretraining stands in for them: it is trained
 * once (cached beside the results and shared with the other experiments on the same data, see
 * {@link Pretraining#folder}), and every row, {@code none} included, fine-tunes it with the same settings
 * and budget, so the rows differ only in what is injected. With imported ImageNet weights, or fine-tuning off,
 * every row trains from the start weights.
 */
public final class FractionScaling implements AutoCloseable {

    /** One row: which real defects are injected. */
    public record Row(String id, String group, int realDefects, List<LabeledPatch> defects) {
        public String label() {
            return group.equals("none") ? "none (synthetic only)" : group + " (" + realDefects + ")";
        }
    }

    /** A row's result on the test split, and how its training went. */
    public record Outcome(String id, String group, int realDefects, Evaluation test, double syntheticAuroc,
                          TrainResult training) {
        public double mcc() {
            return test.mcc();
        }
    }

    private final TrainConfig config;
    private final double pInj;
    private final Path resultsDir;
    private final SupervisedData data;
    private final Curriculum curriculum;
    private final List<Row> rows = new ArrayList<>();

    public FractionScaling(DatasetLayout layout, Modality modality, TrainConfig config, double pInj, Path resultsDir) {
        this(layout, modality, config, pInj, resultsDir, null);
    }

    /**
     * As {@link #FractionScaling(DatasetLayout, Modality, TrainConfig, double, Path)}, the synthetic-only
     * pretraining drawn by the curriculum {@code curriculum} makes for the data (null: the dataset's own synthesis).
     */
    public FractionScaling(DatasetLayout layout, Modality modality, TrainConfig config, double pInj, Path resultsDir,
                           Function<SupervisedData, Curriculum> curriculum) {
        this.config = config;
        this.pInj = pInj;
        this.resultsDir = resultsDir;
        InjectionSampler.mixed(pInj, config.batchSize(), 0); // fail early on an illegal p_inj
        this.data = new SupervisedData(layout, modality);
        this.curriculum = curriculum == null ? null : curriculum.apply(data);
        RealDefectFractions fractions = new RealDefectFractions(data.realDefects(), config.seed());
        int smallest = fractions.mixed(16).size();
        rows.add(new Row("none", "none", 0, List.of()));
        for (DefectGroup g : DefectGroup.values()) {
            List<LabeledPatch> chosen = fractions.group(g, smallest);
            rows.add(new Row(g.folder() + "-" + chosen.size(), g.folder(), chosen.size(), chosen));
        }
        for (int d : RealDefectFractions.DENOMINATORS) {
            List<LabeledPatch> chosen = fractions.mixed(d);
            rows.add(new Row(mixedId(d), "mixed", chosen.size(), chosen));
        }
    }

    /** What will run, where, and from which weights: printed at the top of the notebook. */
    public String describe() {
        boolean endless = config.stream() == TrainingStream.Kind.ENDLESS;
        int synthetic = endless ? 0 : data.stream().defectiveCount();
        String streamText = endless
                ? "endless stream on " + data.endlessSources() + " fault-free patches, half with a fresh synthetic defect"
                : "HDF5 stream of " + data.stream().size() + " patches (" + synthetic + " synthetic defects)";
        String start = pretrained() ? "every row fine-tunes one synthetic-only pretraining for " + config.fineTuneEpochs()
                + " epoch(s) (it stands in for ImageNet weights)" : "every row trains from the start weights";
        return String.format("%s on %s: %s, %d channel(s), %d px patches, batch %d, up to %d epochs of %d steps, "
                        + "patience %d, lr %.0e..%.0e (cosine warm restarts, T0 %d steps, Tmult %d), weight decay %.0e, "
                        + "p_inj %.4f, seed %d;%n%s; test %d images (%d defective); %d real defects available;%n"
                        + "%s; weights: %s",
                data.modality(), ai.djl.engine.Engine.getInstance().defaultDevice(), config.backbone().title(),
                data.channels(), data.size(), config.batchSize(), config.maxEpochs(),
                new Trainer(config).stepsPerEpoch(endless ? 2 * data.endlessSources() : data.stream().size()),
                config.patience(), config.lrMin(),
                config.lrMax(), config.t0(), config.tMult(), config.weightDecay(), pInj, config.seed(), streamText,
                data.test().size(), defectiveCount(data.test()), data.realDefects().size(), start,
                PretrainedWeights.describe(config.backbone(), data.channels(), config.seed()));
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public EvalSet testSet() {
        return data.test();
    }


    /**
     * The folder for an experiment's results: {@code root} for the scale's own settings and p_inj
     * ({@link InjectionSampler#forBatch}) on the scale's own data ({@code data} null), which notebook 04 and
     * {@code lab train} share; else {@code root/custom-<hash>} named after the settings, p_inj and the data, so a
     * cached result never stands for settings it was not trained with. The seed is a folder inside either.
     */
    public static Path resultsFolder(Path root, Scale scale, TrainConfig config, double pInj, Path data) {
        TrainConfig defaults = TrainConfig.forScale(scale);
        TrainConfig same = config.withSeed(defaults.seed());
        if (same.equals(defaults) && pInj == InjectionSampler.forBatch(defaults.batchSize()) && data == null) {
            return root;
        }
        String settings = same.weightsDecidingSettings() + " p_inj=" + pInj
                + (data == null ? "" : " data=" + data.toAbsolutePath().normalize());
        return root.resolve(String.format("custom-%08x", settings.hashCode()));
    }

    /**
     * The seeds an experiment of {@code count} seeds runs: one seed is the scale's own (the one its settings were
     * calibrated on); K seeds are 1..K, none of which any setting was tuned on.
     */
    public static List<Long> seeds(int count, TrainConfig config) {
        if (count < 1) {
            throw new IllegalArgumentException("seeds must be >= 1, got " + count);
        }
        return count == 1 ? List.of(config.seed()) : java.util.stream.LongStream.rangeClosed(1, count).boxed().toList();
    }

    /** Every row for every seed of {@link #seeds}: one list of outcomes per seed, each from the cache unless {@code retrain}. */
    public static List<List<Outcome>> runSeeds(DatasetLayout layout, Modality modality, TrainConfig config, double pInj,
                                               Path resultsDir, int seeds, boolean retrain,
                                               Function<Row, TrainListener> listeners) {
        List<List<Outcome>> out = new ArrayList<>();
        for (long seed : seeds(seeds, config)) {
            try (FractionScaling experiment = new FractionScaling(layout, modality, config.withSeed(seed), pInj,
                    resultsDir)) {
                List<Outcome> rows = experiment.runAll(retrain, listeners);
                out.add(rows);
                if (rows.size() < experiment.rows().size()) {
                    break; // stopped by the user
                }
            }
        }
        return out;
    }

    /** Every row in order, each from the cache unless {@code retrain}. */
    public List<Outcome> runAll(boolean retrain, Function<Row, TrainListener> listeners) {
        List<Outcome> out = new ArrayList<>();
        for (Row row : rows) {
            Outcome o = run(row, retrain, listeners.apply(row));
            out.add(o);
            if (o.training().interrupted()) {
                break; // the user stopped the cell: do not start the next row
            }
        }
        return out;
    }

    /** The epochs of the synthetic-only pretraining every row fine-tunes (empty when the rows start otherwise). */
    public List<org.ispadlab.train.EpochRecord> pretrainingHistory() {
        return Pretraining.history(data, config, resultsDir, curriculum);
    }

    /** One row: the cached outcome, or a training run (resumed from its checkpoint when one is there). */
    public Outcome run(Row row, boolean retrain, TrainListener listener) {
        Path dir = rowDir(row.id());
        return OutcomeCache.get(dir.resolve("outcome.json"), Outcome.class, retrain, dir, () -> {
            Pretraining.Start start = Pretraining.of(data, config, resultsDir, curriculum, listener);
            try (Classifier model = Classifier.create(config.backbone(), data.channels(), data.size(), config.seed(),
                    start.weights())) {
                InjectionSampler sampler = row.defects().isEmpty() ? InjectionSampler.none()
                        : InjectionSampler.mixed(pInj, config.batchSize(), config.seed() + 1);
                String label = data.modality() + " " + row.label();
                TrainResult result = new Trainer(start.settings()).train(label, model,
                        data.trainingSet(config.stream(), row.defects(), sampler, false, config.seed() + 2),
                        data.test(), dir.resolve("run"), listener);
                double synthetic = BinaryMetrics.of(model.defectProbabilities(data.heldOutSynthetic().images(),
                        config.batchSize()), data.heldOutSynthetic().defective()).auroc();
                return new Outcome(row.id(), row.group(), row.realDefects(), data.evaluate(label, result), synthetic,
                        result);
            }
        }, o -> !o.training().interrupted());
    }

    /** The data every row trains and tests on. */
    public SupervisedData data() {
        return data;
    }

    /** The settings every row trains with. */
    public TrainConfig config() {
        return config;
    }

    /** The best weights of {@code row} once it has finished; empty before. */
    public java.util.Optional<Path> weights(Row row) {
        Path dir = rowDir(row.id());
        Path best = Checkpoint.bestWeights(dir.resolve("run"));
        return isCached(row) && java.nio.file.Files.isRegularFile(best) ? java.util.Optional.of(best)
                : java.util.Optional.empty();
    }

    /** A finished cold-start model ({@code none}): its best weights and the input channels it was trained with. */
    public record ColdStart(Path weights, int channels) {
    }

    /**
     * Notebook 04's cold-start model of {@code modality} (row {@code none}: fault-free patches and synthetic defects
     * only, no real defect, so a backbone still unsupervised with respect to real defects), trained with the scale's
     * own settings and seed on {@code layout} ({@code data} null: the scale's own data), once that row has
     * finished. Reads only the training stream's first patch, for its channels.
     */
    public static java.util.Optional<ColdStart> coldStart(DatasetLayout layout, Modality modality, Scale scale,
                                                          Path data) {
        return cachedWeights(layout, modality, scale, data, "none");
    }

    /**
     * A row's cached outcome from a run with the scale's own settings and seed (notebook 04 as shipped), if that
     * row has finished; nothing is trained.
     */
    public static java.util.Optional<Outcome> cached(DatasetLayout layout, Modality modality, Scale scale, Path data,
                                                     String rowId) {
        Path file = scaleRowDir(layout, modality, scale, data, streamChannels(layout, modality), rowId)
                .resolve("outcome.json");
        return java.nio.file.Files.isRegularFile(file) ? java.util.Optional.of(OutcomeCache.read(file, Outcome.class))
                : java.util.Optional.empty();
    }

    /**
     * The best weights of a finished row trained with the scale's own settings and seed (notebook 04 as shipped),
     * with the input channels it was trained with; empty where that row has not finished.
     */
    public static java.util.Optional<ColdStart> cachedWeights(DatasetLayout layout, Modality modality, Scale scale,
                                                              Path data, String rowId) {
        int channels = streamChannels(layout, modality);
        Path dir = scaleRowDir(layout, modality, scale, data, channels, rowId);
        Path best = Checkpoint.bestWeights(dir.resolve("run"));
        return java.nio.file.Files.isRegularFile(dir.resolve("outcome.json")) && java.nio.file.Files.isRegularFile(best)
                ? java.util.Optional.of(new ColdStart(best, channels)) : java.util.Optional.empty();
    }

    /** The id of the row that injects every real defect. */
    public static String mixedAllId() {
        return mixedId(RealDefectFractions.DENOMINATORS.get(RealDefectFractions.DENOMINATORS.size() - 1));
    }

    private static String mixedId(int denominator) {
        return "mixed-1_" + denominator;
    }

    private static Path scaleRowDir(DatasetLayout layout, Modality modality, Scale scale, Path data, int channels,
                                    String id) {
        TrainConfig config = TrainConfig.forScale(scale);
        double pInj = InjectionSampler.forBatch(config.batchSize());
        Path results = resultsFolder(LabData.resultsRoot("fraction-scaling", scale), scale, config, pInj, data);
        return rowDir(results, modality, config, channels, id);
    }

    private static int streamChannels(DatasetLayout layout, Modality modality) {
        try (SupervisedStream stream = SupervisedStream.open(layout.stream(modality), layout.layout())) {
            return stream.image(0).channels();
        }
    }

    /** True when the rows fine-tune one synthetic-only pretraining (no imported weights, fine-tuning asked for). */
    public boolean pretrained() {
        return Pretraining.applies(config, data.channels());
    }

    private static int defectiveCount(EvalSet set) {
        int n = 0;
        for (boolean d : set.defective()) {
            n += d ? 1 : 0;
        }
        return n;
    }

    /**
     * Each seed's runs apart: the same settings with another seed are another experiment; so are runs from
     * imported weights (a folder per weights file's checksum), so importing never shows another start's results.
     */
    private Path rowDir(String id) {
        return rowDir(resultsDir, data.modality(), config, data.channels(), id);
    }

    /** True when {@code row}'s outcome is cached: {@link #run} shows it without training. */
    public boolean isCached(Row row) {
        return java.nio.file.Files.isRegularFile(rowDir(row.id()).resolve("outcome.json"));
    }

    private static Path rowDir(Path resultsDir, Modality m, TrainConfig config, int channels, String id) {
        Path modality = resultsDir.resolve(m.id());
        return PretrainedWeights.tag(config.backbone(), channels).map(modality::resolve).orElse(modality)
                .resolve("seed-" + config.seed()).resolve(id);
    }

    /**
     * Tables 3/4 side by side: our rows (real defects, MCC, recall and FPR in %, TN, TP, FN, FP) and the paper's
     * same row of the same modality (empty where the paper has none, e.g. LSM-2, which it reports in words).
     */
    public static Table table(Modality modality, List<Outcome> outcomes) {
        Table paper = PaperTables.FRACTION_SCALING.load();
        Table mine = paper.where(paper.stringColumn("modality").isEqualTo(modality.id()));
        Table t = Table.create("Fraction scaling, " + modality.id());
        StringColumn row = StringColumn.create("row");
        IntColumn real = IntColumn.create("real defects");
        DoubleColumn mcc = DoubleColumn.create("MCC");
        DoubleColumn recall = DoubleColumn.create("recall %");
        DoubleColumn fpr = DoubleColumn.create("FPR %");
        IntColumn tn = IntColumn.create("TN");
        IntColumn tp = IntColumn.create("TP");
        IntColumn fn = IntColumn.create("FN");
        IntColumn fp = IntColumn.create("FP");
        IntColumn paperReal = IntColumn.create("paper real defects");
        DoubleColumn paperMcc = DoubleColumn.create("paper MCC");
        DoubleColumn paperRecall = DoubleColumn.create("paper recall %");
        DoubleColumn paperFpr = DoubleColumn.create("paper FPR %");
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            row.append(o.group());
            real.append(o.realDefects());
            Evaluation e = o.test();
            mcc.append(round(e.mcc(), 2));
            recall.append(round(100 * e.recall(), 1));
            fpr.append(round(100 * e.fpr(), 1));
            tn.append((int) e.tn());
            tp.append((int) e.tp());
            fn.append((int) e.fn());
            fp.append((int) e.fp());
            if (i < mine.rowCount() && mine.stringColumn("defect_group").get(i).equals(o.group())) {
                paperReal.append(mine.intColumn("real_defects").get(i));
                paperMcc.append(mine.doubleColumn("mcc").get(i));
                paperRecall.append(mine.doubleColumn("recall_pct").get(i));
                paperFpr.append(mine.doubleColumn("fpr_pct").get(i));
            } else {
                paperReal.appendMissing();
                paperMcc.appendMissing();
                paperRecall.appendMissing();
                paperFpr.appendMissing();
            }
        }
        return t.addColumns(row, real, mcc, recall, fpr, tn, tp, fn, fp, paperReal, paperMcc, paperRecall, paperFpr);
    }

    /** False negatives at each row's threshold, split by defect group. */
    public static Table falseNegatives(List<Outcome> outcomes) {
        StringColumn row = StringColumn.create("row");
        IntColumn points = IntColumn.create("FN points");
        IntColumn area = IntColumn.create("FN area");
        for (Outcome o : outcomes) {
            row.append(o.group() + " (" + o.realDefects() + ")");
            points.append(o.test().falseNegativesByGroup().getOrDefault(DefectGroup.POINTS.folder(), 0));
            area.append(o.test().falseNegativesByGroup().getOrDefault(DefectGroup.AREA.folder(), 0));
        }
        return Table.create("False negatives by defect group").addColumns(row, points, area);
    }

    /** MCC against the number of injected real defects: the mixed rows (x, MCC), the synthetic-only row at 0. */
    public static double[][] mccCurve(List<Outcome> outcomes) {
        List<double[]> points = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.group().equals("none") || o.group().equals("mixed")) {
                points.add(new double[] {o.realDefects(), o.mcc()});
            }
        }
        return new double[][] {points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray()};
    }

    /** The paper's curve for the same modality (empty arrays for LSM-2). */
    public static double[][] paperMccCurve(Modality modality) {
        Table paper = PaperTables.FRACTION_SCALING.load();
        Table mine = paper.where(paper.stringColumn("modality").isEqualTo(modality.id())
                .and(paper.stringColumn("defect_group").isIn("none", "mixed")));
        return new double[][] {mine.intColumn("real_defects").asDoubleArray(), mine.doubleColumn("mcc").asDoubleArray()};
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    @Override
    public void close() {
        data.close();
    }
}
