package org.ispadlab.bench;

import java.util.ArrayList;
import java.util.List;
import org.ispadlab.Scale;
import org.ispadlab.augment.Preprocess;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.ispadlab.model.Classifier;

/**
 * Inference time per patch and throughput as the paper measured them (Sec. 5.2.1, Table 2): {@code warmup}
 * untimed iterations, then {@code cycles} cycles of {@code repetitions} batches of {@code batch} patches, each
 * iteration including the modality's preprocessing; mean and standard deviation over the cycles.
 */
public record InferenceTiming(int batch, int warmup, int cycles, int repetitions) {

    /** A measurement: ms per patch and patches/s, mean and sample standard deviation over the cycles. */
    public record Speed(double msPerPatch, double msPerPatchStd, double patchesPerSecond,
                        double patchesPerSecondStd, InferenceTiming protocol, String device) {
        @Override
        public String toString() {
            return String.format("%.3f ms/patch, %.1f +- %.1f patches/s (batch %d, %d cycles x %d, %s)", msPerPatch,
                    patchesPerSecond, patchesPerSecondStd, protocol.batch, protocol.cycles, protocol.repetitions,
                    device);
        }
    }

    public InferenceTiming {
        if (batch < 1 || warmup < 0 || cycles < 2 || repetitions < 1) {
            throw new IllegalArgumentException("need batch >= 1, warm-up >= 0, cycles >= 2 (for a deviation) and "
                    + "repetitions >= 1; got " + batch + ", " + warmup + ", " + cycles + ", " + repetitions);
        }
    }

    /** The paper's protocol (batch 128, 10 warm-up, 5 x 100) at paper scale, scaled down below it. */
    public static InferenceTiming forScale(Scale scale) {
        return switch (scale) {
            case SMOKE -> new InferenceTiming(8, 1, 2, 2);
            case WORKSHOP -> new InferenceTiming(32, 2, 5, 3);
            case PAPER -> new InferenceTiming(128, 10, 5, 100);
        };
    }

    /** Times {@code model} on batches cut from {@code raw} (cycled when fewer), preprocessed each iteration. */
    public Speed measure(Classifier model, List<Image8> raw, Modality modality) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("no images to time inference on");
        }
        List<Image8> images = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            Image8 img = raw.get(i % raw.size());
            images.add(model.channels() == 1 ? img.grey() : img);
        }
        for (int i = 0; i < warmup; i++) {
            iteration(model, images, modality);
        }
        double[] ms = new double[cycles];
        double[] rate = new double[cycles];
        for (int c = 0; c < cycles; c++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < repetitions; r++) {
                iteration(model, images, modality);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            ms[c] = 1000 * seconds / ((double) repetitions * batch);
            rate[c] = repetitions * batch / seconds;
        }
        return new Speed(mean(ms), std(ms), mean(rate), std(rate), this, model.device().toString());
    }

    private static void iteration(Classifier model, List<Image8> images, Modality modality) {
        List<Image8> ready = images.stream().map(i -> Preprocess.apply(i, modality)).toList();
        model.defectProbabilities(ready, ready.size());
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
