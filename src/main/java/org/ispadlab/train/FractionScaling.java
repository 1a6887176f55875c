package org.ispadlab.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ispadlab.augment.Augmenter;
import org.ispadlab.augment.Preprocess;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.Image8;
import org.ispadlab.data.LabeledPatch;
import org.ispadlab.data.Modality;
import org.ispadlab.data.PatchFolders;
import org.ispadlab.data.SupervisedStream;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.eval.Confusion;
import org.ispadlab.io.SafeFiles;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.PretrainedWeights;
import org.ispadlab.paper.PaperTables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tables 3 and 4 (Sec. 5.2.2) on one modality: synthetic-only training, then real defects injected into the
 * balanced synthetic stream with p_inj (default 1/32): one group at the smallest fraction (points, area), then
 * nested mixed fractions 1/16 .. 1. Each row's outcome (metrics at the F1-optimal threshold on the test set,
 * false negatives by group, the training history) is cached in {@code resultsDir}, so a re-run shows it without
 * training; {@code retrain} trains again. With {@code warmStart} the injection rows start from the
 * synthetic-only model (the paper's cold start, refined by real defects) instead of from scratch.
 */
public final class FractionScaling implements AutoCloseable {

    /** One row: which real defects are injected. */
    public record Row(String id, String group, int realDefects, List<LabeledPatch> defects) {
        public String label() {
            return group.equals("none") ? "none (synthetic only)" : group + " (" + realDefects + ")";
        }
    }

    /** A row's result. */
    public record Outcome(String id, String group, int realDefects, double threshold, long tn, long tp, long fn,
                          long fp, double mcc, double recall, double fpr, double auroc,
                          Map<String, Integer> falseNegativesByGroup, TrainResult training) {
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    private final Modality modality;
    private final TrainConfig config;
    private final double pInj;
    private final boolean warmStart;
    private final Path resultsDir;
    private final SupervisedStream stream;
    private final EvalSet test;
    private final List<Row> rows = new ArrayList<>();
    private final int channels;
    private final int size;

    public FractionScaling(DatasetLayout data, Modality modality, TrainConfig config, double pInj, boolean warmStart,
                           Path resultsDir) {
        this.modality = modality;
        this.config = config;
        this.pInj = pInj;
        this.warmStart = warmStart;
        this.resultsDir = resultsDir;
        InjectionSampler.mixed(pInj, config.batchSize(), 0); // fail early on an illegal p_inj
        PatchFolders folders = new PatchFolders(data);
        this.stream = SupervisedStream.open(data.stream(modality), data.layout());
        Image8 first = stream.image(0);
        this.channels = first.channels();
        this.size = first.width();
        this.test = testSet(folders);
        List<LabeledPatch> real = new ArrayList<>(folders.realDefects(modality, DefectGroup.POINTS));
        real.addAll(folders.realDefects(modality, DefectGroup.AREA));
        RealDefectFractions fractions = new RealDefectFractions(real, config.seed());
        int smallest = fractions.mixed(16).size();
        rows.add(new Row("none", "none", 0, List.of()));
        for (DefectGroup g : DefectGroup.values()) {
            List<LabeledPatch> chosen = fractions.group(g, smallest);
            rows.add(new Row(g.folder() + "-" + chosen.size(), g.folder(), chosen.size(), chosen));
        }
        for (int d : RealDefectFractions.DENOMINATORS) {
            List<LabeledPatch> chosen = fractions.mixed(d);
            rows.add(new Row("mixed-1_" + d, "mixed", chosen.size(), chosen));
        }
    }

    /** What will run, where, and from which weights: printed at the top of the notebook. */
    public String describe() {
        return String.format("%s on %s: %s, %d channel(s), %d px patches, batch %d, up to %d epochs of %d steps, "
                        + "patience %d, lr %.0e..%.0e (cosine warm restarts, T0 %d steps, Tmult %d), p_inj %.4f;%n"
                        + "stream %d patches (%d synthetic defects), test %d images; %d real defects available;%n"
                        + "weights: %s",
                modality, ai.djl.engine.Engine.getInstance().defaultDevice(), config.backbone().title(), channels,
                size, config.batchSize(), config.maxEpochs(), new Trainer(config).stepsPerEpoch(stream.size()),
                config.patience(), config.lrMin(), config.lrMax(), config.t0(), config.tMult(), pInj, stream.size(),
                stream.defectiveCount(), test.size(), rows.get(rows.size() - 1).realDefects(),
                PretrainedWeights.find(config.backbone(), channels).map(Path::toString)
                        .orElse("random initialisation (seed " + config.seed() + "; no file at "
                                + PretrainedWeights.file(config.backbone(), channels) + ")")
                        + (warmStart ? ", the injection rows start from the synthetic-only model" : ""));
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public EvalSet testSet() {
        return test;
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

    /** One row: the cached outcome, or a training run (resumed from its checkpoint when one is there). */
    public Outcome run(Row row, boolean retrain, TrainListener listener) {
        Path dir = rowDir(row);
        Path cached = dir.resolve("outcome.json");
        if (retrain) {
            try {
                SafeFiles.deleteTree(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + dir, e);
            }
        } else if (Files.isRegularFile(cached)) {
            try {
                return GSON.fromJson(Files.readString(cached), Outcome.class);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(cached + " is not an outcome the lab wrote (" + e.getMessage()
                        + "); run with retrain = true or delete it", e);
            }
        }
        Path start = warmStart && !row.group().equals("none") ? rowDir(rows.get(0)).resolve(Checkpoint.BEST)
                : PretrainedWeights.find(config.backbone(), channels).orElse(null);
        if (warmStart && !row.group().equals("none") && !Files.isRegularFile(start)) {
            run(rows.get(0), false, listener); // the cold-start model first
        }
        try (Classifier model = Classifier.create(config.backbone(), channels, size, config.seed(), start)) {
            TrainResult result = new Trainer(config).train(modality + " " + row.label(), model, trainingSet(row),
                    test, dir.resolve("run"), listener);
            Outcome o = evaluate(row, result);
            if (!result.interrupted()) {
                SafeFiles.writeAtomically(cached, tmp -> Files.writeString(tmp, GSON.toJson(o)));
            }
            return o;
        }
    }

    private TrainingSet trainingSet(Row row) {
        int n = stream.size();
        int[] entries = new int[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            entries[i] = i;
            labels[i] = stream.label(i);
        }
        List<Image8> real = row.defects().stream().map(p -> channels == 1 ? p.load().grey() : p.load()).toList();
        InjectionSampler sampler = real.isEmpty() ? InjectionSampler.none()
                : InjectionSampler.mixed(pInj, config.batchSize(), config.seed() + 1);
        return new TrainingSet(modality, size, channels, stream::image, entries, labels, real, sampler,
                Augmenter.table8(0.9), config.seed());
    }

    private Outcome evaluate(Row row, TrainResult r) {
        boolean[] defective = test.defective();
        double[] scores = new double[defective.length];
        float[] best = r.bestScores();
        if (best == null) {
            throw new IllegalStateException(row.label() + " was stopped before its first epoch ended: no model to "
                    + "evaluate yet");
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = best[i];
        }
        BinaryMetrics.Report report = new BinaryMetrics(scores, defective).report();
        Map<String, Integer> fnByGroup = new LinkedHashMap<>();
        for (DefectGroup g : DefectGroup.values()) {
            fnByGroup.put(g.folder(), 0);
        }
        for (int i = 0; i < scores.length; i++) {
            if (defective[i] && scores[i] < report.threshold()) {
                fnByGroup.merge(test.groups().get(i), 1, Integer::sum);
            }
        }
        Confusion c = report.confusion();
        return new Outcome(row.id(), row.group(), row.realDefects(), report.threshold(), c.tn(), c.tp(), c.fn(),
                c.fp(), report.mcc(), c.recall(), c.fpr(), report.auroc(), fnByGroup, r);
    }

    private EvalSet testSet(PatchFolders folders) {
        List<Image8> images = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<LabeledPatch> all = new ArrayList<>(folders.testGood(modality));
        for (DefectGroup g : DefectGroup.values()) {
            all.addAll(folders.testDefects(modality, g));
        }
        for (LabeledPatch p : all) {
            Image8 img = p.load();
            if (img.width() != size || img.height() != size) {
                throw new IllegalArgumentException(p.image() + " is " + img.width() + "x" + img.height()
                        + ", the supervised stream's patches are " + size + "x" + size);
            }
            images.add(Preprocess.apply(channels == 1 ? img.grey() : img, modality));
            labels.add(p.defective());
            groups.add(p.group() == null ? "good" : p.group().folder());
            names.add(p.image().getFileName().toString());
        }
        boolean[] defective = new boolean[labels.size()];
        for (int i = 0; i < defective.length; i++) {
            defective[i] = labels.get(i);
        }
        return new EvalSet(images, defective, groups, names);
    }

    private Path rowDir(Row row) {
        return resultsDir.resolve(modality.id()).resolve(row.id());
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
            mcc.append(round(o.mcc(), 2));
            recall.append(round(100 * o.recall(), 1));
            fpr.append(round(100 * o.fpr(), 1));
            tn.append((int) o.tn());
            tp.append((int) o.tp());
            fn.append((int) o.fn());
            fp.append((int) o.fp());
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
            points.append(o.falseNegativesByGroup().getOrDefault(DefectGroup.POINTS.folder(), 0));
            area.append(o.falseNegativesByGroup().getOrDefault(DefectGroup.AREA.folder(), 0));
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

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    @Override
    public void close() {
        stream.close();
    }
}
