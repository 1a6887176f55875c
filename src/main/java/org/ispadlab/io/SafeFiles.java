package org.ispadlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File writes that never leave half a file behind, and removing a folder tree. */
public final class SafeFiles {

    /** Writes the content of one file to the path it is given. */
    @FunctionalInterface
    public interface Writing {
        void to(Path file) throws IOException;
    }

    private SafeFiles() {
    }

    /**
     * Writes {@code file} through a temporary sibling, then renames it into place atomically: a crash or a kill
     * leaves the old file or the new one, never a mixture.
     */
    public static void writeAtomically(Path file, Writing writing) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            writing.to(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Deletes {@code dir} and everything under it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
