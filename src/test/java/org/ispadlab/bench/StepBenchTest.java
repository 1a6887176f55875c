package org.ispadlab.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ispadlab.Scale;
import org.ispadlab.SmokeData;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.train.TrainConfig;
import org.ispadlab.train.Trainer;
import org.ispadlab.weights.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** The end-to-end step bench trains through the real Trainer and writes the batches it trained on, seeded. */
class StepBenchTest {

    @Test
    void writesTheRunsBatchesTheSameEveryTimeAndReportsARateAndMemory(@TempDir Path tmp) throws Exception {
        DatasetLayout layout = DatasetLayout.of(SmokeData.generate(tmp.resolve("sim")), Manifest.load());
        TrainConfig config = TrainConfig.forScale(Scale.SMOKE);
        long before = scratchFolders();
        StepBench.Result first = StepBench.run(layout, Modality.LSM_1, config, 1, 2, tmp.resolve("a.safetensors"));
        StepBench.Result again = StepBench.run(layout, Modality.LSM_1, config, 1, 2, tmp.resolve("b.safetensors"));

        assertTrue(first.patchesPerSecond() > 0 && Double.isFinite(first.patchesPerSecond()), first.toString());
        assertTrue(first.peakRssMegabytes() > 100, "the engine alone holds more: " + first);
        assertEquals(config.batchSize(), first.batch());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.safetensors")), Files.readAllBytes(tmp.resolve("b.safetensors")),
                "same seed, same batches");

        Safetensors dump = Safetensors.open(tmp.resolve("a.safetensors"));
        int patches = 3 * config.batchSize();
        assertArrayEquals(new long[] {patches, first.size(), first.size(), first.channels()},
                dump.entries().get("pixels").shape());
        assertArrayEquals(new long[] {patches}, dump.entries().get("labels").shape());
        assertEquals(Integer.toString(config.batchSize()), dump.metadata().get("batch"));
        assertEquals(Double.toString(config.weightDecay()), dump.metadata().get("weight_decay"),
                "the peer trains with the run's weight decay");
        float[] pixels = dump.floats("pixels");
        assertTrue(pixels[0] != pixels[pixels.length / 2] || pixels[1] != pixels[pixels.length - 1],
                "real patches, not a constant");
        assertEquals(before, scratchFolders(), "the scratch run folders are removed");
    }

    private static long scratchFolders() throws java.io.IOException {
        try (java.util.stream.Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("ispad-step-bench")).count();
        }
    }
}
