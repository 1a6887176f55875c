package org.ispadlab.cli;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Ways to damage a copy of a dataset, as a user's disk, copy or converter would: what the bad-input corpus
 * ({@link BadInputCorpusTest}) feeds to {@code lab data verify}, {@code lab train} and {@code lab eval}.
 * Every damage is deterministic (seeded bytes).
 */
final class BadInputs {

    private BadInputs() {
    }

    /** A fresh copy of the dataset {@code source} at {@code target}. */
    static Path copy(Path source, Path target) {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the first {@code share} of the file's bytes, as a copy or a download that stopped. */
    static void truncate(Path file, double share) {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate((long) (c.size() * share));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the file with {@code n} seeded random bytes. */
    static void randomBytes(Path file, int n) {
        byte[] bytes = new byte[n];
        new SplittableRandom(n).nextBytes(bytes);
        write(file, bytes);
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PNG in {@code dir} deleted: an empty split. */
    static void emptyFolder(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(BadInputs::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try {
            org.ispadlab.io.SafeFiles.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 16-bit grey PNG holding 12-bit values, as some cameras' converters write them. */
    static void png16(Path file, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        SplittableRandom r = new SplittableRandom(12);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.getRaster().setSample(x, y, 0, r.nextInt(4096));
            }
        }
        png(img, file);
    }

    /** An 8-bit PNG of {@code width} x {@code height} with 1 or 3 channels. */
    static void png8(Path file, int width, int height, int channels) {
        BufferedImage img = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom r = new SplittableRandom(8);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    img.getRaster().setSample(x, y, c, r.nextInt(256));
                }
            }
        }
        png(img, file);
    }

    private static void png(BufferedImage img, Path file) {
        try {
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stream file with the datasets given (null: left out), under the manifest's keys. */
    static void stream(Path file, Object images, Object masks, Object labels) {
        delete(file);
        try (WritableHdfFile out = HdfFile.write(file)) {
            if (images != null) {
                out.putDataset("syn_stream", images);
            }
            if (masks != null) {
                out.putDataset("ground_truth", masks);
            }
            if (labels != null) {
                out.putDataset("labels", labels);
            }
        }
    }
}
