package org.ispadlab.data;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the real ISP-AD holds and where each file goes ({@code data-manifest/isp-ad.json}). The library
 * carries a copy; {@code ISPAD_MANIFEST=FILE} replaces it, e.g. to map the downloaded files' real names.
 */
public record Manifest(int patchSize, int realDefectSize, Map<Modality, Map<Split, Integer>> counts, Layout layout) {

    /** Where things are, relative to the dataset root; see the manifest's "layout" section. */
    public record Layout(String unsupervisedRoot, String trainGood, String testGood, String testDefect, String mask,
                         String streamFile, String imagesKey, String masksKey, String labelsKey,
                         String realDefects, String extraGood) {
    }

    /** The manifest named by {@code ISPAD_MANIFEST}, else the one shipped with the library. */
    public static Manifest load() {
        String override = System.getenv("ISPAD_MANIFEST");
        if (override != null && !override.isBlank()) {
            return load(Path.of(override));
        }
        try (InputStream in = Manifest.class.getResourceAsStream("/org/ispadlab/manifest/isp-ad.json")) {
            if (in == null) {
                throw new IllegalStateException("the library jar lacks its data manifest; rebuild with environment/lab");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "isp-ad.json (built in)");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in manifest", e);
        }
    }

    public static Manifest load(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new DataFormatException(file, "a readable manifest JSON file", e.getMessage());
        }
    }

    private static Manifest parse(Reader in, String source) {
        try {
            JsonObject root = JsonParser.parseReader(in).getAsJsonObject();
            Map<Modality, Map<Split, Integer>> counts = new EnumMap<>(Modality.class);
            JsonObject splits = root.getAsJsonObject("splits");
            for (Modality m : Modality.values()) {
                JsonObject s = splits.getAsJsonObject(m.id());
                Map<Split, Integer> perSplit = new EnumMap<>(Split.class);
                for (Split split : Split.values()) {
                    perSplit.put(split, s.get(split.key()).getAsInt());
                }
                counts.put(m, perSplit);
            }
            JsonObject l = root.getAsJsonObject("layout");
            JsonObject u = l.getAsJsonObject("unsupervised");
            JsonObject st = l.getAsJsonObject("supervised_stream");
            Layout layout = new Layout(str(u, "root"), str(u, "train_good"), str(u, "test_good"), str(u, "test_defect"),
                    str(u, "mask"), str(st, "file"), str(st, "images_key"), str(st, "masks_key"), str(st, "labels_key"),
                    str(l.getAsJsonObject("real_defects"), "folder"), str(l.getAsJsonObject("extra_good"), "folder"));
            return new Manifest(root.get("patch_size").getAsInt(), root.get("real_training_defect_size").getAsInt(),
                    counts, layout);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": not a valid ISP-AD manifest (" + e.getMessage()
                    + "); compare it with data-manifest/isp-ad.json", e);
        }
    }

    private static String str(JsonObject o, String key) {
        if (!o.has(key)) {
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        return o.get(key).getAsString();
    }

    /** The paper's count of a split (Table 7). */
    public int count(Modality m, Split split) {
        return counts.get(m).get(split);
    }
}
