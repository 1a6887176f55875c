package org.ispadlab.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ispadlab.io.SafeFiles;

/**
 * A safetensors file (Hugging Face's format, what torchvision and timm weights come as): 8 bytes of little-endian
 * header length, a JSON header naming each tensor's dtype, shape and byte range, then the raw little-endian data.
 * The header is parsed with Gson; the data is memory-mapped and copied out in bulk, one tensor at a time, so a
 * 100 MB file reads in a fraction of a second. DJL 0.35's own codec ({@code NDList.decode}) reads the whole
 * stream onto the heap and answers a damaged file with "Malformed data"; here every check names the file and
 * the tensor, and the whole header is checked before anything is read.
 */
public final class Safetensors {

    /** The safetensors library refuses headers over 100 MB; so do we, before allocating one. */
    private static final long MAX_HEADER = 100L << 20;
    private static final Map<String, Integer> BYTES = Map.of("F64", 8, "F32", 4, "F16", 2, "BF16", 2,
            "I64", 8, "I32", 4, "I16", 2, "I8", 1, "U8", 1, "BOOL", 1);

    /** One tensor's entry in the header: where its bytes are in the data part. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public long elements() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }

        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    private final Path file;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;
    private final ByteBuffer data;

    private Safetensors(Path file, Map<String, Entry> entries, Map<String, String> metadata, ByteBuffer data) {
        this.file = file;
        this.entries = entries;
        this.metadata = metadata;
        this.data = data;
    }

    /** Opens and checks {@code file}: the header, every dtype, shape and byte range against the file's size. */
    public static Safetensors open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no safetensors file at " + file);
        }
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            if (size < 8) {
                throw bad(file, "a safetensors file (8 bytes of header length, a JSON header, the data), found "
                        + size + " bytes");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength <= 1 || headerLength > MAX_HEADER || headerLength > size - 8) {
                throw bad(file, "a header length of at most " + Math.min(MAX_HEADER, size - 8) + " bytes (the file "
                        + "has " + size + "), found " + Long.toUnsignedString(headerLength)
                        + ": not a safetensors file, or one cut off inside its header");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            channel.read(header, 8);
            long dataStart = 8 + headerLength;
            MappedByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, dataStart, size - dataStart);
            data.order(ByteOrder.LITTLE_ENDIAN);
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, Entry> entries = parse(file, new String(header.array(), StandardCharsets.UTF_8), metadata);
            checkRanges(file, entries.values(), size - dataStart);
            return new Safetensors(file, entries, metadata, data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Map<String, Entry> parse(Path file, String json, Map<String, String> metadata) {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(json.strip());
            if (!parsed.isJsonObject()) {
                throw bad(file, "a JSON object as the header, found " + kind(parsed));
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw bad(file, "a JSON header, found text that does not parse (" + e.getMessage() + ")");
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                if (e.getValue().isJsonObject()) {
                    e.getValue().getAsJsonObject().entrySet().forEach(m -> metadata.put(m.getKey(),
                            m.getValue().isJsonPrimitive() ? m.getValue().getAsString() : m.getValue().toString()));
                }
                continue;
            }
            out.put(name, entry(file, name, e.getValue()));
        }
        if (out.isEmpty()) {
            throw bad(file, "at least one tensor in the header, found none");
        }
        return out;
    }

    private static Entry entry(Path file, String name, JsonElement value) {
        if (!value.isJsonObject()) {
            throw bad(file, name, "an object with dtype, shape and data_offsets, found " + kind(value));
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dtype = o.get("dtype");
        if (dtype == null || !dtype.isJsonPrimitive() || !BYTES.containsKey(dtype.getAsString())) {
            throw bad(file, name, "a dtype of " + String.join(", ", BYTES.keySet().stream().sorted().toList())
                    + ", found " + dtype);
        }
        long[] shape = longs(file, name, "a shape of non-negative whole numbers", o.get("shape"), -1);
        long[] offsets = longs(file, name, "data_offsets [begin, end]", o.get("data_offsets"), 2);
        Entry entry = new Entry(name, dtype.getAsString(), shape, offsets[0], offsets[1]);
        long needed;
        try {
            needed = Math.multiplyExact(entry.elements(), BYTES.get(entry.dtype()));
        } catch (ArithmeticException overflow) {
            throw bad(file, name, "a shape whose size fits in a file, found " + entry.shapeText());
        }
        if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != needed) {
            throw bad(file, name, needed + " bytes for shape " + entry.shapeText() + " of " + entry.dtype()
                    + ", found data_offsets [" + offsets[0] + ", " + offsets[1] + "]: the header lies about offsets");
        }
        return entry;
    }

    private static long[] longs(Path file, String tensor, String expected, JsonElement value, int length) {
        if (value == null || !value.isJsonArray() || (length >= 0 && value.getAsJsonArray().size() != length)) {
            throw bad(file, tensor, expected + ", found " + value);
        }
        JsonArray array = value.getAsJsonArray();
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement v = array.get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()
                    || !v.getAsString().matches("\\d+")) {
                throw bad(file, tensor, expected + ", found " + value);
            }
            out[i] = v.getAsLong();
        }
        return out;
    }

    /** The tensors must tile the data part exactly, as the format requires: no gap, no overlap, nothing past it. */
    private static void checkRanges(Path file, java.util.Collection<Entry> entries, long dataBytes) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : sorted) {
            if (e.end() > dataBytes) {
                throw bad(file, e.name(), "bytes [" + e.begin() + ", " + e.end() + ") of the data, found a data "
                        + "part of " + dataBytes + " bytes: the file is truncated ("
                        + (sorted.get(sorted.size() - 1).end() - dataBytes) + " bytes missing)");
            }
            if (e.begin() != at) {
                throw bad(file, e.name(), "to start at byte " + at + " of the data (where the one before it "
                        + "ends), found " + e.begin() + ": the header lies about offsets");
            }
            at = e.end();
        }
        if (at != dataBytes) {
            throw bad(file, "the tensors to fill the data part of " + dataBytes + " bytes, found " + at
                    + " bytes used: the header lies about offsets");
        }
    }

    public Path file() {
        return file;
    }

    /** Every tensor, in the header's order. */
    public Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** The header's {@code __metadata__}, empty when there is none. */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /**
     * A floating-point tensor's values as float32: F32 copied in bulk, F16 and BF16 widened (exactly: every
     * half and bfloat16 value is a float).
     */
    public float[] floats(String name) {
        Entry e = entry(name);
        ByteBuffer bytes = bytes(e);
        float[] out = new float[Math.toIntExact(e.elements())];
        switch (e.dtype()) {
            case "F32" -> bytes.asFloatBuffer().get(out);
            case "BF16" -> {
                ShortBuffer s = bytes.asShortBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat(s.get(i) << 16);
                }
            }
            case "F16" -> {
                ShortBuffer s = bytes.asShortBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(s.get(i));
                }
            }
            default -> throw bad(file, name, "F32, F16 or BF16 (floating-point weights), found " + e.dtype());
        }
        return out;
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw bad(file, "a tensor named '" + name + "', found none");
        }
        return e;
    }

    private ByteBuffer bytes(Entry e) {
        return data.slice(Math.toIntExact(e.begin()), Math.toIntExact(e.end() - e.begin()))
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13)); // infinity, NaN
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f; // zero and subnormals: exact in float
            return sign == 0 ? subnormal : -subnormal;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static String kind(JsonElement e) {
        return e.isJsonArray() ? "an array" : e.isJsonPrimitive() ? "'" + e + "'" : e.isJsonNull() ? "null"
                : "an object";
    }

    private static IllegalArgumentException bad(Path file, String expectedAndFound) {
        return new IllegalArgumentException(file + ": expected " + expectedAndFound);
    }

    private static IllegalArgumentException bad(Path file, String tensor, String expectedAndFound) {
        return new IllegalArgumentException(file + ": tensor '" + tensor + "': expected " + expectedAndFound);
    }

    /** Builds a safetensors file: tensors in the order added, so the same tensors give the same bytes. */
    public static final class Writer {
        private final Map<String, Object> tensors = new LinkedHashMap<>();
        private final Map<String, long[]> shapes = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        public Writer f32(String name, long[] shape, float[] values) {
            return add(name, shape, values, values.length);
        }

        public Writer i64(String name, long[] shape, long[] values) {
            return add(name, shape, values, values.length);
        }

        public Writer metadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        private Writer add(String name, long[] shape, Object values, int length) {
            if (tensors.containsKey(name) || name.equals("__metadata__")) {
                throw new IllegalArgumentException("tensor '" + name + "' added twice or reserved");
            }
            if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != length) {
                throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape)
                        + " does not hold " + length + " values");
            }
            tensors.put(name, values);
            shapes.put(name, shape.clone());
            return this;
        }

        /** Writes the file atomically: a crash leaves the old file or the new one. */
        public void write(Path file) {
            SafeFiles.writeAtomically(file, tmp -> {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    writeTo(out);
                }
            });
        }

        private void writeTo(OutputStream out) throws IOException {
            JsonObject header = new JsonObject();
            if (!metadata.isEmpty()) {
                JsonObject m = new JsonObject();
                metadata.forEach(m::addProperty);
                header.add("__metadata__", m);
            }
            long at = 0;
            for (Map.Entry<String, Object> t : tensors.entrySet()) {
                boolean isFloat = t.getValue() instanceof float[];
                int length = isFloat ? ((float[]) t.getValue()).length : ((long[]) t.getValue()).length;
                long bytes = (long) length * (isFloat ? 4 : 8);
                JsonObject o = new JsonObject();
                o.addProperty("dtype", isFloat ? "F32" : "I64");
                o.add("shape", array(shapes.get(t.getKey())));
                o.add("data_offsets", array(new long[] {at, at + bytes}));
                header.add(t.getKey(), o);
                at += bytes;
            }
            byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
            int padded = (json.length + 7) / 8 * 8; // the reference writer pads with spaces to 8-byte alignment
            ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(padded).put(json);
            while (prefix.hasRemaining()) {
                prefix.put((byte) ' ');
            }
            out.write(prefix.array());
            for (Object values : tensors.values()) {
                ByteBuffer b;
                if (values instanceof float[] f) {
                    b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(f);
                } else {
                    long[] l = (long[]) values;
                    b = ByteBuffer.allocate(l.length * 8).order(ByteOrder.LITTLE_ENDIAN);
                    b.asLongBuffer().put(l);
                }
                out.write(b.array());
            }
        }

        private static JsonArray array(long[] values) {
            JsonArray a = new JsonArray();
            for (long v : values) {
                a.add(new JsonPrimitive(v));
            }
            return a;
        }
    }

    @Override
    public String toString() {
        return file + ": " + entries.values().stream().map(e -> e.name() + " " + e.dtype() + e.shapeText())
                .collect(Collectors.joining(", "));
    }
}
