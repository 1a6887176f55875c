package org.ispadlab.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.ispadlab.Scale;
import org.ispadlab.bench.InferenceTiming;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.LabeledPatch;
import org.ispadlab.data.Modality;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.PretrainedWeights;
import org.ispadlab.paper.PaperTables;
import org.ispadlab.train.*;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Table 2 (Sec. 5.2.1) on one modality: for each backbone, oversampling (the pure fault-free stream with real
 * defects at p = 0.5) with 10 and with all real defects, against mixed training (the balanced synthetic stream,
 * real defects injected at p_inj) with 0, 10 and all; then inference time and throughput by the paper's
 * protocol, for every backbone timed (training all five is for a GPU; a laptop trains a few). Every row starts
 * from the same weights with the same settings, as in the paper: imported ImageNet weights, else one
 * synthetic-only pretraining per backbone that every row fine-tunes (see {@link Pretraining}). Outcomes and
 * timings are cached in {@code resultsDir} like {@link FractionScaling}'s.
 */
public final class BackboneAblation implements AutoCloseable {

    /** One training strategy with its real defects; the paper's "10" is the nested 1/16 fraction (10 of 172). */
    public record Row(String strategy, int realDefects, List<LabeledPatch> defects) {
        public String id() {
            return strategy + "-" + realDefects;
        }

        public String label() {
            return strategy + " (" + realDefects + ")";
        }
    }

    /** A backbone's row on the test split, and how its training went. */
    public record Outcome(String backbone, String strategy, int realDefects, Evaluation test, TrainResult training) {
        public double mcc() {
            return test.mcc();
        }
    }

    private final TrainConfig config;
    private final double pInj;
    private final List<Backbone> backbones;
    private final List<Backbone> timed;
    private final InferenceTiming timing;
    private final Path resultsDir;
    private final SupervisedData data;
    private final List<Row> rows = new ArrayList<>();

    /**
     * @param backbones the backbones trained (all rows each)
     * @param timed     the backbones timed (usually all five: timing costs seconds, training minutes)
     */
    public BackboneAblation(DatasetLayout layout, Modality modality, TrainConfig config, double pInj,
                            List<Backbone> backbones, List<Backbone> timed, InferenceTiming timing, Path resultsDir) {
        if (backbones.isEmpty() && timed.isEmpty()) {
            throw new IllegalArgumentException("no backbone to compare");
        }
        this.config = config;
        this.pInj = pInj;
        this.backbones = List.copyOf(backbones);
        this.timed = List.copyOf(timed);
        this.timing = timing;
        this.resultsDir = resultsDir;
        InjectionSampler.mixed(pInj, config.batchSize(), 0); // fail early on an illegal p_inj
        this.data = new SupervisedData(layout, modality);
        RealDefectFractions fractions = new RealDefectFractions(data.realDefects(), config.seed());
        List<LabeledPatch> few = fractions.mixed(16);
        List<LabeledPatch> all = fractions.mixed(1);
        rows.add(new Row("oversampling", few.size(), few));
        rows.add(new Row("oversampling", all.size(), all));
        rows.add(new Row("mixed", 0, List.of()));
        rows.add(new Row("mixed", few.size(), few));
        rows.add(new Row("mixed", all.size(), all));
    }

    /** The training settings of a scale: those of notebook 04 ({@link TrainConfig#forScale}). */
    public static TrainConfig configFor(Scale scale) {
        return TrainConfig.forScale(scale);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public List<Backbone> backbones() {
        return backbones;
    }

    /** What will run, where, and from which weights: printed at the top of the notebook. */
    public String describe() {
        String start = Pretraining.applies(config, data.channels()) ? "every row fine-tunes one synthetic-only "
                + "pretraining per backbone for " + config.fineTuneEpochs() + " epoch(s)" : "every row trains from the start weights";
        return String.format("%s on %s: trained %s; timed %s;%n%d channel(s), %d px patches, batch %d, up to %d epochs "
                        + "of %d steps, patience %d, lr %.0e..%.0e, p_inj %.4f (mixed) and 0.5 (oversampling), %s stream;%n"
                        + "%s; test %d images, %d real defects; timing: batch %d, %d warm-up, %d cycles x %d;%nweights: %s",
                data.modality(), ai.djl.engine.Engine.getInstance().defaultDevice(),
                backbones.isEmpty() ? "none" : String.join(", ", backbones.stream().map(Backbone::title).toList()),
                timed.isEmpty() ? "none" : String.join(", ", timed.stream().map(Backbone::title).toList()),
                data.channels(), data.size(), config.batchSize(), config.maxEpochs(),
                config.stepsPerEpoch() > 0 ? config.stepsPerEpoch() : new Trainer(config).stepsPerEpoch(data.stream().size()),
                config.patience(), config.lrMin(), config.lrMax(), pInj, config.stream().label(), start,
                data.test().size(), data.realDefects().size(), timing.batch(),
                timing.warmup(), timing.cycles(), timing.repetitions(),
                String.join("; ", backbones.stream().map(b -> b.title() + ": "
                        + PretrainedWeights.describe(b, data.channels(), config.seed())).toList()));
    }

    /** Every backbone's rows, then its timing; stops after an interrupted run. */
    public List<Outcome> runAll(boolean retrain, BiFunction<Backbone, Row, TrainListener> listeners) {
        List<Outcome> out = new ArrayList<>();
        for (Backbone b : backbones) {
            for (Row row : rows) {
                Outcome o = run(b, row, retrain, listeners.apply(b, row));
                out.add(o);
                if (o.training().interrupted()) {
                    return out; // the user stopped the cell: do not start the next run
                }
            }
        }
        return out;
    }

    /** One backbone and row: the cached outcome, or a training run (resumed from its checkpoint). */
    public Outcome run(Backbone backbone, Row row, boolean retrain, TrainListener listener) {
        Path dir = rowDir(backbone, row);
        return OutcomeCache.get(dir.resolve("outcome.json"), Outcome.class, retrain, dir, () -> {
            TrainConfig c = config.withBackbone(backbone);
            boolean oversampling = row.strategy().equals("oversampling");
            InjectionSampler sampler = oversampling ? InjectionSampler.oversampling(c.seed() + 1)
                    : row.defects().isEmpty() ? InjectionSampler.none()
                    : InjectionSampler.mixed(pInj, c.batchSize(), c.seed() + 1);
            Pretraining.Start start = Pretraining.of(data, c, resultsDir, listener);
            try (Classifier model = Classifier.create(backbone, data.channels(), data.size(), c.seed(), start.weights())) {
                String label = data.modality() + " " + backbone.title() + " " + row.label();
                TrainResult result = new Trainer(start.settings()).train(label, model,
                        data.trainingSet(c.stream(), row.defects(), sampler, oversampling, c.seed()), data.test(),
                        dir.resolve("run"), listener);
                return new Outcome(backbone.title(), row.strategy(), row.realDefects(),
                        data.evaluate(label, result), result);
            }
        }, o -> !o.training().interrupted());
    }

    private Path rowDir(Backbone backbone, Row row) {
        // runs from imported weights apart (per weights file), and runs with another p_inj than the paper's
        Path trained = backboneDir(backbone);
        Path weights = PretrainedWeights.tag(backbone, data.channels()).map(trained::resolve).orElse(trained);
        return (pInj == InjectionSampler.DEFAULT_P ? weights : weights.resolve("p_inj-" + pInj)).resolve(row.id());
    }

    /** The input channels every backbone is trained with (those of the training stream). */
    public int channels() {
        return data.channels();
    }

    /** Where a finished row keeps its best weights (a file only once the row has trained). */
    public Path bestWeights(Backbone backbone, Row row) {
        return org.ispadlab.train.Checkpoint.bestWeights(rowDir(backbone, row).resolve("run"));
    }

    /** True when the row's outcome is cached: {@link #run} shows it without training. */
    public boolean isCached(Backbone backbone, Row row) {
        return java.nio.file.Files.isRegularFile(rowDir(backbone, row).resolve("outcome.json"));
    }

    /** True when every timed backbone's speed is cached. */
    public boolean speedsCached() {
        return timed.stream().allMatch(b -> java.nio.file.Files.isRegularFile(speedFile(b)));
    }

    private Path speedFile(Backbone b) {
        return backboneDir(b).resolve("timing").resolve("speed.json");
    }

    /** Each backbone's inference timing, cached like the outcomes (weights do not change the time). */
    public Map<String, InferenceTiming.Speed> speeds(boolean retime) {
        Map<String, InferenceTiming.Speed> out = new LinkedHashMap<>();
        for (Backbone b : timed) {
            Path dir = speedFile(b).getParent();
            out.put(b.title(), OutcomeCache.get(speedFile(b), InferenceTiming.Speed.class, retime, dir,
                    () -> {
                        try (Classifier model = Classifier.create(b, data.channels(), data.size(), config.seed(),
                                null)) {
                            return timing.measure(model, data.rawTestImages(timing.batch()), data.modality());
                        }
                    }, s -> true));
        }
        return out;
    }

    private Path backboneDir(Backbone b) {
        return resultsDir.resolve(data.modality().id()).resolve(b.title().toLowerCase(Locale.ROOT));
    }

    /**
     * Table 2 side by side: our MCC (and AUROC, which shows whether a short run separates the classes at all)
     * and timing per backbone and row, the paper's same row (its RTX 4080 times).
     */
    public static Table table(List<Outcome> outcomes, Map<String, InferenceTiming.Speed> speeds) {
        Table paper = PaperTables.BACKBONE_ABLATION.load();
        StringColumn model = StringColumn.create("backbone");
        StringColumn strategy = StringColumn.create("strategy");
        IntColumn real = IntColumn.create("real defects");
        DoubleColumn mcc = DoubleColumn.create("MCC");
        DoubleColumn auroc = DoubleColumn.create("AUROC");
        DoubleColumn ms = DoubleColumn.create("ms/patch");
        DoubleColumn rate = DoubleColumn.create("patches/s");
        DoubleColumn rateStd = DoubleColumn.create("patches/s std");
        IntColumn paperReal = IntColumn.create("paper real defects");
        DoubleColumn paperMcc = DoubleColumn.create("paper MCC");
        DoubleColumn paperMs = DoubleColumn.create("paper ms/patch");
        DoubleColumn paperRate = DoubleColumn.create("paper patches/s");
        Map<String, Integer> seen = new LinkedHashMap<>();
        Map<String, Table> paperRows = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            model.append(o.backbone());
            strategy.append(o.strategy());
            real.append(o.realDefects());
            mcc.append(FractionScaling.round(o.mcc(), 2));
            auroc.append(FractionScaling.round(o.test().auroc(), 2));
            InferenceTiming.Speed s = speeds.get(o.backbone());
            ms.append(s == null ? Double.NaN : FractionScaling.round(s.msPerPatch(), 3));
            rate.append(s == null ? Double.NaN : FractionScaling.round(s.patchesPerSecond(), 1));
            rateStd.append(s == null ? Double.NaN : FractionScaling.round(s.patchesPerSecondStd(), 1));
            // the paper's rows come in our order within each backbone: match by position
            int k = seen.merge(o.backbone(), 1, Integer::sum) - 1;
            Table mine = paperRows.computeIfAbsent(o.backbone(),
                    b -> paper.where(paper.stringColumn("model").isEqualTo(b)));
            if (k < mine.rowCount() && mine.stringColumn("strategy").get(k).equals(o.strategy())) {
                paperReal.append(mine.intColumn("real_defects").get(k));
                paperMcc.append(mine.doubleColumn("mcc").get(k));
                paperMs.append(mine.doubleColumn("inference_ms_per_patch").get(k));
                paperRate.append(mine.intColumn("throughput_patches_per_s").get(k));
            } else {
                paperReal.appendMissing();
                paperMcc.appendMissing();
                paperMs.appendMissing();
                paperRate.appendMissing();
            }
        }
        return Table.create("Backbone ablation (Table 2)").addColumns(model, strategy, real, mcc, auroc, ms, rate,
                rateStd, paperReal, paperMcc, paperMs, paperRate);
    }

    /**
     * Throughput per backbone and how many times faster the fastest measured backbone is, ours beside the
     * paper's (which ran on an RTX 4080): the ratios are what can carry over from a GPU to this machine.
     */
    public static Table speedRatios(Map<String, InferenceTiming.Speed> speeds) {
        Table paper = PaperTables.BACKBONE_ABLATION.load();
        StringColumn model = StringColumn.create("backbone");
        DoubleColumn rate = DoubleColumn.create("patches/s");
        DoubleColumn ratio = DoubleColumn.create("fastest / this");
        DoubleColumn paperRate = DoubleColumn.create("paper patches/s");
        DoubleColumn paperRatio = DoubleColumn.create("paper fastest / this");
        String fastest = speeds.entrySet().stream()
                .max(Map.Entry.comparingByValue(java.util.Comparator.comparingDouble(
                        InferenceTiming.Speed::patchesPerSecond))).orElseThrow().getKey();
        double paperFastest = paperThroughput(paper, fastest);
        speeds.forEach((b, sp) -> {
            model.append(b);
            rate.append(FractionScaling.round(sp.patchesPerSecond(), 1));
            ratio.append(FractionScaling.round(speeds.get(fastest).patchesPerSecond() / sp.patchesPerSecond(), 2));
            double p = paperThroughput(paper, b);
            paperRate.append(p);
            paperRatio.append(FractionScaling.round(paperFastest / p, 2));
        });
        return Table.create("Throughput, fastest here: " + fastest).addColumns(model, rate, ratio, paperRate,
                paperRatio);
    }

    private static double paperThroughput(Table paper, String backbone) {
        Table rows = paper.where(paper.stringColumn("model").isEqualTo(backbone));
        return rows.rowCount() == 0 ? Double.NaN : rows.intColumn("throughput_patches_per_s").get(0);
    }

    /** MCC against throughput, one series per row (strategy and real defects), one point per backbone. */
    public static Map<String, double[][]> accuracyAgainstSpeed(List<Outcome> outcomes,
                                                               Map<String, InferenceTiming.Speed> speeds) {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            InferenceTiming.Speed s = speeds.get(o.backbone());
            if (s != null) {
                points.computeIfAbsent(o.strategy() + " " + o.realDefects(), k -> new ArrayList<>())
                        .add(new double[] {s.patchesPerSecond(), o.mcc()});
            }
        }
        return xy(points);
    }

    /** The paper's Table 2 as the same chart (RTX 4080 throughput, LSM-1 MCC). */
    public static Map<String, double[][]> paperAccuracyAgainstSpeed() {
        Table paper = PaperTables.BACKBONE_ABLATION.load();
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (int i = 0; i < paper.rowCount(); i++) {
            points.computeIfAbsent(paper.stringColumn("strategy").get(i) + " " + paper.intColumn("real_defects").get(i),
                    k -> new ArrayList<>()).add(new double[] {paper.intColumn("throughput_patches_per_s").get(i),
                    paper.doubleColumn("mcc").get(i)});
        }
        return xy(points);
    }

    private static Map<String, double[][]> xy(Map<String, List<double[]>> points) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        points.forEach((k, v) -> out.put(k, new double[][] {v.stream().mapToDouble(p -> p[0]).toArray(),
                v.stream().mapToDouble(p -> p[1]).toArray()}));
        return out;
    }

    @Override
    public void close() {
        data.close();
    }
}
