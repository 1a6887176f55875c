package org.ispadlab.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test files in the safetensors layout, written byte by byte so a test can damage any part of one. */
final class SafetensorsEdit {

    /** One tensor as stored: dtype, shape and raw little-endian bytes. */
    record Raw(String dtype, long[] shape, byte[] data) {
    }

    private SafetensorsEdit() {
    }

    /** Every tensor of {@code file}, in the header's order (metadata dropped). */
    static Map<String, Raw> read(Path file) {
        try {
            byte[] all = Files.readAllBytes(file);
            long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            JsonObject header = JsonParser.parseString(new String(all, 8, (int) n, StandardCharsets.UTF_8))
                    .getAsJsonObject();
            Map<String, Raw> out = new LinkedHashMap<>();
            for (var e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonObject o = e.getValue().getAsJsonObject();
                JsonArray s = o.getAsJsonArray("shape");
                long[] shape = new long[s.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = s.get(i).getAsLong();
                }
                JsonArray off = o.getAsJsonArray("data_offsets");
                int begin = (int) (8 + n + off.get(0).getAsLong());
                int end = (int) (8 + n + off.get(1).getAsLong());
                out.put(e.getKey(), new Raw(o.get("dtype").getAsString(), shape, Arrays.copyOfRange(all, begin, end)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code tensors} with honest, contiguous offsets. */
    static void write(Path file, Map<String, Raw> tensors) {
        JsonObject header = new JsonObject();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (var t : tensors.entrySet()) {
            JsonObject o = new JsonObject();
            o.addProperty("dtype", t.getValue().dtype());
            JsonArray shape = new JsonArray();
            Arrays.stream(t.getValue().shape()).forEach(shape::add);
            o.add("shape", shape);
            JsonArray off = new JsonArray();
            off.add(data.size());
            data.writeBytes(t.getValue().data());
            off.add(data.size());
            o.add("data_offsets", off);
            header.add(t.getKey(), o);
        }
        writeRaw(file, header, data.toByteArray());
    }

    /** Writes {@code header} as it is, true or not, then {@code data}. */
    static void writeRaw(Path file, JsonObject header, byte[] data) {
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).put(data);
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header of {@code file} as JSON, to be edited and written back with {@link #writeRaw}. */
    static JsonObject header(Path file) {
        try {
            byte[] all = Files.readAllBytes(file);
            long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            return JsonParser.parseString(new String(all, 8, (int) n, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data part of {@code file}. */
    static byte[] data(Path file) {
        try {
            byte[] all = Files.readAllBytes(file);
            long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            return Arrays.copyOfRange(all, (int) (8 + n), all.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** F32 bytes as BF16 (the upper half of each float: exact for values that are bfloat16 already). */
    static byte[] toBf16(byte[] f32) {
        ByteBuffer in = ByteBuffer.wrap(f32).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(f32.length / 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            out.putShort((short) (Float.floatToRawIntBits(in.getFloat()) >>> 16));
        }
        return out.array();
    }

    /** F32 bytes as F64. */
    static byte[] toF64(byte[] f32) {
        ByteBuffer in = ByteBuffer.wrap(f32).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(f32.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            out.putDouble(in.getFloat());
        }
        return out.array();
    }
}
