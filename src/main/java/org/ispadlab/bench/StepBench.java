package org.ispadlab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Modality;
import org.ispadlab.io.SafeFiles;
import org.ispadlab.model.Classifier;
import org.ispadlab.train.EvalSet;
import org.ispadlab.train.InjectionSampler;
import org.ispadlab.train.SupervisedData;
import org.ispadlab.train.TrainConfig;
import org.ispadlab.train.TrainListener;
import org.ispadlab.train.Trainer;
import org.ispadlab.train.TrainingSet;
import org.ispadlab.train.TrainingStream;
import org.ispadlab.weights.Safetensors;

/**
 * The training step that decides a notebook's wall time, measured end to end: the {@link Trainer} itself, with its
 * data pipeline (the endless stream's synthesis and augmentation, real-defect injection, encoding, on its loader
 * threads beside the two compute threads), on a scale's real data and settings. One epoch of
 * {@code warmup + steps} steps runs in a scratch folder; only the steps after the warm-up are timed (the epoch's
 * validation and checkpoint come after them). Optionally the same batches, exactly as the network receives them,
 * are written first, so a PyTorch loop can train on the very same tensors ({@code environment/bench_step.py}).
 */
public final class StepBench {

    /**
     * @param peakRssMegabytes the process's peak resident memory (VmHWM) after the run: the engine, the data
     *                         and the training together
     */
    public record Result(int batch, int size, int channels, int loaderThreads, double patchesPerSecond,
                         double peakRssMegabytes) {
    }

    private StepBench() {
    }

    /**
     * Trains {@code config}'s backbone from random weights on {@code modality}'s endless stream with the scale's
     * injection rate, and times steps {@code warmup + 1 .. warmup + steps}. With {@code dump} set, the batches of
     * those steps (and the warm-up's) are written there first, as safetensors: {@code pixels} F32 (N, H, W, C),
     * the network's NHWC input, and {@code labels} I64 (N).
     */
    public static Result run(DatasetLayout layout, Modality modality, TrainConfig config, int warmup, int steps,
                             Path dump) {
        int total = warmup + steps;
        TrainConfig one = config.withMaxEpochs(1).withStepsPerEpoch(total).withPatience(1);
        try (SupervisedData data = new SupervisedData(layout, modality)) {
            long seed = one.seed();
            double p = InjectionSampler.forBatch(one.batchSize());
            TrainingSet set = data.trainingSet(one.stream(), data.realDefects(),
                    InjectionSampler.mixed(p, one.batchSize(), seed + 1), false, seed + 2);
            if (dump != null) {
                write(set, data.size(), data.channels(), one, total, dump);
            }
            EvalSet validation = oneOfEach(data.test()); // the epoch's end is not timed: a token validation
            StepClock clock = new StepClock(warmup);
            Path scratch = Files.createTempDirectory("ispad-step-bench");
            try (Classifier model = Classifier.create(one.backbone(), data.channels(), data.size(), seed, null)) {
                new Trainer(one).train("step-bench", model, set, validation, scratch, clock);
            } finally {
                SafeFiles.deleteTree(scratch);
            }
            return new Result(one.batchSize(), data.size(), data.channels(), one.loaderThreads(),
                    (double) one.batchSize() * steps / clock.seconds(), peakRssMegabytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(TrainingSet set, int size, int channels, TrainConfig config, int total, Path file) {
        int batch = config.batchSize();
        int per = size * size * channels;
        float[] pixels = new float[total * batch * per];
        long[] labels = new long[total * batch];
        TrainingStream.Epoch reader = set.stream().epoch(0);
        for (int s = 0; s < total; s++) {
            TrainingSet.Batch b = set.batch(reader, 0, s, batch, total);
            System.arraycopy(b.pixels(), 0, pixels, s * batch * per, batch * per);
            for (int k = 0; k < batch; k++) {
                labels[s * batch + k] = b.labels()[k];
            }
        }
        new Safetensors.Writer()
                .f32("pixels", new long[] {(long) total * batch, size, size, channels}, pixels)
                .i64("labels", new long[] {(long) total * batch}, labels)
                .metadata("batch", Integer.toString(batch))
                .metadata("weight_decay", Double.toString(config.weightDecay())) // the peer trains as the lab does
                .write(file);
    }

    /** The first good and the first defective image of {@code test}: the least a validation AUROC needs. */
    private static EvalSet oneOfEach(EvalSet test) {
        List<Integer> picks = new ArrayList<>();
        for (boolean defective : new boolean[] {false, true}) {
            for (int i = 0; i < test.size(); i++) {
                if (test.defective()[i] == defective) {
                    picks.add(i);
                    break;
                }
            }
        }
        if (picks.size() < 2) {
            throw new IllegalArgumentException("the test split needs good and defective patches, found one kind only");
        }
        boolean[] labels = {false, true};
        return new EvalSet(picks.stream().map(test.images()::get).toList(), labels,
                picks.stream().map(test.groups()::get).toList(), picks.stream().map(test.names()::get).toList());
    }

    /** Peak resident set of this process in MiB, from /proc (NaN where there is none). */
    static double peakRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** Times from the end of the warm-up's last step to the end of the last step. */
    private static final class StepClock implements TrainListener {
        private final int warmup;
        private long start;
        private long end;

        StepClock(int warmup) {
            this.warmup = warmup;
        }

        @Override
        public void started(String run, long totalSteps, long stepsDone) {
            start = System.nanoTime(); // a warm-up of 0 times from here
        }

        @Override
        public void step(long stepsDone, int epoch, float loss, double learningRate) {
            if (stepsDone == warmup) {
                start = System.nanoTime();
            }
            end = System.nanoTime();
        }

        double seconds() {
            return (end - start) / 1e9;
        }
    }
}
