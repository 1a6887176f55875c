package org.ispadlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ispadlab.augment.Augmenter;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.synth.BalancedStream;
import org.ispadlab.synth.RandomWalkSynthesizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    private static final int SIZE = 32;

    /** Noisy grey patches; odd entries carry a bright square: separable by construction. */
    private static Image8 patch(int k) {
        SplittableRandom r = new SplittableRandom(k);
        Image8 img = Image8.blank(SIZE, SIZE, 1);
        for (int i = 0; i < img.pixels().length; i++) {
            img.pixels()[i] = (byte) (90 + r.nextInt(30));
        }
        if (k % 2 == 1) {
            int x0 = 4 + r.nextInt(SIZE - 14);
            int y0 = 4 + r.nextInt(SIZE - 14);
            for (int y = y0; y < y0 + 8; y++) {
                for (int x = x0; x < x0 + 8; x++) {
                    img.set(x, y, 0, 250);
                }
            }
        }
        return img;
    }

    private static TrainingSet separable(InjectionSampler sampler, List<Image8> real) {
        int n = 64;
        int[] entries = new int[n];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            entries[k] = k;
            labels[k] = k % 2;
        }
        return new TrainingSet(Modality.ASM, SIZE, 1, new FixedStream(TrainerTest::patch, entries, labels, 3), real,
                sampler, Augmenter.table8(0.9));
    }

    /** The endless stream over the separable set's fault-free patches, half given a fresh synthetic defect. */
    static TrainingSet endless(InjectionSampler sampler, List<Image8> real, long seed) {
        List<Image8> sources = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            sources.add(patch(2 * k).mirrorPad(2 * SIZE));
        }
        BalancedStream balanced = new BalancedStream(sources::get, sources.size(), Modality.ASM,
                new RandomWalkSynthesizer(), Augmenter.table8(0.9), SIZE, seed, 0.5);
        return new TrainingSet(Modality.ASM, SIZE, 1, new EndlessStream(balanced, sources.size(), 0.5, seed), real,
                sampler, Augmenter.table8(0.9));
    }

    private static TrainingSet stream(TrainingStream.Kind kind, InjectionSampler sampler, List<Image8> real) {
        return kind == TrainingStream.Kind.HDF5 ? separable(sampler, real) : endless(sampler, real, 3);
    }

    private static EvalSet validation() {
        List<Image8> images = new ArrayList<>();
        boolean[] defective = new boolean[24];
        for (int k = 0; k < 24; k++) {
            images.add(patch(1000 + k));
            defective[k] = k % 2 == 1;
        }
        List<String> groups = images.stream().map(i -> "x").toList();
        return new EvalSet(images, defective, groups, groups);
    }

    private static TrainConfig tiny(int epochs) {
        return TrainConfig.forScale(org.ispadlab.Scale.SMOKE).withBatchSize(16).withMaxEpochs(epochs)
                .withStepsPerEpoch(4).withPatience(epochs).withLearningRate(2e-2, 1e-3).withSchedule(8, 2);
    }

    @ParameterizedTest
    @EnumSource(Backbone.class)
    void aSeparableSetIsLearnedToMcc1(Backbone backbone, @TempDir Path dir) {
        EvalSet val = validation();
        try (Classifier model = Classifier.create(backbone, 1, SIZE, 1, null)) {
            TrainResult r = new Trainer(tiny(12).withBackbone(backbone)).train("separable", model, separable(InjectionSampler.none(), List.of()),
                    val, dir, TrainListener.SILENT);
            double[] scores = new double[val.size()];
            float[] p = model.defectProbabilities(val.images(), 8);
            for (int i = 0; i < scores.length; i++) {
                scores[i] = p[i];
                assertEquals(r.bestScores()[i], p[i], 1e-5f, "the model holds the best epoch's weights");
            }
            BinaryMetrics.Report report = new BinaryMetrics(scores, val.defective()).report();
            assertEquals(1.0, report.mcc(), 1e-9, r + " " + report);
            assertTrue(r.history().get(r.history().size() - 1).trainLoss() < r.history().get(0).trainLoss());
            assertEquals(report.auroc(), r.history().get(r.bestEpoch() - 1).validationAuroc(), 1e-12,
                    "the best epoch's recorded AUROC is that of its scores");
        }
    }

    /** A listener that stops the run like a kill, at step {@code step} of epoch {@code epoch}. */
    private static TrainListener killAt(int epoch, long step) {
        return new TrainListener() {
            @Override
            public void step(long stepsDone, int e, float loss, double lr) {
                if (e == epoch && stepsDone == step) {
                    throw new IllegalStateException("killed");
                }
            }
        };
    }

    @ParameterizedTest
    @EnumSource(TrainingStream.Kind.class)
    void resumeAfterAKillEndsWithTheSameWeights(TrainingStream.Kind kind, @TempDir Path dir) throws Exception {
        List<Image8> real = List.of(patch(2001), patch(2003), patch(2005)).stream()
                .map(TrainerTest::enlarge).toList();
        TrainConfig config = tiny(3);
        Path straight = dir.resolve("straight");
        try (Classifier model = Classifier.create(Backbone.RESNET_18, 1, SIZE, 4, null)) {
            new Trainer(config).train("a", model, stream(kind, InjectionSampler.mixed(0.25, 16, 9), real), validation(),
                    straight, TrainListener.SILENT);
        }
        Path killed = dir.resolve("killed");
        TrainListener killer = killAt(1, 6);
        try (Classifier model = Classifier.create(Backbone.RESNET_18, 1, SIZE, 4, null)) {
            assertThrows(IllegalStateException.class, () -> new Trainer(config).train("b", model,
                    stream(kind, InjectionSampler.mixed(0.25, 16, 9), real), validation(), killed, killer));
        }
        List<String> heard = new java.util.ArrayList<>();
        TrainListener listener = new TrainListener() {
            @Override
            public void resumed(String run, Path runDir, int epochsDone, long stepsDone) {
                heard.add(run + " " + runDir.getFileName() + " " + epochsDone + " " + stepsDone);
            }
        };
        try (Classifier model = Classifier.create(Backbone.RESNET_18, 1, SIZE, 4, null)) {
            TrainResult resumed = new Trainer(config).train("b", model,
                    stream(kind, InjectionSampler.mixed(0.25, 16, 9), real), validation(), killed, listener);
            assertEquals(3, resumed.history().size());
        }
        assertEquals(List.of("b killed 1 " + config.stepsPerEpoch()), heard, "the run says it resumed, and from where");
        assertArrayEquals(Files.readAllBytes(straight.resolve("epoch-0003.params")),
                Files.readAllBytes(killed.resolve("epoch-0003.params")));
        assertArrayEquals(Files.readAllBytes(straight.resolve("epoch-0003.momentum")),
                Files.readAllBytes(killed.resolve("epoch-0003.momentum")));
    }

    @Test
    void anUnfinishedRunWithTruncatedWeightsRefusesToResumeNamingTheFolder(@TempDir Path dir) throws Exception {
        TrainConfig config = tiny(3);
        TrainListener killer = killAt(1, 6);
        try (Classifier model = Classifier.create(Backbone.RESNET_18, 1, SIZE, 4, null)) {
            assertThrows(IllegalStateException.class, () -> new Trainer(config).train("a", model,
                    separable(InjectionSampler.none(), List.of()), validation(), dir, killer));
        }
        Path weights = dir.resolve("epoch-0001.params");
        Files.write(weights, java.util.Arrays.copyOf(Files.readAllBytes(weights), (int) (Files.size(weights) * 0.6)));
        try (Classifier model = Classifier.create(Backbone.RESNET_18, 1, SIZE, 4, null)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Trainer(config).train("a",
                    model, separable(InjectionSampler.none(), List.of()), validation(), dir, TrainListener.SILENT));
            assertTrue(e.getMessage().contains("cannot resume from " + dir) && e.getMessage().contains("truncated")
                    && e.getMessage().contains("delete"), e.getMessage());
        }
    }

    @Test
    void aFinishedRunIsReadBackFromItsStateAndBestWeightsAlone(@TempDir Path dir) throws Exception {
        TrainConfig config = tiny(2);
        TrainResult first;
        float[] before;
        try (Classifier model = Classifier.create(Backbone.RESNET_18, 1, SIZE, 4, null)) {
            first = new Trainer(config).train("a", model, separable(InjectionSampler.none(), List.of()), validation(),
                    dir, TrainListener.SILENT);
            before = model.defectProbabilities(validation().images(), 8);
        }
        // what a results pack keeps of a finished run
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().startsWith("epoch-")) {
                    Files.delete(p);
                }
            }
        }
        List<Long> steps = new ArrayList<>();
        TrainListener counter = new TrainListener() {
            @Override
            public void step(long stepsDone, int epoch, float loss, double lr) {
                steps.add(stepsDone);
            }
        };
        try (Classifier model = Classifier.create(Backbone.RESNET_18, 1, SIZE, 4, null)) { // fresh: its start weights
            TrainResult again = new Trainer(config).train("a", model, separable(InjectionSampler.none(), List.of()),
                    validation(), dir, counter);
            assertEquals(List.of(), steps, "a finished run trains no step");
            assertEquals(first.history(), again.history());
            assertArrayEquals(before, model.defectProbabilities(validation().images(), 8), 0f,
                    "the model holds the best weights again");
        }
    }

    @Test
    void anInterruptEndsTheRunWithTheBestWeights(@TempDir Path dir) {
        TrainListener interrupter = new TrainListener() {
            @Override
            public void step(long stepsDone, int epoch, float loss, double lr) {
                if (stepsDone == 6) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (Classifier model = Classifier.create(Backbone.RESNET_18, 1, SIZE, 1, null)) {
            TrainResult r = new Trainer(tiny(4)).train("i", model, separable(InjectionSampler.none(), List.of()),
                    validation(), dir, interrupter);
            assertTrue(r.interrupted(), r.toString());
            assertEquals(1, r.history().size());
            assertEquals(1, r.bestEpoch());
            assertTrue(!Thread.currentThread().isInterrupted());
        }
    }

    /** A real defect for the endless stream's tests: a defective patch, enlarged as real defects are. */
    static Image8 endlessReal(int k) {
        return enlarge(patch(2 * k + 1));
    }

    private static Image8 enlarge(Image8 img) {
        Image8 out = Image8.blank(2 * SIZE, 2 * SIZE, 1);
        for (int y = 0; y < 2 * SIZE; y++) {
            for (int x = 0; x < 2 * SIZE; x++) {
                out.set(x, y, 0, img.get(x / 2, y / 2, 0));
            }
        }
        return out;
    }
}
