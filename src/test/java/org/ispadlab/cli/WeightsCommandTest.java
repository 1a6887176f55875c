package org.ispadlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.PretrainedWeights;
import org.ispadlab.weights.WeightsExport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab weights import|export|list}: a round trip that keeps every byte, and errors that say what to do. */
class WeightsCommandTest {

    @TempDir
    static Path dir;
    /** A trained-looking lab model: ResNet-18, 1 channel, saved by Classifier.save. */
    static Path params;

    @BeforeAll
    static void model() {
        params = dir.resolve("model.params");
        try (Classifier m = Classifier.create(Backbone.RESNET_18, 1, 64, 11, null)) {
            m.save(params);
        }
    }

    @Test
    void exportThenImportGivesTheSameWeightsByteForByte() throws IOException {
        Path run = Files.createDirectories(dir.resolve("row/run"));
        Files.copy(params, run.resolve("best.params"));
        Path exported = dir.resolve("exported.safetensors");
        LabRun export = LabRun.of("weights", "export", "--backbone", "resnet18", "--from", dir.resolve("row").toString(),
                exported.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("ResNet-18, 1 input channel(s)"), export.out());
        assertTrue(export.out().contains("swap the first convolution for a 1-channel one"), export.out());

        Path weights = dir.resolve("weights");
        LabRun imported = LabRun.of("weights", "import", exported.toString(), "--channels", "1", "--out",
                weights.toString());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("ResNet-18, 1 input channel(s): "
                + PretrainedWeights.file(weights, Backbone.RESNET_18, 1)), imported.out());
        assertEquals(-1, Files.mismatch(params, PretrainedWeights.file(weights, Backbone.RESNET_18, 1)),
                "the lab's weights, out to torchvision's names and back, are the same bytes");

        LabRun list = LabRun.of("weights", "list", "--dir", weights.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("resnet-18-1ch.params   ResNet-18         1 ch"), list.out());
        assertTrue(list.out().contains("sha256 " + PretrainedWeights.sha256(params)), list.out());
        assertTrue(list.out().contains("source: " + exported.toAbsolutePath()), list.out());
        assertTrue(list.out().contains("1 weights file(s)"), list.out());
    }

    @Test
    void theOneChannelModelImportsAsThreeChannelsToo() {
        Path exported = dir.resolve("grey.safetensors");
        assertEquals(0, LabRun.of("weights", "export", "--backbone", "ResNet-18", "--from", params.toString(),
                exported.toString()).code());
        LabRun imported = LabRun.of("weights", "import", exported.toString(), "--out", dir.resolve("both").toString());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("first convolution spread over RGB in thirds for 3 input channels"),
                imported.out());
        assertTrue(Files.isRegularFile(PretrainedWeights.file(dir.resolve("both"), Backbone.RESNET_18, 3)));
    }

    @Test
    void wrongInputsAreRefusedWithWhatWasExpected() {
        assertRefused("expected ResNet-50 weights with 1 or 3 input channels, found neither",
                "weights", "export", "--backbone", "ResNet-50", "--from", params.toString(),
                dir.resolve("x.safetensors").toString());
        assertRefused("OUT must end in .safetensors", "weights", "export", "--backbone", "ResNet-18", "--from",
                params.toString(), dir.resolve("x.pth").toString());
        assertRefused("expected a weights file (.params) or a training run's folder with best.params",
                "weights", "export", "--backbone", "ResNet-18", "--from", dir.resolve("nothing").toString(),
                dir.resolve("x.safetensors").toString());
        assertRefused("--channels takes 1 and/or 3, got 2", "weights", "import", params.toString(), "--channels", "2");
        assertRefused("unknown backbone 'resnet19'", "weights", "import", params.toString(), "--backbone", "resnet19");
        assertRefused("no safetensors file at", "weights", "import", dir.resolve("missing.safetensors").toString());
        assertRefused(params + ": expected a header length of at most", "weights", "import", params.toString());
        assertFalse(Files.exists(dir.resolve("x.safetensors")));
    }

    private static void assertRefused(String expected, String... args) {
        LabRun run = LabRun.of(args);
        assertEquals(1, run.code(), run.out());
        assertTrue(run.err().contains(expected), "expected '" + expected + "' in: " + run.err());
    }
}
