package org.ispadlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.augment.Augmenter;
import org.ispadlab.bench.PixelBench;
import org.ispadlab.bench.StepBench;
import org.ispadlab.bench.ThroughputBench;
import org.ispadlab.data.DatasetCheck;
import org.ispadlab.data.Hdf5Tree;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.data.SupervisedStream;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.eval.Confusion;
import org.ispadlab.eval.Curve;
import org.ispadlab.eval.ScoresFile;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.BackboneCatalogue;
import org.ispadlab.model.PretrainedWeights;
import org.ispadlab.sim.PatchFactory;
import org.ispadlab.sim.SimGenerator;
import org.ispadlab.sim.SimPreset;
import org.ispadlab.synth.BalancedStream;
import org.ispadlab.synth.RandomWalkSynthesizer;
import org.ispadlab.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code environment/lab data ...}: generate ISP-AD-sim, verify a dataset, print an HDF5 file's tree. */
@Command(name = "lab", subcommands = {LabCli.Data.class, LabCli.Eval.class, LabCli.Models.class, TrainCommand.class,
        WeightsCommand.class, UnsupervisedCommand.class, PrepareCommand.class, ResultsCommand.class, ExploreCommand.class, BeyondCommand.class,
        LabCli.Bench.class}, mixinStandardHelpOptions = true,
        description = "ISP-AD Lab commands that run in Java.")
public final class LabCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The commands, with a failure printed as one line naming what went wrong (exit code 1). */
    static CommandLine commandLine() {
        return new CommandLine(new LabCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        });
    }

    @Command(name = "data", mixinStandardHelpOptions = true, description = "The ISP-AD data.",
            subcommands = {Sim.class, Verify.class, Visibility.class, Inspect.class, BenchRead.class})
    static final class Data {
    }

    @Command(name = "sim", mixinStandardHelpOptions = true,
            description = "Write ISP-AD-sim, the simulated stand-in for ISP-AD, in the real dataset's layout.")
    static final class Sim implements Callable<Integer> {
        @Option(names = "--scale", defaultValue = "smoke", description = "smoke, workshop or paper (default ${DEFAULT-VALUE})")
        String scale;
        @Option(names = "--seed", description = "random seed (default: the preset's)")
        Long seed;
        @Option(names = "--out", description = "folder to write (default: $ISPAD_SIM_DIR/<scale>)")
        Path out;
        @Option(names = "--threads", description = "worker threads, 1..1024 (default: all cores)")
        Integer threads;
        @Option(names = "--contrast", description = "multiplies every defect's contrast, in (0, 20] (default: the preset's, 1.0)")
        Double contrast;
        @Option(names = "--factor", description = "Table 7's counts times this, in (0, 10]; 1 is the paper's size "
                + "(default: the preset's)")
        Double factor;
        @Option(names = "--min-count", description = "at least this many patches per split, 1..100000 (default: the preset's)")
        Integer minCount;
        @Option(names = "--overwrite", description = "replace an existing dataset in --out")
        boolean overwrite;
        @Option(names = "--refresh", description = "only if --out holds no dataset yet or one an older generator made")
        boolean refresh;
        @Option(names = "--no-synthesis", description = "leave the stream's synthetic half out and its patches unaugmented")
        boolean plain;

        @Override
        public Integer call() {
            Flags.within("--threads", threads, 1, 1024);
            Flags.positive("--contrast", contrast, 20);
            Flags.positive("--factor", factor, 10);
            Flags.within("--min-count", minCount, 1, 100_000);
            Scale s = Scale.parse(scale);
            SimPreset preset = SimPreset.of(s);
            if (seed != null) {
                preset = preset.withSeed(seed);
            }
            if (contrast != null) {
                preset = preset.withDefectContrast(contrast);
            }
            if (factor != null || minCount != null) {
                preset = preset.withSize(factor != null ? factor : preset.factor(),
                        minCount != null ? minCount : preset.minCount());
            }
            Path target = out != null ? out : LabData.simRoot(s);
            int version = SimGenerator.versionOf(target);
            if (refresh && version == SimGenerator.VERSION) {
                System.out.println(target + " is up to date (ISP-AD-sim version " + version + ")");
                return 0;
            }
            int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            SimGenerator generator = new SimGenerator(preset, Manifest.load(), workers, System.out::println,
                    plain ? SimGenerator.StreamRecipe.PLAIN : LabData.paperStream(preset));
            SimGenerator.Estimate size = generator.estimate();
            System.out.printf("ISP-AD-sim, scale %s, seed %d, %d px patches, %d threads -> %s%n",
                    s.label(), preset.seed(), preset.patchSize(), workers, target);
            System.out.printf("%,d patches in %,d files, up to %s%n", size.patches(), size.files(),
                    SimGenerator.humanBytes(size.bytes()));
            SimGenerator.Report r = generator.generate(target, overwrite || refresh && version > 0);
            System.out.printf("%d patches in %.1f s: %.0f patches/s%n", r.patches(), r.seconds(), r.patchesPerSecond());
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check a dataset (real or simulated) against the manifest: files, masks, stream, counts.")
    static final class Verify implements Callable<Integer> {
        @Parameters(arity = "0..1", description = "dataset folder (default: $ISPAD_DATA, else ISP-AD-sim at --scale)")
        Path dir;
        @Option(names = "--scale", defaultValue = "smoke")
        String scale;

        @Override
        public Integer call() {
            Path root = dir != null ? dir : LabData.simulated() ? LabData.simRoot(Scale.parse(scale))
                    : Path.of(System.getenv("ISPAD_DATA"));
            List<DatasetCheck.Row> rows = DatasetCheck.of(root, Manifest.load()).rows();
            System.out.println(DatasetCheck.table(rows).printAll());
            boolean ok = DatasetCheck.passes(rows);
            System.out.println(ok ? root + ": ok" : root + ": does NOT match (see status above)");
            return ok ? 0 : 1;
        }
    }

    @Command(name = "visibility", mixinStandardHelpOptions = true,
            description = "How visible a dataset's defects are: median mask area and contrast / ring-std ratio of the "
                    + "stream's synthetic defects and of the test split's points and area defects, per modality.")
    static final class Visibility implements Callable<Integer> {
        @Parameters(arity = "0..1", description = "dataset folder (default: $ISPAD_DATA, else ISP-AD-sim at --scale)")
        Path dir;
        @Option(names = "--scale", defaultValue = "workshop", description = "smoke, workshop or paper (default ${DEFAULT-VALUE})")
        String scale;
        @Option(names = "--synthetic", defaultValue = "300", description = "synthetic defects measured per modality, 1..100000")
        int synthetic;

        @Override
        public Integer call() {
            Flags.within("--synthetic", synthetic, 1, 100_000);
            Flags.datasetFolder("DIR", dir);
            org.ispadlab.data.DatasetLayout layout = dir != null ? org.ispadlab.data.DatasetLayout.of(dir, Manifest.load())
                    : LabData.open(Scale.parse(scale));
            System.out.println(org.ispadlab.sim.SimDefects.visibility(layout, Manifest.load(), synthetic).printAll());
            return 0;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Print an HDF5 file's groups, datasets (shape, type, storage, filters) and attributes.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(arity = "1", description = "an HDF5 file")
        Path file;

        @Override
        public Integer call() {
            System.out.print(Hdf5Tree.describe(file));
            return 0;
        }
    }

    @Command(name = "bench-read", mixinStandardHelpOptions = true,
            description = "Random-access read speed of a supervised stream: patches/s per round, as JSON lines.")
    static final class BenchRead implements Callable<Integer> {
        @Parameters(arity = "1", description = "an HDF5 stream with syn_stream, ground_truth and labels")
        Path file;
        @Option(names = "--reads", defaultValue = "2000", description = "patches per round, 1..10000000")
        int reads;
        @Option(names = "--rounds", defaultValue = "5", description = "measured rounds, 1..1000")
        int rounds;
        @Option(names = "--warm-up", defaultValue = "3", description = "rounds run first and not measured (JIT, page cache), 0..1000")
        int warmUp;

        @Override
        public Integer call() {
            Flags.within("--reads", reads, 1, 10_000_000);
            Flags.within("--rounds", rounds, 1, 1000);
            Flags.within("--warm-up", warmUp, 0, 1000);
            try (SupervisedStream s = SupervisedStream.open(file, Manifest.load().layout())) {
                long checksum = 0;
                for (int round = -warmUp; round < rounds; round++) {
                    long t0 = System.nanoTime();
                    for (int k = 0; k < reads; k++) {
                        // the same index sequence as the Python peer in environment/bench_hdf5.py
                        checksum += s.image((int) ((long) k * 7919 % s.size())).pixels()[k % 256] & 0xff;
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (round >= 0) {
                        System.out.printf("{\"round\": %d, \"patches_per_s\": %.1f}%n", round, reads / seconds);
                    }
                }
                System.out.printf("{\"checksum\": %d}%n", checksum);
            }
            return 0;
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "The paper's image-level metrics for any method's per-image scores (CSV: path or id, label, score), or pixel AUROC and PRO for its anomaly maps.")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--scores", description = "CSV with a header: path or id, label, score")
        Path scores;
        @Option(names = "--column", defaultValue = "score", description = "the score column to evaluate, e.g. one "
                + "model of `lab explore`'s table (default: score)")
        String column;
        @Option(names = "--curves", description = "also write the ROC and precision-recall curves to this CSV")
        Path curves;
        @Option(names = "--maps", description = "anomaly maps: STEM.npy (float32) or 8/16-bit STEM.png, in subfolders "
                + "or not")
        Path maps;
        @Option(names = "--masks", description = "ground truth for --maps: STEM_mask.png (MVTec's names); a map "
                + "without a mask is a good image")
        Path masks;
        @Option(names = "--crop", defaultValue = "0", description = "pixels cut off every border of maps and masks "
                + "before the pixel metrics (ASM's masked borders, Sec. 3.2.5), 0..1024")
        int crop;

        @Override
        public Integer call() throws java.io.IOException {
            if ((scores == null) == (maps == null) || (maps == null) != (masks == null)) {
                throw new IllegalArgumentException("give --scores FILE.csv (image metrics) or --maps DIR --masks DIR "
                        + "(pixel metrics)");
            }
            if (maps != null) {
                Flags.within("--crop", crop, 0, 1024);
                PixelEval.run(maps, masks, crop);
                return 0;
            }
            long t0 = System.nanoTime();
            ScoresFile f = ScoresFile.read(scores, column);
            int positives = f.positives();
            int negatives = f.scores().length - positives;
            if (positives == 0 || negatives == 0) {
                throw new org.ispadlab.data.DataFormatException(scores, "defective and good images both (AUROC and "
                        + "the threshold at optimal F1 compare the two)", f.scores().length + " images, all "
                        + (positives == 0 ? "good" : "defective"));
            }
            BinaryMetrics metrics = new BinaryMetrics(f.scores(), f.defective());
            BinaryMetrics.Report r = metrics.report();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Confusion c = r.confusion();
            System.out.printf("%s%s: %d images, %d defective%n", scores, column.equals("score") ? "" : " (" + column
                    + ")", r.positives() + r.negatives(), r.positives());
            System.out.printf("threshold (optimal F1 on this set) %s%n", r.threshold());
            System.out.printf("MCC %.4f  recall %.2f %%  precision %.2f %%  FPR %.2f %%%n", c.mcc(), 100 * c.recall(),
                    100 * c.precision(), 100 * c.fpr());
            System.out.printf("TN %d  TP %d  FN %d  FP %d%n", c.tn(), c.tp(), c.fn(), c.fp());
            System.out.printf("image AUROC %.4f%n", r.auroc());
            if (curves != null) {
                StringBuilder out = new StringBuilder("curve,x,y,threshold\n");
                appendCurve(out, "roc", metrics.roc());
                appendCurve(out, "pr", metrics.precisionRecall());
                java.nio.file.Files.writeString(curves, out);
                System.out.println("curves written to " + curves);
            }
            System.out.printf("(read and evaluated in %.2f s)%n", seconds);
            return 0;
        }

        private static void appendCurve(StringBuilder out, String name, Curve c) {
            for (int i = 0; i < c.x().length; i++) {
                out.append(name).append(',').append(c.x()[i]).append(',').append(c.y()[i]).append(',')
                        .append(c.thresholds()[i]).append('\n');
            }
        }
    }

    @Command(name = "models", mixinStandardHelpOptions = true,
            description = "Every backbone: parameter count, input channels, pretrained weights found or not.")
    static final class Models implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.println(BackboneCatalogue.table().printAll());
            System.out.println("weights are looked for in " + PretrainedWeights.dir().toAbsolutePath()
                    + " as <backbone>-<channels>ch.params (ISPAD_WEIGHTS_DIR)");
            return 0;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print a ratio against a peer.",
            subcommands = {SynthBench.class, TrainBench.class, StepBenchCommand.class, PixelBench.class})
    static final class Bench {
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training and inference patches/s of a backbone on random images (one line each, key=value).")
    static final class TrainBench implements Callable<Integer> {
        @Option(names = "--backbone", defaultValue = "resnet18")
        String backbone;
        @Option(names = "--size", defaultValue = "256", description = "patch side, 32..4096")
        int size;
        @Option(names = "--batch", defaultValue = "16", description = "1..4096")
        int batch;
        @Option(names = "--channels", defaultValue = "3", description = "1 or 3")
        int channels;
        @Option(names = "--warmup", defaultValue = "2", description = "untimed steps first, 0..1000")
        int warmup;
        @Option(names = "--steps", defaultValue = "6", description = "timed steps, 1..100000")
        int steps;
        @Option(names = "--phases", defaultValue = "train,infer", split = ",", description = "train, infer or both")
        List<String> phases;
        @Option(names = "--profile", description = "also write PyTorch profiler traces (Chrome JSON) of "
                + ThroughputBench.PROFILED_STEPS + " more steps per phase to FILE-train.json / FILE-infer.json")
        Path profile;

        @Override
        public Integer call() {
            Flags.within("--size", size, 32, 4096);
            Flags.within("--batch", batch, 1, 4096);
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("--channels takes 1 or 3, got " + channels);
            }
            Flags.within("--warmup", warmup, 0, 1000);
            Flags.within("--steps", steps, 1, 100_000);
            Backbone b = Backbone.parse(backbone);
            for (ThroughputBench.Result r : ThroughputBench.run(b, channels, size, batch, warmup, steps,
                    phases.contains("train"), phases.contains("infer"), profile)) {
                System.out.printf(java.util.Locale.ROOT,
                        "impl=djl arch=%s phase=%s batch=%d size=%d channels=%d patches_per_s=%.3f%n",
                        b.torchvisionName(), r.phase(), r.batch(), r.size(), r.channels(), r.patchesPerSecond());
            }
            return 0;
        }
    }

    @Command(name = "step", mixinStandardHelpOptions = true,
            description = "The workshop's training step end to end: the Trainer with its data pipeline on a scale's "
                    + "data and settings (one key=value line).")
    static final class StepBenchCommand implements Callable<Integer> {
        @Option(names = "--scale", defaultValue = "workshop", description = "smoke, workshop or paper")
        String scale;
        @Option(names = "--modality", defaultValue = "LSM-1")
        String modality;
        @Option(names = "--warmup", defaultValue = "30", description = "untimed steps first (the JIT warms up), 0..1000")
        int warmup;
        @Option(names = "--steps", defaultValue = "20", description = "timed steps, 1..100000")
        int steps;
        @Option(names = "--dump", description = "first write the run's batches (safetensors: pixels, labels) to FILE")
        Path dump;
        @Option(names = "--loader-threads", description = "threads building batches, 1..64 (default: the scale's)")
        Integer loaderThreads;

        @Override
        public Integer call() {
            Scale s = Flags.parsed("--scale", scale, Scale::parse);
            Modality m = Flags.parsed("--modality", modality, Modality::of);
            Flags.within("--warmup", warmup, 0, 1000);
            Flags.within("--steps", steps, 1, 100_000);
            Flags.within("--loader-threads", loaderThreads, 1, 64);
            TrainConfig config = TrainConfig.forScale(s);
            if (loaderThreads != null) {
                config = config.withLoaderThreads(loaderThreads);
            }
            StepBench.Result r = StepBench.run(LabData.open(s), m, config, warmup, steps, dump);
            System.out.printf(java.util.Locale.ROOT, "impl=djl arch=%s phase=step batch=%d size=%d channels=%d "
                            + "loader_threads=%d patches_per_s=%.3f peak_rss_mb=%.0f%n", config.backbone().torchvisionName(),
                    r.batch(), r.size(), r.channels(), r.loaderThreads(), r.patchesPerSecond(), r.peakRssMegabytes());
            return 0;
        }
    }

    @Command(name = "synth", mixinStandardHelpOptions = true,
            description = "Synthesis + augmentation throughput of the balanced stream against plain patch copies.")
    static final class SynthBench implements Callable<Integer> {
        @Option(names = "--size", defaultValue = "256", description = "output patch side, 32..4096")
        int size;
        @Option(names = "--seconds", defaultValue = "8", description = "seconds per measurement, in (0, 3600]")
        double seconds;
        @Option(names = "--threads", description = "worker threads, 1..1024 (default: all cores)")
        Integer threads;
        @Option(names = "--modality", defaultValue = "LSM-1")
        String modality;

        @Override
        public Integer call() {
            Flags.within("--size", size, 32, 4096);
            Flags.positive("--seconds", seconds, 3600);
            Flags.within("--threads", threads, 1, 1024);
            Modality m = Modality.of(modality);
            int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            PatchFactory factory = new PatchFactory(m, size, 1.0);
            List<Image8> sources = java.util.stream.IntStream.range(0, 64)
                    .mapToObj(k -> factory.faultFree(2 * size, 1000 + k).grey()).toList();
            RandomWalkSynthesizer synthesizer = new RandomWalkSynthesizer();
            BalancedStream copies = new BalancedStream(sources::get, sources.size(), m, synthesizer, null, size, 1, 0);
            BalancedStream pipeline = new BalancedStream(sources::get, sources.size(), m, synthesizer,
                    Augmenter.table8(0.9), size, 1, 0.5);
            System.out.printf("%s, %d px single-channel patches from %d px sources, %d worker threads, batches of 32%n",
                    m, size, 2 * size, workers);
            double copy = 0;
            double full = 0;
            for (int round = 0; round < 2; round++) { // interleaved rounds: machine drift hits both
                copy = Math.max(copy, rate(copies, workers));
                full = Math.max(full, rate(pipeline, workers));
            }
            System.out.printf("plain crop copy (peer)                 %9.0f patches/s%n", copy);
            System.out.printf("augment (Table 8) + synthesis (50 %%)   %9.0f patches/s   ratio %.3f of a plain copy%n", full, full / copy);
            System.out.printf("synthesis acceptance rate              %9.1f %% of attempts%n", 100 * synthesizer.acceptanceRate());
            double consumer = 2000;
            double waited = waitedShare(pipeline, workers, consumer);
            System.out.printf("a training loop taking %.0f patches/s waited %.1f %% of its time for data%n", consumer, 100 * waited);
            return 0;
        }

        private double rate(BalancedStream stream, int workers) {
            try (var batches = stream.batches(32, workers, 2 * workers)) {
                for (int i = 0; i < 4 * workers; i++) {
                    batches.next(); // warm-up
                }
                long t0 = System.nanoTime();
                long n = 0;
                while (System.nanoTime() - t0 < seconds * 1e9) {
                    n += batches.next().size();
                }
                return n / ((System.nanoTime() - t0) / 1e9);
            }
        }

        /** Share of wall time a consumer of {@code perSecond} patches/s (sleeping as a GPU step would) spends waiting. */
        private double waitedShare(BalancedStream stream, int workers, double perSecond) {
            try (var batches = stream.batches(32, workers, 4 * workers)) {
                long stepNanos = (long) (32 / perSecond * 1e9);
                for (int i = 0; i < 4 * workers; i++) {
                    batches.next();
                }
                long waitedBefore = batches.waitedNanos();
                long t0 = System.nanoTime();
                while (System.nanoTime() - t0 < seconds * 1e9) {
                    batches.next();
                    java.util.concurrent.locks.LockSupport.parkNanos(stepNanos);
                }
                return (double) (batches.waitedNanos() - waitedBefore) / (System.nanoTime() - t0);
            }
        }
    }
}
