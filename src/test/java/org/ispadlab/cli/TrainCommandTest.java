package org.ispadlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ispadlab.SmokeData;
import org.ispadlab.Scale;
import org.ispadlab.experiment.FractionScaling;
import org.ispadlab.train.InjectionSampler;
import org.ispadlab.train.TrainConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void simulate() {
        data = SmokeData.generate(tmp.resolve("sim"));
    }

    @Test
    void trainsTheNamedRowsPrintsEveryEpochAndReadsTheCacheTheSecondTime() {
        String[] args = {"train", "--scale", "smoke", "--modality", "ASM", "--data", data.toString(), "--rows", "none",
                "--epochs", "2", "--steps-per-epoch", "2", "--results", tmp.resolve("results").toString()};
        LabRun first = LabRun.of(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("none epoch 1: train loss"), first.out());
        assertTrue(first.out().contains("none epoch 2: train loss"), first.out());
        assertTrue(first.out().contains("none (synthetic only): MCC"), first.out());
        assertTrue(Files.isRegularFile(tmp.resolve("results/ASM/seed-7/none/outcome.json")));

        LabRun second = LabRun.of(args);
        assertEquals(0, second.code(), second.err());
        assertFalse(second.out().contains("epoch 1: train loss"), "a cached row is shown, not trained: " + second.out());
        String metrics = first.out().lines().filter(l -> l.startsWith("seed 7 none (synthetic only): MCC")).findFirst()
                .orElseThrow();
        assertTrue(second.out().contains(metrics), second.out());
    }

    @Test
    void seedsRunEveryRowPerSeedAndSummariseThemAsIntervals() {
        LabRun r = LabRun.of("train", "--scale", "smoke", "--modality", "ASM", "--data", data.toString(), "--rows", "none",
                "--seeds", "2", "--results", tmp.resolve("seeds").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("seed 1 none (synthetic only): MCC") && r.out().contains("seed 2 none (synthetic only): MCC"),
                r.out());
        assertTrue(r.out().contains("2 seed(s), mean +- 95 % interval") && r.out().contains(" +- "), r.out());
        assertTrue(Files.isRegularFile(tmp.resolve("seeds/ASM/seed-1/none/outcome.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("seeds/ASM/seed-2/none/outcome.json")));
    }

    @Test
    void anUnknownRowIsRefusedWithTheRowsThereAre() {
        LabRun r = LabRun.of("train", "--scale", "smoke", "--modality", "ASM", "--data", data.toString(), "--rows", "most",
                "--results", tmp.resolve("refused").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no row 'most'") && r.err().contains("mixed-1_16"), r.err());
    }

    @Test
    void otherSettingsGetAFolderOfTheirOwn() {
        Path root = tmp.resolve("results");
        Scale w = Scale.WORKSHOP;
        TrainConfig defaults = TrainConfig.forScale(w);
        double p = InjectionSampler.forBatch(defaults.batchSize());
        assertEquals(0.125, p, "the paper's 4 real defects per batch of 32");
        assertEquals(root, FractionScaling.resultsFolder(root, w, defaults, p, null), "notebook 04's cache");
        assertEquals(root, FractionScaling.resultsFolder(root, w, defaults.withSeed(2), p, null),
                "another seed is a folder inside the experiment's, not custom settings");
        Path lower = FractionScaling.resultsFolder(root, w, defaults.withLearningRate(1e-3, 1e-4), p, null);
        assertEquals(root, lower.getParent());
        assertTrue(lower.getFileName().toString().startsWith("custom-"), lower.toString());
        assertEquals(lower, FractionScaling.resultsFolder(root, w, defaults.withLearningRate(1e-3, 1e-4), p, null));
        assertNotEquals(lower, FractionScaling.resultsFolder(root, w, defaults, 0.25, null));
        assertNotEquals(root, FractionScaling.resultsFolder(root, w, defaults, InjectionSampler.DEFAULT_P, null),
                "the paper's 1/32 at the workshop's batch is a setting of its own");
        assertNotEquals(FractionScaling.resultsFolder(root, w, defaults.withFineTuneEpochs(0), p, null),
                FractionScaling.resultsFolder(root, w, defaults, 0.25, null));
        assertNotEquals(root, FractionScaling.resultsFolder(root, w, defaults.withStream(
                org.ispadlab.train.TrainingStream.Kind.HDF5), p, null), "another stream, other results");
        Path otherData = FractionScaling.resultsFolder(root, w, defaults, p, data);
        assertNotEquals(root, otherData, "other data, other results");
        assertEquals(root, otherData.getParent());
        assertEquals(InjectionSampler.DEFAULT_P, InjectionSampler.forBatch(128), "the paper's own p_inj at its batch");
    }
}
