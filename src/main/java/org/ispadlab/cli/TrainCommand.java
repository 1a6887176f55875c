package org.ispadlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.train.EpochRecord;
import org.ispadlab.train.Evaluation;
import org.ispadlab.experiment.FractionScaling;
import org.ispadlab.train.InjectionSampler;
import org.ispadlab.experiment.SeedSummary;
import org.ispadlab.train.TrainingStream;
import org.ispadlab.train.TrainConfig;
import org.ispadlab.train.TrainListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code environment/lab train}: notebook 04's rows from a terminal, for runs longer than a notebook session or
 * for trying other settings. With the scale's settings it shares notebook 04's cache; other settings get a
 * folder of their own, so a cached result never stands for settings it was not trained with.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train fraction-scaling rows (notebook 04: synthetic only, real defects injected) and print "
                + "each epoch and each row's test metrics.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--scale", defaultValue = "workshop", description = "smoke, workshop or paper (default ${DEFAULT-VALUE})")
    String scale;
    @Option(names = "--modality", defaultValue = "LSM-1", description = "LSM-1, LSM-2 or ASM (default ${DEFAULT-VALUE})")
    String modality;
    @Option(names = "--data", description = "dataset folder in ISP-AD's layout (default: $ISPAD_DATA, else ISP-AD-sim at --scale)")
    Path data;
    @Option(names = "--rows", split = ",", description = "row ids, e.g. none,area-1,mixed-1_1 (default: every row)")
    List<String> rows;
    @Option(names = "--lr", split = ",", description = "MAX,MIN learning rate, each in (0, 10], MAX >= MIN (default: the scale's)")
    List<Double> lr;
    @Option(names = "--weight-decay", description = "in [0, 1] (default: the scale's)")
    Double weightDecay;
    @Option(names = "--epochs", description = "most epochs, 1..100000 (default: the scale's)")
    Integer epochs;
    @Option(names = "--steps-per-epoch", description = "0..10000000; 0: one pass over the stream (default: the scale's)")
    Integer stepsPerEpoch;
    @Option(names = "--t0", description = "steps of the first cosine cycle, >= 1 (default: the scale's)")
    Long t0;
    @Option(names = "--patience", description = "epochs without a lower validation loss before stopping, "
            + "1..100000 (default: the scale's)")
    Integer patience;
    @Option(names = "--p-inj", description = "injection probability, in [1/batch, 0.25] (default: the paper's 4 real "
            + "defects per batch: 1/32 at batch 128, 1/8 at 32)")
    Double pInj;
    @Option(names = "--cold", description = "train every row from the start weights, not by fine-tuning one synthetic-only "
            + "pretraining (same as --fine-tune-epochs 0)")
    boolean cold;
    @Option(names = "--fine-tune-epochs", description = "epochs each row fine-tunes the synthetic-only pretraining, "
            + "0..100000 (0: every row from the start weights; default: the scale's)")
    Integer fineTuneEpochs;
    @Option(names = "--stream", description = "hdf5 (the dataset's stream file) or endless (fresh synthetic defects "
            + "on the fault-free patches; default: the scale's)")
    String stream;
    @Option(names = "--seed", description = "seed of network initialisation, stream and fraction shuffle "
            + "(default: the scale's, 7; with --seeds the first of them)")
    Long seed;
    @Option(names = "--seeds", description = "run K seeds, 1 <= K <= 1000 (1..K, or --seed..--seed+K-1; 1 alone: the scale's) and "
            + "print each row as mean +- 95 %% interval (Student's t)")
    Integer seeds;
    @Option(names = "--retrain", description = "train again instead of showing cached results")
    boolean retrain;
    @Option(names = "--results", description = "results folder (default: $ISPAD_RESULTS_DIR/<dataset>/fraction-scaling, notebook 04's)")
    Path results;

    @Override
    public Integer call() {
        Scale s = Flags.parsed("--scale", scale, Scale::parse);
        Modality m = Flags.parsed("--modality", modality, Modality::of);
        Flags.datasetFolder("--data", data);
        TrainConfig defaults = TrainConfig.forScale(s);
        checkFlags(defaults);
        TrainConfig config = configure(defaults);
        double p = pInj != null ? pInj : InjectionSampler.forBatch(config.batchSize());
        DatasetLayout layout = data != null ? DatasetLayout.of(data, Manifest.load()) : LabData.open(s);
        Path dir = results != null ? results
                : FractionScaling.resultsFolder(LabData.resultsRoot("fraction-scaling", s), s, config, p, data);
        List<List<FractionScaling.Outcome>> perSeed = new ArrayList<>();
        for (long runSeed : seedList(config)) {
            try (FractionScaling experiment = new FractionScaling(layout, m, config.withSeed(runSeed), p, dir)) {
                System.out.println(experiment.describe());
                System.out.println("results: " + dir);
                List<FractionScaling.Outcome> outcomes = new ArrayList<>();
                for (FractionScaling.Row row : selected(experiment.rows())) {
                    FractionScaling.Outcome o = experiment.run(row, retrain, new EpochPrinter(row.id()));
                    Evaluation e = o.test();
                    System.out.printf(Locale.ROOT, "seed %d %s: MCC %.3f  AUROC %.3f  synthetic AUROC %.3f  TN %d  TP %d"
                                    + "  FN %d  FP %d  FN by group %s  (%s, %.0f s)%n", runSeed, row.label(), e.mcc(),
                            e.auroc(), o.syntheticAuroc(), e.tn(), e.tp(), e.fn(), e.fp(), e.falseNegativesByGroup(),
                            o.training().stopReason(), o.training().seconds());
                    outcomes.add(o);
                }
                System.out.println(FractionScaling.table(m, outcomes).printAll());
                perSeed.add(outcomes);
            }
        }
        if (perSeed.size() > 1) {
            System.out.println(new SeedSummary(m, perSeed).table().printAll());
        }
        return 0;
    }

    /** The seeds to run: --seed alone, those of {@link FractionScaling#seeds} for --seeds K, --seed.. for both. */
    private List<Long> seedList(TrainConfig config) {
        if (seed == null) {
            return FractionScaling.seeds(seeds != null ? seeds : 1, config);
        }
        return java.util.stream.LongStream.range(seed, seed + (seeds != null ? seeds : 1)).boxed().toList();
    }

    /** Every numeric flag within the range its help states, refused by name before anything is read. */
    private void checkFlags(TrainConfig defaults) {
        if (lr != null) {
            if (lr.size() != 2) {
                throw new IllegalArgumentException("--lr takes MAX,MIN, got " + lr);
            }
            lr.forEach(v -> Flags.positive("--lr", v, 10.0));
            if (lr.get(0) < lr.get(1)) {
                throw new IllegalArgumentException("--lr takes MAX,MIN with MAX >= MIN, got " + lr);
            }
        }
        Flags.within("--weight-decay", weightDecay, 0.0, 1.0);
        Flags.within("--epochs", epochs, 1, 100_000);
        Flags.within("--steps-per-epoch", stepsPerEpoch, 0, 10_000_000);
        Flags.within("--t0", t0, 1L, Long.MAX_VALUE);
        Flags.within("--patience", patience, 1, 100_000);
        Flags.within("--p-inj", pInj, 1.0 / defaults.batchSize(), InjectionSampler.MAX_P);
        Flags.within("--fine-tune-epochs", fineTuneEpochs, 0, 100_000);
        Flags.within("--seeds", seeds, 1, 1000);
    }

    private TrainConfig configure(TrainConfig c) {
        if (lr != null) {
            c = c.withLearningRate(lr.get(0), lr.get(1));
        }
        if (weightDecay != null) {
            c = c.withWeightDecay(weightDecay);
        }
        if (epochs != null) {
            c = c.withMaxEpochs(epochs);
        }
        if (stepsPerEpoch != null) {
            c = c.withStepsPerEpoch(stepsPerEpoch);
        }
        if (t0 != null) {
            c = c.withSchedule(t0, c.tMult());
        }
        if (patience != null) {
            c = c.withPatience(patience);
        }
        if (stream != null) {
            c = c.withStream(Flags.parsed("--stream", stream, TrainingStream.Kind::parse));
        }
        if (cold && fineTuneEpochs != null && fineTuneEpochs > 0) {
            throw new IllegalArgumentException("--cold and --fine-tune-epochs " + fineTuneEpochs + " contradict each other");
        }
        if (cold || fineTuneEpochs != null) {
            c = c.withFineTuneEpochs(cold ? 0 : fineTuneEpochs);
        }
        return c;
    }

    private List<FractionScaling.Row> selected(List<FractionScaling.Row> all) {
        if (rows == null) {
            return all;
        }
        List<FractionScaling.Row> out = new ArrayList<>();
        for (String id : rows) {
            out.add(all.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("no row '" + id + "'; the rows are "
                            + all.stream().map(FractionScaling.Row::id).toList())));
        }
        return out;
    }

    /** Each epoch of a run as one line, and where it resumed. */
    record EpochPrinter(String row) implements TrainListener {
        @Override
        public void resumed(String run, Path runDir, int epochsDone, long stepsDone) {
            System.out.printf(Locale.ROOT, "  %s: resumed from the checkpoint in %s after epoch %d (step %d)%n", run,
                    runDir, epochsDone, stepsDone);
        }

        @Override
        public void epoch(EpochRecord r, boolean best) {
            System.out.printf(Locale.ROOT, "  %s epoch %d: train loss %.4f, validation loss %.4f, AUROC %.3f, lr %.1e, "
                            + "%d injected, %.0f s%s%n", row, r.epoch(), r.trainLoss(), r.validationLoss(),
                    r.validationAuroc(), r.learningRate(), r.injected(), r.seconds(), best ? " (best)" : "");
        }
    }
}
