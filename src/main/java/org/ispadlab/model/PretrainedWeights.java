package org.ispadlab.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a backbone's starting weights are looked for: {@code $ISPAD_WEIGHTS_DIR/<backbone>-<c>ch.params} (e.g.
 * {@code resnet-18-3ch.params}), a file in {@link Classifier#save}'s format, such as ImageNet weights converted
 * on a machine that has them. Offline there is nothing else to fall back on than random initialisation.
 */
public final class PretrainedWeights {

    private PretrainedWeights() {
    }

    /** The folder searched: {@code ISPAD_WEIGHTS_DIR}, else {@code weights} in the working directory. */
    public static Path dir() {
        String dir = System.getenv("ISPAD_WEIGHTS_DIR");
        return Path.of(dir == null || dir.isBlank() ? "weights" : dir);
    }

    /** The file a backbone with {@code channels} inputs would start from, whether or not it exists. */
    public static Path file(Backbone backbone, int channels) {
        return dir().resolve(backbone.title().toLowerCase(Locale.ROOT) + "-" + channels + "ch.params");
    }

    /** Where a run with {@code seed} starts from, in words: the file, or random initialisation and why. */
    public static String describe(Backbone backbone, int channels, long seed) {
        return find(backbone, channels).map(Path::toString).orElse("random initialisation (seed " + seed
                + "; no file at " + file(backbone, channels) + ")");
    }

    /** The file when it is there. */
    public static Optional<Path> find(Backbone backbone, int channels) {
        Path f = file(backbone, channels);
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }
}
