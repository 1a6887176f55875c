package org.ispadlab.weights;

import ai.djl.nn.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.TorchvisionState;

/**
 * A lab model as a safetensors file with torchvision's names, loadable by {@code torchvision.models.X(num_classes=2)}
 * with {@code strict=True}, the head included: every parameter and running statistic, and the
 * {@code num_batches_tracked} counter PyTorch keeps beside each batch norm (0: the lab does not count steps; it
 * only matters to a batch norm with momentum None). A 1-channel model keeps its 1-channel first convolution:
 * torchvision's takes 3, so swap it for a 1-channel one before loading.
 */
public final class WeightsExport {

    /** What was exported, from where. */
    public record Exported(Backbone backbone, int channels, Path from, Path written, int tensors) {
    }

    private WeightsExport() {
    }

    /**
     * Exports the weights in {@code from}: a weights file ({@link Classifier#save}'s format), a training run's
     * folder (its {@code best.params}) or an experiment row's folder (its {@code run/best.params}).
     */
    public static Exported run(Backbone backbone, Path from, Path out) {
        Path weights = weightsFile(from);
        List<String> refused = new ArrayList<>();
        for (int channels : new int[] {1, 3}) {
            Classifier model;
            try {
                model = Classifier.create(backbone, channels, 64, 0, weights);
            } catch (IllegalArgumentException e) {
                refused.add(channels + " channel(s): " + e.getMessage());
                continue;
            }
            try (model) {
                int tensors = write(model, out, weights);
                return new Exported(backbone, channels, weights, out, tensors);
            }
        }
        throw new IllegalArgumentException(weights + ": expected " + backbone.title() + " weights with 1 or 3 input "
                + "channels, found neither (" + String.join("; ", refused) + ")");
    }

    /** Writes {@code model} with torchvision's names; returns the number of tensors. */
    public static int write(Classifier model, Path out, Path source) {
        TorchvisionState state = TorchvisionState.of(model);
        Safetensors.Writer w = new Safetensors.Writer()
                .metadata("format", "pt")
                .metadata("architecture", "torchvision.models." + model.backbone().torchvisionName() + "(num_classes=2)")
                .metadata("input_channels", Integer.toString(model.channels()))
                .metadata("source", source == null ? "" : source.getFileName().toString());
        int tensors = 0;
        for (Map.Entry<String, Parameter> p : state.parameters().entrySet()) {
            var array = p.getValue().getArray();
            w.f32(p.getKey(), array.getShape().getShape(), array.toFloatArray());
            tensors++;
            if (p.getKey().endsWith(".running_var")) { // the last of a batch norm's tensors in PyTorch's order
                String module = p.getKey().substring(0, p.getKey().length() - ".running_var".length());
                w.i64(module + ".num_batches_tracked", new long[0], new long[] {0});
                tensors++;
            }
        }
        w.write(out);
        return tensors;
    }

    private static Path weightsFile(Path from) {
        if (Files.isRegularFile(from)) {
            return from;
        }
        for (Path candidate : List.of(from.resolve("best.params"), from.resolve("run").resolve("best.params"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(from + ": expected a weights file (.params) or a training run's folder "
                + "with best.params (or run/best.params), found " + (Files.isDirectory(from)
                ? "a folder without one" : "nothing"));
    }
}
