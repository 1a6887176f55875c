package org.ispadlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.ispadlab.io.SafeFiles;

/** PNG files as {@link Image8}, with errors that name the file and what was expected. */
public final class Png {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {
    }

    /** Width, height and channels of a PNG, read from its header only. */
    public record Header(int width, int height, int channels) {
    }

    public static Image8 read(Path file) {
        checkSignature(file);
        try {
            var img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new DataFormatException(file, "a PNG image", "a file ImageIO cannot decode");
            }
            checkBitDepth(file, img.getSampleModel().getSampleSize());
            return Image8.of(img);
        } catch (IOException e) {
            throw new DataFormatException(file, "a readable PNG image", damaged(file, e));
        }
    }

    /** A single-channel PNG's samples as they are stored (0..255 or 0..65535), row-major. */
    public record Samples(int width, int height, float[] values) {
    }

    /**
     * A single-channel 8- or 16-bit PNG's raw samples (an anomaly map or a mask written by any tool), refused by
     * name when it has colour or another depth.
     */
    public static Samples readSamples(Path file) {
        checkSignature(file);
        try {
            var img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new DataFormatException(file, "a PNG image", "a file ImageIO cannot decode");
            }
            var raster = img.getRaster();
            int bits = img.getSampleModel().getSampleSize(0);
            if (raster.getNumBands() != 1 || (bits != 8 && bits != 16)) {
                throw new DataFormatException(file, "a single-channel 8- or 16-bit PNG",
                        raster.getNumBands() + " channel(s) of " + bits + " bits");
            }
            float[] values = raster.getSamples(0, 0, img.getWidth(), img.getHeight(), 0, (float[]) null);
            return new Samples(img.getWidth(), img.getHeight(), values);
        } catch (IOException e) {
            throw new DataFormatException(file, "a readable PNG image", damaged(file, e));
        }
    }

    /** Reads only what is needed for the size and the channel count. */
    public static Header header(Path file) {
        checkSignature(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataFormatException(file, "a PNG image", "no PNG reader accepts it");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                var type = reader.getRawImageType(0);
                checkBitDepth(file, type.getSampleModel().getSampleSize());
                int bands = type.getNumBands();
                return new Header(reader.getWidth(0), reader.getHeight(0), bands == 1 ? 1 : 3);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new DataFormatException(file, "a readable PNG header", damaged(file, e));
        }
    }

    /** Writes atomically (temporary file, then rename) so an interrupted run never leaves half a PNG. */
    public static void write(Image8 image, Path file) {
        SafeFiles.writeAtomically(file, tmp -> {
            if (!ImageIO.write(image.toBufferedImage(), "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /**
     * The layout stores 8 bits per sample; any other depth is refused rather than cut to 8 bits (12-bit data in a
     * 16-bit PNG would otherwise train and test as near-black images).
     */
    private static void checkBitDepth(Path file, int[] bitsPerBand) {
        for (int bits : bitsPerBand) {
            if (bits != 8) {
                throw new DataFormatException(file, "an 8-bit PNG (the layout stores 8 bits per sample, grey or RGB; "
                        + "convert it, e.g. scaling 12- or 16-bit values to 0..255)", bits + " bits per sample");
            }
        }
    }

    /** What a decoder's failure says about the file: usually cut off (a copy or write that stopped) or corrupt. */
    private static String damaged(Path file, IOException e) {
        String why = e.getCause() instanceof java.io.EOFException ? "it ends early"
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return "a truncated or damaged file of " + file.toFile().length() + " bytes (" + why + ")";
    }

    private static void checkSignature(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "a PNG file", "no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(SIGNATURE.length);
            for (int i = 0; i < SIGNATURE.length; i++) {
                if (head.length < SIGNATURE.length || head[i] != SIGNATURE[i]) {
                    throw new DataFormatException(file, "a PNG file (signature 89 50 4E 47)", "another format");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
