package org.ispadlab.data;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ispadlab.io.SafeFiles;

/**
 * Writes a supervised stream in the format {@link SupervisedStream} reads: unsigned 8-bit patches (N, H, W)
 * or (N, H, W, C), masks (N, H, W), labels (N), contiguous, so any patch is one seek away. Written to a
 * temporary file and renamed, so an existing stream is never left half-written.
 * <p>jHDF writes a dataset from memory in one call (no appending), so a stream must fit in the heap.
 */
public final class SupervisedStreamWriter {

    private SupervisedStreamWriter() {
    }

    /** One entry: the patch, its mask (zeros when fault-free) and label (1 = defective). */
    public record Entry(Image8 image, Image8 mask, boolean defective) {
    }

    public static void write(Path file, Manifest.Layout keys, List<Entry> entries, Map<String, byte[]> extraFlags,
                             Map<String, String> attributes) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a stream needs at least one entry: " + file);
        }
        Image8 first = entries.get(0).image();
        int n = entries.size();
        int h = first.height();
        int w = first.width();
        int c = first.channels();
        Object images = c == 1 ? new byte[n][h][w] : new byte[n][h][w][c];
        byte[][][] masks = new byte[n][h][w];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            if (e.image().width() != w || e.image().height() != h || e.image().channels() != c) {
                throw new IllegalArgumentException("entry " + i + " is " + e.image() + ", the stream holds " + w + "x" + h + "x" + c);
            }
            copyRows(e.image(), c == 1 ? ((byte[][][]) images)[i] : null, c == 1 ? null : ((byte[][][][]) images)[i]);
            copyRows(e.mask(), masks[i], null);
            labels[i] = (byte) (e.defective() ? 1 : 0);
        }
        DatasetCreationOptions u8 = DatasetCreationOptions.builder().unsigned().build();
        SafeFiles.writeAtomically(file, tmp -> {
            try (WritableHdfFile out = HdfFile.write(tmp)) {
                out.putDataset(keys.imagesKey(), images, u8);
                out.putDataset(keys.masksKey(), masks, u8);
                out.putDataset(keys.labelsKey(), labels, u8);
                extraFlags.forEach((key, flags) -> out.putDataset(key, flags, u8));
                attributes.forEach(out::putAttribute);
            }
        });
    }

    private static void copyRows(Image8 img, byte[][] grey, byte[][][] rgb) {
        int w = img.width();
        int c = img.channels();
        for (int y = 0; y < img.height(); y++) {
            if (grey != null) {
                System.arraycopy(img.pixels(), y * w, grey[y], 0, w);
            } else {
                for (int x = 0; x < w; x++) {
                    System.arraycopy(img.pixels(), (y * w + x) * c, rgb[y][x], 0, c);
                }
            }
        }
    }
}
