package org.ispadlab.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ispadlab.io.SafeFiles;

/**
 * Where a backbone's starting weights are looked for: {@code $ISPAD_WEIGHTS_DIR/<backbone>-<c>ch.params} (e.g.
 * {@code resnet-18-3ch.params}), a file in {@link Classifier#save}'s format, such as ImageNet weights brought in
 * with {@code lab weights import}. Beside an imported file, {@code <backbone>-<c>ch.json} says where it came
 * from ({@link Origin}). Offline there is nothing else to fall back on than random initialisation.
 */
public final class PretrainedWeights {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    /** Checksums by file, size and modification time: a notebook asks for them once per row. */
    private static final Map<String, String> CHECKSUMS = new ConcurrentHashMap<>();

    /**
     * What {@code lab weights import} recorded about a weights file.
     *
     * @param source       the file imported (safetensors with torchvision's names)
     * @param sourceSha256 its checksum
     * @param backbone     the backbone's title
     * @param channels     input channels of the lab's file
     * @param conversions  what was changed on the way, in words (head, first convolution, dtype); empty: nothing
     */
    public record Origin(String source, String sourceSha256, String backbone, int channels, String conversions) {
    }

    private PretrainedWeights() {
    }

    /** The folder searched: {@code ISPAD_WEIGHTS_DIR}, else {@code weights} in the working directory. */
    public static Path dir() {
        String dir = System.getenv("ISPAD_WEIGHTS_DIR");
        return Path.of(dir == null || dir.isBlank() ? "weights" : dir);
    }

    /** The file a backbone with {@code channels} inputs would start from, whether or not it exists. */
    public static Path file(Backbone backbone, int channels) {
        return file(dir(), backbone, channels);
    }

    /** The file for {@code backbone} with {@code channels} inputs in {@code dir}. */
    public static Path file(Path dir, Backbone backbone, int channels) {
        return dir.resolve(backbone.title().toLowerCase(Locale.ROOT) + "-" + channels + "ch.params");
    }

    /** The origin record beside {@code params}. */
    public static Path originFile(Path params) {
        return params.resolveSibling(params.getFileName().toString().replaceFirst("\\.params$", "") + ".json");
    }

    /** Writes {@code params}' origin record (after the file itself, atomically). */
    public static void writeOrigin(Path params, Origin origin) {
        SafeFiles.writeAtomically(originFile(params), tmp -> Files.writeString(tmp, GSON.toJson(origin) + "\n"));
    }

    /** The origin record of {@code params}, when there is a readable one. */
    public static Optional<Origin> origin(Path params) {
        Path f = originFile(params);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(GSON.fromJson(Files.readString(f), Origin.class));
        } catch (IOException | JsonParseException e) {
            return Optional.empty(); // a damaged record only loses the description, never the weights
        }
    }

    /**
     * Where a run with {@code seed} starts from, in words: the imported file and its source, or random
     * initialisation and why.
     */
    public static String describe(Backbone backbone, int channels, long seed) {
        return find(backbone, channels).map(PretrainedWeights::describe).orElse("no pretrained weights: random "
                + "initialisation (seed " + seed + "; no file at " + file(backbone, channels)
                + "; `lab weights import` brings torchvision's or timm's ImageNet weights)");
    }

    /** A weights file in words: imported from where, or a file of unknown origin. */
    public static String describe(Path params) {
        return origin(params).map(o -> "pretrained weights " + params + " (imported from " + o.source()
                        + (o.conversions().isEmpty() ? "" : "; " + o.conversions()) + ")")
                .orElse("pretrained weights " + params + " (origin not recorded)");
    }

    /** The file when it is there. */
    public static Optional<Path> find(Backbone backbone, int channels) {
        Path f = file(backbone, channels);
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }

    /**
     * A short tag of the starting weights, {@code imported-<12 hex digits of SHA-256>}, when a file is there:
     * results are kept per starting weights, so importing weights never shows results of another start.
     */
    public static Optional<String> tag(Backbone backbone, int channels) {
        return find(backbone, channels).map(f -> "imported-" + sha256(f).substring(0, 12));
    }

    /** The SHA-256 of a file, in hex. */
    public static String sha256(Path file) {
        try {
            String key = file.toAbsolutePath() + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file);
            String cached = CHECKSUMS.get(key);
            if (cached != null) {
                return cached;
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 20];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            String hex = HexFormat.of().formatHex(digest.digest());
            CHECKSUMS.put(key, hex);
            return hex;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
