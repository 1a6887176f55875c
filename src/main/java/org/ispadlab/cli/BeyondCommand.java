package org.ispadlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Modality;
import org.ispadlab.experiment.DifficultyDial;
import org.ispadlab.experiment.FractionScaling;
import org.ispadlab.experiment.LabelSelection;
import org.ispadlab.experiment.PInjSweep;
import org.ispadlab.experiment.SweepPoint;
import org.ispadlab.train.InjectionSampler;
import org.ispadlab.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code environment/lab beyond}: notebook 07's experiments from a terminal, the paper's open questions. Each caches
 * per row (a stopped run resumes) and prints each row as it finishes, then the table over the seeds.
 */
@Command(name = "beyond", mixinStandardHelpOptions = true,
        description = "The paper's open questions (notebook 07): p_inj sweep, which defects to label, the difficulty dial.",
        subcommands = {BeyondCommand.PInj.class, BeyondCommand.Select.class, BeyondCommand.Dial.class})
final class BeyondCommand {

    /** What every experiment shares. */
    static final class Common {
        @Option(names = "--scale", defaultValue = "workshop", description = "smoke, workshop or paper (default ${DEFAULT-VALUE})")
        String scale;
        @Option(names = "--modality", defaultValue = "LSM-1", description = "LSM-1, LSM-2 or ASM (default ${DEFAULT-VALUE})")
        String modality;
        @Option(names = "--seeds", defaultValue = "3", description = "seeds 1..K, 1 <= K <= 100 (default ${DEFAULT-VALUE})")
        int seeds;
        @Option(names = "--retrain", description = "train again instead of showing cached results")
        boolean retrain;
        @Option(names = "--cached", description = "train nothing: show what the cache holds")
        boolean cached;

        Scale scale() {
            return Flags.parsed("--scale", scale, Scale::parse);
        }

        Modality modality() {
            return Flags.parsed("--modality", modality, Modality::of);
        }

        List<Long> seedList() {
            Flags.within("--seeds", seeds, 1, 100);
            return LongStream.rangeClosed(1, seeds).boxed().toList();
        }

        /** Notebook 04's folder on the scale's data: the cold starts live there. */
        Path coldStarts(Scale s, TrainConfig config) {
            return FractionScaling.resultsFolder(LabData.resultsRoot("fraction-scaling", s), s, config,
                    InjectionSampler.forBatch(config.batchSize()), null);
        }
    }

    private static TrainCommand.EpochPrinter printer(String run) {
        System.out.println(run);
        return new TrainCommand.EpochPrinter(run);
    }

    private static void printRow(SweepPoint p) {
        System.out.printf(Locale.ROOT, "  %-14s %-6s MCC %s%n", p.series(), p.xLabel(), p.mcc().format(3));
    }

    @Command(name = "p-inj", mixinStandardHelpOptions = true,
            description = "MCC against the injection probability: the smallest mixed fraction and every real defect "
                    + "at each p_inj, seeds 1..K.")
    static final class PInj implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--values", split = ",", description = "p_inj values in [1/batch, 0.25] (default: 1/B, 1/32, "
                + "1/16, 1/8, 1/4, each once)")
        List<Double> values;

        @Override
        public Integer call() {
            Scale s = common.scale();
            Modality m = common.modality();
            List<Long> seeds = common.seedList();
            TrainConfig config = TrainConfig.forScale(s);
            List<Double> p = values != null ? values : PInjSweep.values(config.batchSize());
            p.forEach(v -> Flags.within("--values", v, 1.0 / config.batchSize(), InjectionSampler.MAX_P));
            DatasetLayout layout = LabData.open(s);
            List<SweepPoint> points = PInjSweep.run(layout, m, config, p, seeds,
                    LabData.resultsRoot(PInjSweep.FOLDER, s), common.coldStarts(s, config), common.retrain,
                    common.cached, BeyondCommand::printer);
            System.out.println(PInjSweep.table(m, points).printAll());
            PInjSweep.optimum(points).forEach((series, best) -> System.out.printf(Locale.ROOT,
                    "highest mean MCC of %s at p_inj %s%n", series, PInjSweep.label(best)));
            return 0;
        }
    }

    @Command(name = "select", mixinStandardHelpOptions = true,
            description = "Which real defects to label: k of them chosen at random, for diversity, by uncertainty or "
                    + "one per class, seeds 1..K.")
    static final class Select implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--strategies", split = ",", defaultValue = "random,diversity,uncertainty,per-class",
                description = "any of random, diversity, uncertainty, per-class (default: all)")
        List<String> strategies;
        @Option(names = "--budgets", split = ",", defaultValue = "3,6,12", description = "k values (default ${DEFAULT-VALUE})")
        List<Integer> budgets;

        @Override
        public Integer call() {
            Scale s = common.scale();
            Modality m = common.modality();
            List<Long> seeds = common.seedList();
            List<LabelSelection.Strategy> chosen = strategies.stream().map(LabelSelection.Strategy::of).toList();
            budgets.forEach(k -> Flags.within("--budgets", k, 1, 100_000));
            TrainConfig config = TrainConfig.forScale(s);
            LabelSelection.Result r = LabelSelection.run(LabData.open(s), m, config, chosen, budgets, seeds,
                    LabData.resultsRoot(LabelSelection.FOLDER, s), common.coldStarts(s, config), common.retrain,
                    common.cached, BeyondCommand::printer);
            System.out.println(LabelSelection.choices(r.choices()).printAll());
            System.out.println(LabelSelection.table(m, r.points()).printAll());
            return 0;
        }
    }

    @Command(name = "dial", mixinStandardHelpOptions = true,
            description = "The difficulty dial: ISP-AD-sim from the scale's visibility (1) toward the paper's (0), rows "
                    + "none, area and mixed-all at each level, plain or with a curriculum pretraining, seeds 1..K.")
    static final class Dial implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--levels", split = ",", defaultValue = "1,0.5,0", description = "visibility levels in [0, 1] "
                + "(default ${DEFAULT-VALUE})")
        List<Double> levels;
        @Option(names = "--variants", split = ",", defaultValue = "plain,curriculum", description = "plain and/or "
                + "curriculum (default ${DEFAULT-VALUE})")
        List<String> variants;
        @Option(names = "--synthetic", defaultValue = "300", description = "synthetic defects measured per modality "
                + "and level for the visibility table, 1..100000 (default ${DEFAULT-VALUE})")
        int synthetic;

        @Override
        public Integer call() {
            Scale s = common.scale();
            Modality m = common.modality();
            List<Long> seeds = common.seedList();
            levels.forEach(l -> Flags.within("--levels", l, 0.0, 1.0));
            Flags.within("--synthetic", synthetic, 1, 100_000);
            List<DifficultyDial.Variant> chosen = variants.stream().map(DifficultyDial.Variant::of).toList();
            var visibility = DifficultyDial.visibility(s, levels, synthetic, common.cached, System.out::println);
            if (visibility != null) {
                System.out.println(visibility.printAll());
            }
            TrainConfig config = TrainConfig.forScale(s);
            for (DifficultyDial.Variant v : chosen) {
                List<SweepPoint> points = DifficultyDial.run(s, m, config, levels, v, seeds, common.retrain,
                        common.cached, BeyondCommand::printer, System.out::println);
                points.forEach(BeyondCommand::printRow);
                System.out.println(DifficultyDial.table(m, v, points).printAll());
                var findings = DifficultyDial.findings(points);
                System.out.println(DifficultyDial.findingsTable(m, v, findings).printAll());
                System.out.println(DifficultyDial.frontier(findings).map(l -> String.format(Locale.ROOT,
                        "%s, %s: the lowest visibility at which F3 holds: %.2f", m, v.id(), l))
                        .orElse(m + ", " + v.id() + ": F3 holds at no level swept"));
            }
            return 0;
        }
    }
}
