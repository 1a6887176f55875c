package org.ispadlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ispadlab.SmokeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsupervisedCommandTest {

    @Test
    void fitsOnFaultFreeImagesAndReportsImageAndPixelMetrics(@TempDir Path dir) {
        Path data = SmokeData.generate(dir.resolve("sim"));
        LabRun r = LabRun.of("unsupervised", "--methods", "PatchCore", "--scale", "smoke", "--data", data.toString(), "--modality", "LSM-1",
                "--results", dir.resolve("results").toString());
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("image AUROC ([0-9.]+), pixel AUROC ([0-9.]+), PRO ([0-9.]+); MCC ").matcher(r.out());
        assertTrue(m.find(), r.out());
        for (int g = 1; g <= 3; g++) {
            double v = Double.parseDouble(m.group(g));
            assertTrue(v >= 0 && v <= 1, r.out());
        }
        assertTrue(r.out().contains("memory bank"), r.out());
        assertTrue(r.out().contains("validation threshold"), r.out());
        assertTrue(java.nio.file.Files.isDirectory(dir.resolve("results/LSM-1")), "cached where notebook 05 looks");
    }

    @Test
    void runsEfficientAdWithItsStepsAndRefusesABadStepFlag(@TempDir Path dir) {
        Path data = SmokeData.generate(dir.resolve("sim"));
        LabRun r = LabRun.of("unsupervised", "--methods", "Efficient-AD", "--efficientad-steps", "2,3", "--scale",
                "smoke", "--data", data.toString(), "--modality", "ASM", "--features", "random", "--results",
                dir.resolve("results").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ASM, Efficient-AD (random): image AUROC"), r.out());
        assertTrue(r.out().contains("2 steps of batch 16"), r.out());
        assertTrue(r.out().contains("3 steps of batch 1"), r.out());
        assertTrue(r.out().contains("penalty on the other modalities' patches"), r.out());
        LabRun bad = LabRun.of("unsupervised", "--methods", "Efficient-AD", "--efficientad-steps", "2", "--scale",
                "smoke", "--data", data.toString(), "--results", dir.resolve("results").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--efficientad-steps takes DISTILL,TRAIN"), bad.err());
    }

    @Test
    void runsUFlowAndDdadWithTheirSteps(@TempDir Path dir) {
        Path data = SmokeData.generate(dir.resolve("sim"));
        LabRun r = LabRun.of("unsupervised", "--methods", "U-Flow,DDAD", "--uflow-steps", "3", "--ddad-steps", "2",
                "--scale", "smoke", "--data", data.toString(), "--modality", "LSM-1", "--features", "random",
                "--results", dir.resolve("results").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("LSM-1, U-Flow (random): image AUROC"), r.out());
        assertTrue(r.out().contains("LSM-1, DDAD (random): image AUROC"), r.out());
        assertTrue(r.out().contains("3 steps of batch"), r.out());
        assertTrue(r.out().contains("2 steps of batch"), r.out());
        assertTrue(r.out().contains("conditioned reconstruction from step 250"), r.out());
        LabRun bad = LabRun.of("unsupervised", "--methods", "U-Flow", "--uflow-steps", "0", "--scale", "smoke",
                "--data", data.toString(), "--results", dir.resolve("results").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--uflow-steps"), bad.err());
    }
}
