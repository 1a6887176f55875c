package org.ispadlab.experiment;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ispadlab.io.SafeFiles;

/**
 * A result kept as JSON next to its run's checkpoints, so a notebook shows it again without training. A result
 * the caller does not want kept (an interrupted run) is returned but not written.
 */
final class OutcomeCache {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    private OutcomeCache() {
    }

    /**
     * The result in {@code file}, else {@code compute}'s (written when {@code keep} says so). {@code retrain}
     * deletes {@code runDir} (the file, checkpoints and all) first.
     */
    static <T> T get(Path file, Class<T> type, boolean retrain, Path runDir, Supplier<T> compute, Predicate<T> keep) {
        return get(file, type, retrain, runDir, cached -> true, compute, keep);
    }

    /**
     * The same, using the result in {@code file} only where {@code current} accepts it (made with today's
     * settings); one it refuses is retrained like {@code retrain}.
     */
    static <T> T get(Path file, Class<T> type, boolean retrain, Path runDir, Predicate<T> current,
                     Supplier<T> compute, Predicate<T> keep) {
        boolean fresh = retrain;
        if (!fresh && Files.isRegularFile(file)) {
            T cached = read(file, type);
            if (current.test(cached)) {
                return cached;
            }
            fresh = true;
        }
        if (fresh) {
            try {
                SafeFiles.deleteTree(runDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + runDir, e);
            }
        }
        T result = compute.get();
        if (keep.test(result)) {
            SafeFiles.writeAtomically(file, tmp -> Files.writeString(tmp, GSON.toJson(result)));
        }
        return result;
    }

    /** A result written before; a file the lab did not write (or an older version wrote) is an error saying so. */
    static <T> T read(Path file, Class<T> type) {
        try {
            return complete(GSON.fromJson(Files.readString(file), type));
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(file + " is not a result the lab wrote (" + e.getMessage()
                    + "); run with retrain = true or delete it", e);
        }
    }

    /** A file from an older version of the lab lacks fields: refuse it rather than fail later on a null. */
    private static <T> T complete(T result) throws ReflectiveOperationException {
        if (result == null) {
            throw new IllegalStateException("empty file");
        }
        if (result.getClass().isRecord()) {
            for (var c : result.getClass().getRecordComponents()) {
                if (c.getAccessor().invoke(result) == null) {
                    throw new IllegalStateException("no " + c.getName());
                }
            }
        }
        return result;
    }
}
