package org.ispadlab.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.TorchvisionState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Imports that convert (bf16, fp16) and files that must be refused, each naming the file and the tensor. */
class WeightsImportTest {

    @TempDir
    static Path dir;
    /** A ResNet-18 (3 channels, random initialisation) with torchvision's names, as the export writes it. */
    static Path resnet18;

    @BeforeAll
    static void resnet18File() {
        resnet18 = dir.resolve("resnet18.safetensors");
        try (Classifier m = Classifier.create(Backbone.RESNET_18, 3, 64, 5, null)) {
            WeightsExport.write(m, resnet18, null);
        }
    }

    @Test
    void halfPrecisionWidensExactly() {
        assertEquals(1f, Safetensors.halfToFloat((short) 0x3c00));
        assertEquals(-2f, Safetensors.halfToFloat((short) 0xc000));
        assertEquals(65504f, Safetensors.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, Safetensors.halfToFloat((short) 0x0001)); // smallest subnormal
        assertEquals(0x1p-14f, Safetensors.halfToFloat((short) 0x0400)); // smallest normal
        assertEquals(-0f, Safetensors.halfToFloat((short) 0x8000));
        assertEquals(Float.POSITIVE_INFINITY, Safetensors.halfToFloat((short) 0x7c00));
        assertTrue(Float.isNaN(Safetensors.halfToFloat((short) 0x7e00)));
        assertEquals(0.333251953125f, Safetensors.halfToFloat((short) 0x3555));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BF16", "F16"})
    void halfPrecisionFilesAreConvertedToFloat32(String dtype) throws IOException {
        Map<String, SafetensorsEdit.Raw> tensors = new LinkedHashMap<>();
        SafetensorsEdit.read(resnet18).forEach((name, raw) -> tensors.put(name, raw.dtype().equals("F32")
                ? new SafetensorsEdit.Raw(dtype, raw.shape(), dtype.equals("BF16") ? SafetensorsEdit.toBf16(raw.data())
                : toF16(raw.data())) : raw));
        Path file = dir.resolve("resnet18-" + dtype + ".safetensors");
        SafetensorsEdit.write(file, tensors);
        Path out = Files.createTempDirectory(dir, "out");
        WeightsImport.Imported imported = WeightsImport.run(file, null, List.of(3), out).get(0);
        assertEquals(Backbone.RESNET_18, imported.backbone());
        assertEquals(dtype + " converted to F32", imported.conversions());
        float[] want = Safetensors.open(file).floats("layer2.0.conv1.weight");
        try (Classifier model = Classifier.create(Backbone.RESNET_18, 3, 64, 0, imported.written())) {
            assertArrayEquals(want, TorchvisionState.of(model).array("layer2.0.conv1.weight").toFloatArray());
        }
        float[] f32 = Safetensors.open(resnet18).floats("layer2.0.conv1.weight");
        for (int i = 0; i < want.length; i++) {
            assertEquals(f32[i], want[i], Math.abs(f32[i]) / 100 + 1e-4, "a " + dtype + " value within its precision");
        }
    }

    /** The cases of {@link #aBadFileIsRefusedNamingWhatAndWrittenNothing}, and what the error must say. */
    static Stream<String[]> badFiles() {
        return Stream.of(
                new String[] {"empty", "expected a safetensors file (8 bytes of header length, a JSON header, the "
                        + "data), found 0 bytes"},
                new String[] {"cut in the header", "cut off inside its header"},
                new String[] {"truncated data", "the file is truncated (4096 bytes missing)"},
                new String[] {"header not JSON", "expected a JSON header"},
                new String[] {"offsets shifted", "tensor 'bn1.bias': expected to start at byte"},
                new String[] {"shape against offsets", "tensor 'bn1.weight': expected 260 bytes for shape [65] of F32"},
                new String[] {"float64 tensor", "tensor 'bn1.running_var': expected F32, F16 or BF16 "
                        + "(floating-point weights), found F64"},
                new String[] {"int32 weights", "tensor 'fc.weight': expected F32, F16 or BF16 (floating-point "
                        + "weights), found I32"},
                new String[] {"another backbone", "expected ConvNeXt-Tiny's tensors with torchvision's names "
                        + "(convnext_tiny), found"},
                new String[] {"mis-shaped", "1 mis-shaped (layer1.0.conv1.weight is [64, 64, 9, 1] in the file, "
                        + "[64, 64, 3, 3] in ResNet-18)"},
                new String[] {"extra tensor", "1 not in ResNet-18 (layer5.0.conv1.weight)"},
                new String[] {"missing tensor", "1 missing (layer4.1.bn2.running_mean)"},
                new String[] {"no backbone at all", "expected ResNet-18's tensors with torchvision's names"});
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("badFiles")
    void aBadFileIsRefusedNamingWhatAndWrittenNothing(String kind, String expected) throws IOException {
        Path file = dir.resolve(kind.replace(' ', '-') + ".safetensors");
        Backbone backbone = damage(kind, file);
        Path out = Files.createTempDirectory(dir, "out");
        Path existing = out.resolve("resnet-18-3ch.params");
        Files.writeString(existing, "weights imported before");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightsImport.run(file, backbone, List.of(1, 3), out));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertEquals("weights imported before", Files.readString(existing));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(existing), files.toList(), "nothing else written");
        }
    }

    /** Writes the damaged file of {@code kind}; returns the backbone the import is told (null: recognise). */
    private static Backbone damage(String kind, Path file) throws IOException {
        byte[] good = Files.readAllBytes(resnet18);
        Map<String, SafetensorsEdit.Raw> t = SafetensorsEdit.read(resnet18);
        JsonObject header = SafetensorsEdit.header(resnet18);
        byte[] data = SafetensorsEdit.data(resnet18);
        switch (kind) {
            case "empty" -> Files.write(file, new byte[0]);
            case "cut in the header" -> Files.write(file, Arrays.copyOf(good, 100));
            case "truncated data" -> Files.write(file, Arrays.copyOf(good, good.length - 4096));
            case "header not JSON" -> {
                byte[] broken = good.clone();
                int n = (int) ByteBuffer.wrap(good, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                byte[] text = "{\"conv1.weight\": [not json".getBytes(StandardCharsets.UTF_8);
                Arrays.fill(broken, 8, 8 + n, (byte) ' ');
                System.arraycopy(text, 0, broken, 8, text.length);
                Files.write(file, broken);
            }
            case "offsets shifted" -> {
                JsonArray off = header.getAsJsonObject("bn1.bias").getAsJsonArray("data_offsets");
                long begin = off.get(0).getAsLong();
                long end = off.get(1).getAsLong();
                off.set(0, new com.google.gson.JsonPrimitive(begin + 4));
                off.set(1, new com.google.gson.JsonPrimitive(end + 4));
                SafetensorsEdit.writeRaw(file, header, data);
            }
            case "shape against offsets" -> {
                header.getAsJsonObject("bn1.weight").getAsJsonArray("shape").set(0, new com.google.gson.JsonPrimitive(65));
                SafetensorsEdit.writeRaw(file, header, data);
            }
            case "float64 tensor" -> {
                SafetensorsEdit.Raw v = t.get("bn1.running_var");
                t.put("bn1.running_var", new SafetensorsEdit.Raw("F64", v.shape(), SafetensorsEdit.toF64(v.data())));
                SafetensorsEdit.write(file, t);
            }
            case "int32 weights" -> {
                SafetensorsEdit.Raw v = t.get("fc.weight");
                t.put("fc.weight", new SafetensorsEdit.Raw("I32", v.shape(), v.data()));
                SafetensorsEdit.write(file, t);
            }
            case "another backbone" -> {
                Files.copy(resnet18, file);
                return Backbone.CONVNEXT_TINY;
            }
            case "mis-shaped" -> {
                SafetensorsEdit.Raw v = t.get("layer1.0.conv1.weight");
                t.put("layer1.0.conv1.weight", new SafetensorsEdit.Raw("F32", new long[] {64, 64, 9, 1}, v.data()));
                SafetensorsEdit.write(file, t);
            }
            case "extra tensor" -> {
                t.put("layer5.0.conv1.weight", new SafetensorsEdit.Raw("F32", new long[] {1}, new byte[4]));
                SafetensorsEdit.write(file, t);
                return Backbone.RESNET_18;
            }
            case "missing tensor" -> {
                t.remove("layer4.1.bn2.running_mean");
                SafetensorsEdit.write(file, t);
            }
            case "no backbone at all" -> SafetensorsEdit.write(file,
                    Map.of("conv1.weight", new SafetensorsEdit.Raw("F32", new long[] {1}, new byte[4])));
            default -> throw new IllegalArgumentException(kind);
        }
        return null;
    }

    /** F32 bytes as F16, truncating the mantissa (values below the normal range flush to zero). */
    private static byte[] toF16(byte[] f32) {
        ByteBuffer in = ByteBuffer.wrap(f32).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(f32.length / 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            int bits = Float.floatToRawIntBits(in.getFloat());
            int sign = (bits >>> 16) & 0x8000;
            int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
            int half = exponent <= 0 ? sign : exponent >= 31 ? sign | 0x7c00
                    : sign | (exponent << 10) | ((bits >>> 13) & 0x3ff);
            out.putShort((short) half);
        }
        return out.array();
    }
}
