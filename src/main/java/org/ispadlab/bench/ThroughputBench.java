package org.ispadlab.bench;

import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ispadlab.data.Image8;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.Tensors;
import org.ispadlab.train.Sgd;
import org.ispadlab.train.TrainStep;

/**
 * Training and inference throughput of a backbone (patches per second) on random images, the model's real
 * code path. The lab's bench command runs it interleaved with the same measurement in PyTorch.
 */
public final class ThroughputBench {

    /** Steps recorded by the profiler after the timed ones: enough for stable per-operator sums. */
    public static final int PROFILED_STEPS = 3;
    /**
     * Warm-up lasts at least this long, whatever the step count: the JVM compiles DJL's per-operator Java path over
     * the first 20-40 forward passes (measured at 64 px: 50 ms a batch falling to 33 ms), and a notebook's run of
     * thousands of steps spends its time in the steady state. The PyTorch peer warms up by the same rule.
     */
    public static final double WARMUP_SECONDS = 3;

    public record Result(String phase, int batch, int size, int channels, double patchesPerSecond) {
    }

    private ThroughputBench() {
    }

    /**
     * Warm-up {@code warmup} steps (and at least {@value #WARMUP_SECONDS} s), then {@code steps} timed ones, for training then inference (each only if
     * asked for). With {@code profile} set, {@value #PROFILED_STEPS} more steps of each phase run under PyTorch's
     * profiler (after the timing, which it would slow down); its trace, Chrome's JSON format with one event per
     * operator, goes to {@code profile} with {@code -train} or {@code -infer} before the extension.
     */
    public static List<Result> run(Backbone backbone, int channels, int size, int batch, int warmup, int steps,
                                   boolean train, boolean infer, Path profile) {
        List<Result> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(1);
        List<Image8> images = new ArrayList<>();
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            byte[] px = new byte[size * size * channels];
            for (int k = 0; k < px.length; k++) {
                px[k] = (byte) r.nextInt(256);
            }
            images.add(new Image8(size, size, channels, px));
            labels[i] = i % 2;
        }
        try (Classifier model = Classifier.create(backbone, channels, size, 1, null)) {
            if (train) {
                TrainStep step = new TrainStep(model, new Sgd(model.trainable(), 0.9, 1e-2));
                float[] pixels = Tensors.encode(images, channels, size);
                out.add(measure("train", batch, size, channels, warmup, steps, profile,
                        () -> step.run(pixels, labels, 1e-4)));
            }
            if (infer) {
                out.add(measure("infer", batch, size, channels, warmup, steps, profile,
                        () -> model.defectProbabilities(images, batch)));
            }
        }
        return out;
    }

    private static Result measure(String phase, int batch, int size, int channels, int warmup, int steps,
                                  Path profile, Runnable step) {
        long warm = System.nanoTime();
        for (int i = 0; i < warmup || System.nanoTime() - warm < WARMUP_SECONDS * 1e9; i++) {
            step.run();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        double rate = (double) batch * steps / ((System.nanoTime() - t0) / 1e9);
        if (profile != null) {
            JniUtils.startProfile(false, true, false);
            try {
                for (int i = 0; i < PROFILED_STEPS; i++) {
                    step.run();
                }
            } finally {
                JniUtils.stopProfile(withPhase(profile, phase).toString());
            }
        }
        return new Result(phase, batch, size, channels, rate);
    }

    /** {@code trace.json} becomes {@code trace-train.json}. */
    static Path withPhase(Path file, String phase) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return file.resolveSibling(stem + "-" + phase + ext);
    }
}
