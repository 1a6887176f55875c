package org.ispadlab.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.FixedPoint;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Inflater;

/**
 * A supervised training stream in HDF5 (keys as in the manifest: {@code syn_stream} patches,
 * {@code ground_truth} masks, labels), read by index without loading the file. Contiguous datasets are
 * read straight from the memory-mapped file; chunked ones (h5py's gzip files) one decompressed chunk at a
 * time. Patches are (N, H, W) single channel, as the paper stores them, or (N, H, W, C).
 */
public final class SupervisedStream implements AutoCloseable {

    private final Path file;
    private final HdfFile hdf;
    private final Dataset images;
    private final Dataset masks;
    /** The memory-mapped data of contiguous datasets, mapped once (jHDF maps anew on every call). */
    private final ByteBuffer imageBuffer;
    private final ByteBuffer maskBuffer;
    private final byte[] labels;
    private final int count;
    private final int height;
    private final int width;
    private final int channels;

    private SupervisedStream(Path file, HdfFile hdf, Dataset images, Dataset masks, byte[] labels) {
        this.file = file;
        this.hdf = hdf;
        this.images = images;
        this.masks = masks;
        this.imageBuffer = mapped(images);
        this.maskBuffer = mapped(masks);
        this.labels = labels;
        int[] dims = images.getDimensions();
        this.count = dims[0];
        this.height = dims[1];
        this.width = dims[2];
        this.channels = dims.length == 4 ? dims[3] : 1;
    }

    /** Opens a stream with the manifest's keys. */
    public static SupervisedStream open(Path file, Manifest.Layout keys) {
        return open(file, keys.imagesKey(), keys.masksKey(), keys.labelsKey());
    }

    public static SupervisedStream open(Path file, String imagesKey, String masksKey, String labelsKey) {
        HdfFile hdf = Hdf5Files.open(file, "an HDF5 supervised stream");
        try {
            Dataset images = dataset(hdf, file, imagesKey);
            Dataset masks = dataset(hdf, file, masksKey);
            Dataset labelSet = dataset(hdf, file, labelsKey);
            int[] d = images.getDimensions();
            if (d.length < 3 || d.length > 4 || (d.length == 4 && d[3] != 1 && d[3] != 3)) {
                throw new DataFormatException(file, "'" + imagesKey + "' shaped (N, H, W) or (N, H, W, 1|3)",
                        "shape " + Arrays.toString(d));
            }
            checkBytes(file, imagesKey, images);
            checkBytes(file, masksKey, masks);
            int[] md = masks.getDimensions();
            if (md.length != 3 || md[0] != d[0] || md[1] != d[1] || md[2] != d[2]) {
                throw new DataFormatException(file, "'" + masksKey + "' shaped (" + d[0] + ", " + d[1] + ", " + d[2] + ")",
                        "shape " + Arrays.toString(md));
            }
            int[] ld = labelSet.getDimensions();
            if (ld.length != 1 || ld[0] != d[0]) {
                throw new DataFormatException(file, "'" + labelsKey + "' shaped (" + d[0] + ")", "shape " + Arrays.toString(ld));
            }
            byte[] labels = toBytes(labelSet.getDataFlat());
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != 0 && labels[i] != 1) {
                    throw new DataFormatException(file, "labels 0 (fault-free) or 1 (defective)",
                            labels[i] + " at index " + i);
                }
            }
            return new SupervisedStream(file, hdf, images, masks, labels);
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    public int size() {
        return count;
    }

    public int label(int index) {
        return labels[checkIndex(index)];
    }

    /** Defective entries. */
    public int defectiveCount() {
        int n = 0;
        for (byte b : labels) {
            n += b;
        }
        return n;
    }

    public Image8 image(int index) {
        return new Image8(width, height, channels, read(images, imageBuffer, checkIndex(index), height * width * channels));
    }

    public Image8 mask(int index) {
        return new Image8(width, height, 1, read(masks, maskBuffer, checkIndex(index), height * width));
    }

    public Path file() {
        return file;
    }

    /**
     * Any other per-entry byte dataset of the file, e.g. ISP-AD-sim's {@code overlooked_defect}, which marks
     * the fault-free entries that secretly carry a defect (the real dataset's noise is unknown).
     */
    public byte[] flags(String key) {
        Dataset set = dataset(hdf, file, key);
        checkBytes(file, key, set);
        byte[] flags = toBytes(set.getDataFlat());
        if (flags.length != count) {
            throw new DataFormatException(file, "'" + key + "' with one value per entry (" + count + ")", flags.length + " values");
        }
        return flags;
    }

    @Override
    public void close() {
        hdf.close();
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException(file + ": index " + index + " outside 0.." + (count - 1));
        }
        return index;
    }

    private static ByteBuffer mapped(Dataset set) {
        return set instanceof ContiguousDataset contiguous && set.getSizeInBytes() <= Integer.MAX_VALUE
                ? contiguous.getBuffer() : null;
    }

    /** Entry {@code index} of an (N, ...) byte dataset; {@code length} bytes. */
    private static byte[] read(Dataset set, ByteBuffer mapped, int index, int length) {
        byte[] out = new byte[length];
        if (mapped != null) {
            mapped.get(index * length, out, 0, length); // absolute get: safe from several threads
            return out;
        }
        if (set instanceof ChunkedDataset chunked) {
            int[] chunk = chunked.getChunkDimensions();
            int[] dims = set.getDimensions();
            if (Arrays.equals(Arrays.copyOfRange(chunk, 1, chunk.length), Arrays.copyOfRange(dims, 1, dims.length))) {
                int[] offset = new int[dims.length];
                offset[0] = index - index % chunk[0];
                if (plainDeflate(set)) {
                    // inflating the raw chunk here is twice as fast as jHDF's pipeline, and lands in place
                    byte[] target = chunk[0] == 1 ? out : new byte[chunk[0] * length];
                    inflate(chunked.getRawChunkBuffer(offset), target);
                    if (target != out) {
                        System.arraycopy(target, (index % chunk[0]) * length, out, 0, length);
                    }
                    return out;
                }
                byte[] decompressed = chunked.getDecompressedChunk(offset);
                System.arraycopy(decompressed, (index % chunk[0]) * length, out, 0, length);
                return out;
            }
        }
        int[] dims = set.getDimensions();
        long[] offset = new long[dims.length];
        offset[0] = index;
        int[] shape = dims.clone();
        shape[0] = 1;
        return toBytes(set.getData(offset, shape));
    }

    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

    /** Deflate alone, or with byte shuffling, which does nothing to 1-byte values. */
    private static boolean plainDeflate(Dataset set) {
        List<String> names = set.getFilters().stream().map(f -> f.getName()).toList();
        return names.equals(List.of("deflate")) || names.equals(List.of("shuffle", "deflate"));
    }

    private static void inflate(ByteBuffer raw, byte[] target) {
        Inflater inflater = INFLATER.get();
        inflater.reset();
        inflater.setInput(raw);
        try {
            int n = 0;
            while (n < target.length && !inflater.finished()) {
                int got = inflater.inflate(target, n, target.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != target.length) {
                throw new IllegalStateException("a deflate chunk held " + n + " bytes, expected " + target.length);
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalStateException("a corrupt deflate chunk: " + e.getMessage(), e);
        }
    }

    private static Dataset dataset(HdfFile hdf, Path file, String key) {
        try {
            return hdf.getDatasetByPath(key);
        } catch (RuntimeException e) {
            throw new DataFormatException(file, "a dataset '" + key + "' (set its key in the manifest; "
                    + "environment/lab data inspect " + file + " lists what the file holds)", "none");
        }
    }

    /** 8-bit integers, signed or not (jHDF reads unsigned ones as int, but their bytes are what we copy). */
    private static void checkBytes(Path file, String key, Dataset set) {
        if (!(set.getDataType() instanceof FixedPoint) || set.getDataType().getSize() != 1) {
            throw new DataFormatException(file, "'" + key + "' of 8-bit integers",
                    set.getDataType().getSize() * 8 + "-bit " + set.getJavaType().getSimpleName() + " values");
        }
    }

    /** Flattens what jHDF returns (nested or flat, byte, short or int arrays) to bytes. */
    static byte[] toBytes(Object data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        flatten(data, out);
        return out.toByteArray();
    }

    private static void flatten(Object data, java.io.ByteArrayOutputStream out) {
        if (data instanceof byte[] b) {
            out.write(b, 0, b.length);
        } else if (data instanceof short[] s) {
            for (short v : s) {
                out.write(v);
            }
        } else if (data instanceof int[] s) {
            for (int v : s) {
                out.write(v);
            }
        } else if (data != null && data.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(data); i++) {
                flatten(Array.get(data, i), out);
            }
        } else {
            throw new IllegalArgumentException("not integer array data: " + data);
        }
    }
}
