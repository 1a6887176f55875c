package org.ispadlab.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Convolution weights stay channels-last through initialisation, loading and training, so oneDNN never copies a
 * weight into its layout during a step (it did at every forward and backward when a write replaced the weight's
 * storage). Checked on what the engine actually runs: PyTorch's profiler trace of training steps.
 */
class WeightLayoutTest {

    @Test
    void aTrainingStepMakesNoLayoutCopyOfAnyWeight(@TempDir Path dir) throws Exception {
        int size = 32;
        int batch = 4;
        float[] pixels = new float[batch * size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) Math.sin(i * 0.37);
        }
        int[] labels = {0, 1, 0, 1};
        Path weights = dir.resolve("w.params");
        try (Classifier first = Classifier.create(Backbone.RESNET_18, 1, size, 1, null)) {
            first.save(weights);
        }
        try (Classifier model = Classifier.create(Backbone.RESNET_18, 1, size, 2, weights)) { // init, then load
            Sgd sgd = new Sgd(model.trainable(), 0.9, 1e-2);
            TrainStep step = new TrainStep(model, sgd);
            step.run(pixels, labels, 1e-3);
            Path trace = dir.resolve("trace.json");
            JniUtils.startProfile(false, true, false);
            try {
                step.run(pixels, labels, 1e-3);
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
            List<String> copies = weightCopies(trace);
            if (Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512f ")) {
                assertTrue(copies.isEmpty(), "layout copies inside convolutions: " + copies);
            } else {
                // oneDNN's AVX2 kernels reorder the weights of the deep 3x3 convolutions (256 or 512 channels in and
                // out) into their blocked layout whatever the weight's own layout; nothing else may be copied
                assertTrue(copies.stream().allMatch(c -> c.matches("\\[\\[(256|512),(256|512),3,3\\].*")),
                        "layout copies other than the deep 3x3 weights on a CPU without AVX-512: " + copies);
            }
        }
    }

    /** Every clone made inside a convolution (forward or backward): a weight converted to another layout. */
    private static List<String> weightCopies(Path trace) throws Exception {
        JsonElement root;
        try (Reader in = Files.newBufferedReader(trace)) {
            root = JsonParser.parseReader(in);
        }
        List<JsonObject> ops = new ArrayList<>();
        for (JsonElement e : root.isJsonObject() ? root.getAsJsonObject().getAsJsonArray("traceEvents")
                : root.getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            if ("X".equals(o.has("ph") ? o.get("ph").getAsString() : "") && o.has("dur")) {
                ops.add(o);
            }
        }
        assertTrue(ops.stream().anyMatch(o -> o.get("name").getAsString().equals("aten::convolution_backward")),
                "the trace recorded the step");
        ops.sort(Comparator.comparingDouble((JsonObject o) -> o.get("ts").getAsDouble())
                .thenComparingDouble(o -> -o.get("dur").getAsDouble()));
        List<String> found = new ArrayList<>();
        Deque<JsonObject> open = new ArrayDeque<>();
        for (JsonObject o : ops) {
            double start = o.get("ts").getAsDouble();
            while (!open.isEmpty() && end(open.peek()) <= start) {
                open.pop();
            }
            if (o.get("name").getAsString().equals("aten::clone") && open.stream().anyMatch(p ->
                    p.get("name").getAsString().matches("aten::(_convolution|convolution_backward)"))) {
                found.add(o.has("shape") ? o.get("shape").toString() : o.toString()); // the input shapes, where recorded
            }
            open.push(o);
        }
        return found;
    }

    private static double end(JsonObject o) {
        return o.get("ts").getAsDouble() + o.get("dur").getAsDouble();
    }
}
