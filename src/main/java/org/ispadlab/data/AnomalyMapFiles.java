package org.ispadlab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Any tool's anomaly maps beside MVTec-style ground truth: maps as {@code STEM.npy} (float32 or float64, shape
 * (H, W) or (1, H, W), numpy's format, read with DJL's decoder) or as 8/16-bit single-channel {@code STEM.png};
 * masks as {@code STEM_mask.png}, non-zero = defective. Stems are paths relative to each folder, so
 * {@code maps/crack/000.npy} pairs with {@code ground_truth/crack/000_mask.png}; a map without a mask file is a
 * good image.
 */
public final class AnomalyMapFiles {

    /** One test image: its map and its mask (null for a good image). */
    public record Entry(String stem, Path map, Path mask) {
    }

    /** A map or mask's values, row-major. */
    public record Grid(int width, int height, float[] values) {
    }

    private AnomalyMapFiles() {
    }

    /** Pairs every map under {@code maps} with its mask under {@code masks}; a mask without a map is an error. */
    public static List<Entry> match(Path maps, Path masks) {
        Map<String, Path> mapFiles = files(maps, "", ".npy", ".png");
        Map<String, Path> maskFiles = files(masks, "_mask", ".png");
        if (mapFiles.isEmpty()) {
            throw new DataFormatException(maps, "anomaly maps as STEM.npy or STEM.png", "none");
        }
        for (var m : maskFiles.entrySet()) {
            if (!mapFiles.containsKey(m.getKey())) {
                throw new DataFormatException(m.getValue(), "a map " + m.getKey() + ".npy or .png under " + maps
                        + " for this mask", "no such map");
            }
        }
        List<Entry> out = new ArrayList<>();
        mapFiles.forEach((stem, file) -> out.add(new Entry(stem, file, maskFiles.get(stem))));
        return out;
    }

    /** A map's values; {@code manager} decodes numpy files. */
    public static Grid readMap(Path file, NDManager manager) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            Png.Samples s = Png.readSamples(file);
            return new Grid(s.width(), s.height(), s.values());
        }
        NDList list;
        try {
            list = NDList.decode(manager, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new DataFormatException(file, "a numpy .npy array", "a file numpy's format does not describe ("
                    + e.getMessage() + ")");
        }
        if (list.size() != 1) {
            throw new DataFormatException(file, "one array", list.size() + " arrays");
        }
        NDArray a = list.get(0);
        long[] shape = a.getShape().getShape();
        boolean twoD = shape.length == 2 || shape.length == 3 && shape[0] == 1;
        if (!twoD || (a.getDataType() != DataType.FLOAT32 && a.getDataType() != DataType.FLOAT64)) {
            throw new DataFormatException(file, "a float32 (or float64) map of shape (H, W) or (1, H, W)",
                    a.getDataType() + " of shape " + a.getShape());
        }
        int h = (int) shape[shape.length - 2];
        int w = (int) shape[shape.length - 1];
        float[] values = a.toType(DataType.FLOAT32, false).toFloatArray();
        a.close();
        return new Grid(w, h, values);
    }

    /** A mask as defect flags, checked against its map's size. */
    public static boolean[] readMask(Path file, int width, int height) {
        Png.Samples s = Png.readSamples(file);
        if (s.width() != width || s.height() != height) {
            throw new DataFormatException(file, "a mask of its map's size " + width + "x" + height,
                    s.width() + "x" + s.height() + " (write maps at the test image's size)");
        }
        boolean[] mask = new boolean[s.values().length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = s.values()[i] != 0;
        }
        return mask;
    }

    private static Map<String, Path> files(Path dir, String suffix, String... extensions) {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir, "a folder", "no such folder");
        }
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                String lower = rel.toLowerCase(Locale.ROOT);
                for (String ext : extensions) {
                    if (lower.endsWith(suffix + ext)) {
                        String stem = rel.substring(0, rel.length() - suffix.length() - ext.length());
                        Path before = out.put(stem, f);
                        if (before != null) {
                            throw new DataFormatException(f, "one file per stem", "also " + before);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }
}
