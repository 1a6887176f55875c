package org.ispadlab.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lab's backbones are torchvision's networks, number for number: a torchvision model from a fixed seed
 * (Debian's PyTorch, random weights with random batch-norm statistics, no download) is saved as safetensors,
 * imported, and run on the same batch in both; logits and every stage's features agree. The lab's export then
 * loads back into torchvision with {@code strict=True} and gives the same logits again. Any slip in topology,
 * naming, layout or a layer's epsilon fails it. The torchvision side is {@code src/test/python/torchvision_parity.py}.
 */
class TorchvisionParityTest {

    /** "max abs difference <= 1e-4 of the values' scale" (float32 through dozens of layers, two engines). */
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path work;

    @BeforeAll
    static void torchvisionModels() {
        TorchPython.run("make", work.toString());
    }

    static Stream<Arguments> cases() {
        return Stream.of(Backbone.values()).flatMap(b -> Stream.of(Arguments.of(b, 1), Arguments.of(b, 3)));
    }

    @ParameterizedTest(name = "{0}, {1} channel(s)")
    @MethodSource("cases")
    void importedWeightsGiveTorchvisionsOutputsAndExportLoadsBackStrictly(Backbone backbone, int channels) {
        Path dir = work.resolve(backbone.torchvisionName() + "-" + channels + "ch");
        Path state = dir.resolve("state.safetensors");
        assertEquals(backbone, WeightsImport.recognise(Safetensors.open(state)), "recognised from names and shapes");

        List<WeightsImport.Imported> imported = WeightsImport.run(state, null, List.of(channels), dir.resolve("w"));
        assertEquals(1, imported.size());
        String conversions = imported.get(0).conversions();
        assertEquals(channels == 1 ? "first convolution summed over RGB for 1 input channel" : "", conversions);

        Safetensors io = Safetensors.open(dir.resolve("io.safetensors"));
        try (Classifier model = Classifier.create(backbone, channels, 64, 0, imported.get(0).written());
             NDManager batch = model.manager().newSubManager()) {
            assertTrue(model.origin().contains(imported.get(0).written().toString()), model.origin());
            NDArray x = batch.create(io.floats("input"), new Shape(io.entries().get("input").shape()));
            float[] logits = model.forward(x, false).toFloatArray();
            assertClose(io.floats("logits"), logits, backbone + " logits");
            List<NDArray> stages = model.stageFeatures(x);
            assertEquals(backbone.stageNames().size(), stages.size());
            for (int s = 0; s < stages.size(); s++) {
                String name = "stage." + s;
                assertArrayEquals(io.entries().get(name).shape(), stages.get(s).getShape().getShape(),
                        backbone + " " + backbone.stageNames().get(s) + " shape");
                assertClose(io.floats(name), stages.get(s).toFloatArray(), backbone + " " + backbone.stageNames().get(s));
            }
        }

        WeightsExport.Exported exported = WeightsExport.run(backbone, imported.get(0).written(),
                dir.resolve("exported.safetensors"));
        assertEquals(channels, exported.channels());
        JsonObject check = JsonParser.parseString(TorchPython.run("check", work.toString(),
                backbone.torchvisionName() + "-" + channels + "ch").strip()).getAsJsonObject();
        assertTrue(check.get("strict").getAsBoolean());
        double diff = check.get("max_abs_diff").getAsDouble();
        double scale = check.get("scale").getAsDouble();
        assertTrue(diff <= TOLERANCE * scale, backbone + " exported into torchvision: logits differ by " + diff
                + " (scale " + scale + ")");
    }

    static void assertClose(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            diff = Math.max(diff, Math.abs(want[i] - got[i]));
        }
        assertTrue(scale > 0, what + ": all zero, nothing compared");
        assertTrue(diff <= TOLERANCE * scale, what + ": largest difference " + diff + " against torchvision, scale "
                + scale + " (relative " + diff / scale + ")");
    }
}
