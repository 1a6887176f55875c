package org.ispadlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ispadlab.data.Image8;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.Tensors;

/**
 * Training and inference throughput of a backbone (patches per second) on random images, the model's real
 * code path. The lab's bench command runs it interleaved with the same measurement in PyTorch.
 */
public final class ThroughputBench {

    public record Result(String phase, int batch, int size, int channels, double patchesPerSecond) {
    }

    private ThroughputBench() {
    }

    /**
     * Warm-up {@code warmup} steps, then {@code steps} timed ones, for training then inference (each only if
     * asked for).
     */
    public static List<Result> run(Backbone backbone, int channels, int size, int batch, int warmup, int steps,
                                   boolean train, boolean infer) {
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
                for (int i = 0; i < warmup; i++) {
                    step.run(pixels, labels, 1e-4);
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    step.run(pixels, labels, 1e-4);
                }
                out.add(new Result("train", batch, size, channels, rate(batch * steps, t0)));
            }
            if (infer) {
                for (int i = 0; i < warmup; i++) {
                    model.defectProbabilities(images, batch);
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    model.defectProbabilities(images, batch);
                }
                out.add(new Result("infer", batch, size, channels, rate(batch * steps, t0)));
            }
        }
        return out;
    }

    private static double rate(long patches, long t0) {
        return patches / ((System.nanoTime() - t0) / 1e9);
    }
}
