package org.ispadlab.weights;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.InPlace;
import org.ispadlab.model.PretrainedWeights;
import org.ispadlab.model.TorchvisionState;

/**
 * Brings a torchvision state dict (a safetensors file with {@code state_dict()}'s names; timm's {@code *.tv_in1k}
 * ResNets use the same) into a lab backbone: every tensor matched by name and shape, batch-norm running
 * statistics included; PyTorch's {@code num_batches_tracked} counters are not weights and are skipped. The one
 * expected difference is the head: the lab's is 2-way, so a 1000-way ImageNet head stays freshly initialised.
 * A 1-channel backbone gets the first convolution summed over the RGB axis (what timm does: a grey image on
 * three channels gives the same output); a 1-channel file into a 3-channel backbone is spread over RGB in thirds.
 */
public final class WeightsImport {

    /** PyTorch's batch-norm step counters: state, not weights. */
    private static final String COUNTER = ".num_batches_tracked";
    private static final int SHOWN = 8;

    /**
     * One imported file.
     *
     * @param written     the lab's weights file
     * @param conversions what was changed on the way, in words; empty when every tensor went in as it was
     */
    public record Imported(Backbone backbone, int channels, Path written, String conversions) {
    }

    private WeightsImport() {
    }

    /**
     * Imports {@code file} for {@code backbone} (null: recognised from the tensor names and shapes) with each of
     * {@code channels} inputs into {@code outDir} as {@link PretrainedWeights#file}; nothing is written unless
     * every tensor fits.
     */
    public static List<Imported> run(Path file, Backbone backbone, List<Integer> channels, Path outDir) {
        Safetensors st = Safetensors.open(file);
        // the source's checksum goes into the origin record; reading it overlaps with building the networks
        CompletableFuture<String> sha = CompletableFuture.supplyAsync(() -> PretrainedWeights.sha256(file));
        Backbone b = backbone != null ? backbone : recognise(st);
        List<Classifier> models = new ArrayList<>();
        List<String> conversions = new ArrayList<>();
        try {
            for (int c : channels) {
                List<String> notes = new ArrayList<>();
                models.add(load(st, b, c, notes));
                conversions.add(String.join("; ", notes));
            }
            String sourceSha = sha.join();
            List<CompletableFuture<Imported>> writes = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                Classifier model = models.get(i);
                String converted = conversions.get(i);
                Path target = PretrainedWeights.file(outDir, b, model.channels());
                writes.add(CompletableFuture.supplyAsync(() -> { // one file per core
                    model.save(target);
                    PretrainedWeights.writeOrigin(target, new PretrainedWeights.Origin(
                            file.toAbsolutePath().toString(), sourceSha, b.title(), model.channels(), converted));
                    return new Imported(b, model.channels(), target, converted);
                }));
            }
            List<Imported> out = new ArrayList<>();
            for (CompletableFuture<Imported> w : writes) {
                try {
                    out.add(w.join());
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            return out;
        } finally {
            models.forEach(Classifier::close);
        }
    }

    /**
     * A classifier holding {@code st}'s weights for {@code backbone} with {@code channels} inputs; what was
     * converted is added to {@code notes}. The caller closes it.
     */
    public static Classifier load(Safetensors st, Backbone backbone, int channels, List<String> notes) {
        Classifier model = Classifier.forImport(backbone, channels, 64, 0);
        try {
            TorchvisionState state = TorchvisionState.of(model);
            check(st, backbone, state);
            Set<String> converted = new LinkedHashSet<>();
            for (String name : state.parameters().keySet()) {
                Safetensors.Entry e = st.entries().get(name);
                long[] want = state.array(name).getShape().getShape();
                if (e == null) { // check() lets only the head be missing
                    if (name.endsWith(".weight")) {
                        notes.add("head " + state.head() + ": fresh 2-way (the file has none)");
                    }
                    continue;
                }
                if (state.isHead(name) && !Arrays.equals(e.shape(), want)) {
                    if (name.endsWith(".weight")) {
                        notes.add("head " + state.head() + ": fresh 2-way (the file's has " + e.shape()[0]
                                + " outputs)");
                    }
                    continue;
                }
                if (!e.dtype().equals("F32")) {
                    converted.add(e.dtype());
                }
                float[] values = st.floats(name);
                if (name.equals(state.firstConv()) && e.shape()[1] != want[1]) {
                    values = channels(values, e.shape(), (int) want[1], st, name);
                    notes.add(e.shape()[1] == 3 ? "first convolution summed over RGB for 1 input channel"
                            : "first convolution spread over RGB in thirds for 3 input channels");
                }
                InPlace.write(state.array(name), values);
            }
            if (!converted.isEmpty()) {
                notes.add(String.join(", ", converted) + " converted to F32");
            }
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Every tensor by name and shape; all that do not fit are named at once. */
    private static void check(Safetensors st, Backbone backbone, TorchvisionState state) {
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        for (String name : state.parameters().keySet()) {
            Safetensors.Entry e = st.entries().get(name);
            long[] want = state.array(name).getShape().getShape();
            if (e == null) {
                if (!state.isHead(name)) {
                    missing.add(name);
                }
            } else if (!fits(name, e.shape(), want, state)) {
                misShaped.add(name + " is " + e.shapeText() + " in the file, " + Arrays.toString(want) + " in "
                        + backbone.title());
            }
        }
        List<String> extra = st.entries().keySet().stream()
                .filter(n -> !n.endsWith(COUNTER) && !state.parameters().containsKey(n)).toList();
        if (missing.isEmpty() && extra.isEmpty() && misShaped.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add(missing.size() + " missing (" + shown(missing) + ")");
        }
        if (!extra.isEmpty()) {
            parts.add(extra.size() + " not in " + backbone.title() + " (" + shown(extra) + ")");
        }
        if (!misShaped.isEmpty()) {
            parts.add(misShaped.size() + " mis-shaped (" + shown(misShaped) + ")");
        }
        throw new IllegalArgumentException(st.file() + ": expected " + backbone.title() + "'s tensors with "
                + "torchvision's names (" + backbone.torchvisionName() + "), found " + String.join("; ", parts));
    }

    /** Same shape, but for the input channels of the first convolution (1 or 3) and the head's outputs. */
    private static boolean fits(String name, long[] found, long[] want, TorchvisionState state) {
        if (found.length != want.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean free = (name.equals(state.firstConv()) && i == 1 && (found[i] == 1 || found[i] == 3))
                    || (state.isHead(name) && i == 0);
            if (found[i] != want[i] && !free) {
                return false;
            }
        }
        return true;
    }

    /** The first convolution (out, in, k, k) for another number of inputs: summed over RGB, or RGB in thirds. */
    private static float[] channels(float[] w, long[] shape, int to, Safetensors st, String name) {
        int out = (int) shape[0];
        int from = (int) shape[1];
        int k = (int) (shape[2] * shape[3]);
        float[] result = new float[out * to * k];
        for (int o = 0; o < out; o++) {
            for (int j = 0; j < k; j++) {
                float sum = 0;
                for (int c = 0; c < from; c++) {
                    sum += w[(o * from + c) * k + j];
                }
                for (int c = 0; c < to; c++) {
                    result[(o * to + c) * k + j] = from == 3 ? sum : sum / 3;
                }
            }
        }
        return result;
    }

    /**
     * The backbone {@code st} holds: the one whose torchvision names are the file's (head and counters aside),
     * and where names tie (ResNet-50 and Wide-ResNet-50-2), whose shapes are. A file that fits none is refused
     * with the differences from the closest.
     */
    public static Backbone recognise(Safetensors st) {
        Set<String> names = st.entries().keySet().stream().filter(n -> !n.endsWith(COUNTER))
                .collect(Collectors.toSet());
        List<Backbone> sameNames = new ArrayList<>();
        Backbone closest = null;
        long best = Long.MIN_VALUE;
        for (Backbone b : Backbone.values()) {
            TorchvisionState s = TorchvisionState.of(b);
            Set<String> body = s.parameters().keySet().stream().filter(n -> !s.isHead(n)).collect(Collectors.toSet());
            Set<String> fileBody = names.stream().filter(n -> !s.isHead(n)).collect(Collectors.toSet());
            if (fileBody.equals(body)) {
                sameNames.add(b);
            }
            long score = body.stream().filter(fileBody::contains).count()
                    - body.stream().filter(n -> !fileBody.contains(n)).count()
                    - fileBody.stream().filter(n -> !body.contains(n)).count();
            if (score > best) {
                best = score;
                closest = b;
            }
        }
        for (Backbone b : sameNames) {
            try (Classifier model = Classifier.forImport(b, 3, 64, 0)) {
                TorchvisionState state = TorchvisionState.of(model);
                boolean allFit = state.parameters().keySet().stream().filter(st.entries()::containsKey)
                        .allMatch(n -> fits(n, st.entries().get(n).shape(), state.array(n).getShape().getShape(),
                                state));
                if (allFit) {
                    return b;
                }
            }
        }
        Backbone near = sameNames.isEmpty() ? closest : sameNames.get(0);
        try (Classifier model = Classifier.forImport(near, 3, 64, 0)) {
            check(st, near, TorchvisionState.of(model)); // names what differs from the closest backbone
        }
        throw new IllegalArgumentException(st.file() + ": expected the tensors of one of the lab's backbones, found "
                + "none that fits");
    }

    private static String shown(List<String> items) {
        List<String> sorted = items.stream().sorted(Comparator.naturalOrder()).toList();
        return String.join(", ", sorted.subList(0, Math.min(SHOWN, sorted.size())))
                + (sorted.size() > SHOWN ? ", ..." : "");
    }
}
