package org.ispadlab.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsPackTest {

    private static final String DATASET = "sim-v5-workshop-0123abcd";

    private static ResultsPack.Dataset dataset(int simulator, long seed) {
        JsonObject settings = new JsonObject();
        settings.addProperty("version", simulator);
        settings.addProperty("scale", "workshop");
        settings.addProperty("seed", seed);
        return new ResultsPack.Dataset(DATASET, simulator, settings);
    }

    /** A results folder as the experiments leave it: finished runs, their resume state, an unfinished run. */
    private static Path results(Path root) throws IOException {
        Path d = root.resolve(DATASET);
        write(d.resolve("fraction-scaling/LSM-1/seed-7/none/outcome.json"), "{\"id\": \"none\"}");
        finishedRun(d.resolve("fraction-scaling/LSM-1/seed-7/none/run"), 1);
        write(d.resolve("fraction-scaling/LSM-1/seed-7/area-3/outcome.json"), "{\"id\": \"area-3\"}");
        finishedRun(d.resolve("fraction-scaling/LSM-1/seed-7/area-3/run"), 2);
        finishedRun(d.resolve("pretraining/LSM-1/resnet-18-seed-7-1088c7c7/run"), 3);
        Path unfinished = d.resolve("fraction-scaling/LSM-1/seed-7/mixed-1_1/run");
        write(unfinished.resolve("state.json"), "{\"config\": \"c\", \"stopReason\": null, \"weights\": \"epoch-0001.params\"}");
        Files.write(unfinished.resolve("epoch-0001.params"), bytes(4, 1000));
        Files.write(unfinished.resolve("best.params"), bytes(5, 1000));
        write(d.resolve("unsupervised/LSM-1/u_flow-cold-start-1643c3e2/seed-7/outcome.json"),
                "{\"seed\": 7, \"settings\": \"steps 300, seed 7\"}");
        write(d.resolve("unsupervised/LSM-1/u_flow-cold-start-1643c3e2/seed-7/outcome.json.tmp"), "half a write");
        write(d.resolve("backbone-ablation/LSM-1/efficientnet-b0/mixed-0/outcome.json"), "{\"backbone\": \"B0\"}");
        write(root.resolve("sim-v5-smoke-99999999/unsupervised/x/outcome.json"), "{}");
        return d;
    }

    private static void finishedRun(Path run, int seed) throws IOException {
        write(run.resolve("state.json"), "{\"config\": \"TrainConfig[seed=" + seed + "]\", \"stopReason\": "
                + "\"reached 2 epochs\", \"weights\": \"epoch-0002.params\"}");
        Files.write(run.resolve("best.params"), bytes(seed, 300_000));
        Files.write(run.resolve("epoch-0002.params"), bytes(seed + 10, 300_000));
        Files.write(run.resolve("epoch-0002.momentum"), bytes(seed + 20, 300_000));
    }

    private static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Every file under {@code dir}, by relative path, with its bytes. */
    private static Map<String, byte[]> tree(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void assertSameTree(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
    }

    /** The teacher's results of {@link #results}, packed into {@code tmp/workshop.tar.zst}. */
    private static Path teachersPack(Path tmp) throws IOException {
        Path source = tmp.resolve("teacher");
        results(source);
        Path pack = tmp.resolve("workshop.tar.zst");
        ResultsPack.pack(source, "workshop", dataset(5, 7), "0.1.0", pack);
        return pack;
    }

    @Test
    void aRoundTripIsByteIdenticalAndKeepsWhatNotebooksRead(@TempDir Path tmp) throws IOException {
        Path source = tmp.resolve("teacher");
        results(source);
        Path pack = tmp.resolve("workshop.tar.zst");
        ResultsPack.Packed p = ResultsPack.pack(source, "workshop", dataset(5, 7), "0.1.0", pack);
        List<String> paths = p.manifest().files().stream().map(PackManifest.Entry::path).toList();
        assertEquals(List.of(
                DATASET + "/backbone-ablation/LSM-1/efficientnet-b0/mixed-0/outcome.json",
                DATASET + "/fraction-scaling/LSM-1/seed-7/area-3/outcome.json",
                DATASET + "/fraction-scaling/LSM-1/seed-7/area-3/run/best.params",
                DATASET + "/fraction-scaling/LSM-1/seed-7/area-3/run/state.json",
                DATASET + "/fraction-scaling/LSM-1/seed-7/none/outcome.json",
                DATASET + "/fraction-scaling/LSM-1/seed-7/none/run/best.params",
                DATASET + "/fraction-scaling/LSM-1/seed-7/none/run/state.json",
                DATASET + "/pretraining/LSM-1/resnet-18-seed-7-1088c7c7/run/best.params",
                DATASET + "/pretraining/LSM-1/resnet-18-seed-7-1088c7c7/run/state.json",
                DATASET + "/unsupervised/LSM-1/u_flow-cold-start-1643c3e2/seed-7/outcome.json"), paths,
                "finished runs' state and best weights, outcomes; no resume state, no unfinished run, no .tmp, "
                        + "no other dataset");
        assertEquals(List.of(DATASET + "/fraction-scaling/LSM-1/seed-7/mixed-1_1"), p.manifest().skipped());
        assertTrue(p.manifest().experiments().contains(new PackManifest.Experiment(
                DATASET + "/unsupervised/LSM-1/u_flow-cold-start-1643c3e2/seed-7", 7L, "steps 300, seed 7")));
        assertTrue(p.manifest().experiments().contains(new PackManifest.Experiment(
                DATASET + "/pretraining/LSM-1/resnet-18-seed-7-1088c7c7", 7L, "TrainConfig[seed=3]")));
        assertTrue(p.manifest().experiments().contains(new PackManifest.Experiment(
                DATASET + "/backbone-ablation/LSM-1/efficientnet-b0/mixed-0", null, "")), "a folder without a seed");
        assertEquals("workshop", ResultsPack.manifest(pack).scale());

        Path student = tmp.resolve("student");
        ResultsPack.Unpacked u = ResultsPack.unpack(pack, student, dataset(5, 7), false);
        assertEquals(10, u.written());
        Map<String, byte[]> packed = tree(source.resolve(DATASET));
        packed.keySet().removeIf(k -> !paths.contains(DATASET + "/" + k));
        assertSameTree(packed, tree(student.resolve(DATASET)));
        try (Stream<Path> top = Files.list(student)) {
            assertEquals(List.of(student.resolve(DATASET)), top.toList(), "no staging folder left behind");
        }

        ResultsPack.Unpacked again = ResultsPack.unpack(pack, student, dataset(5, 7), false);
        assertEquals(0, again.written());
        assertEquals(10, again.unchanged(), "the same results again: nothing to write, nothing refused");

        Path second = tmp.resolve("again.tar.zst");
        ResultsPack.pack(source, "workshop", dataset(5, 7), "0.1.0", second);
        assertArrayEquals(Files.readAllBytes(pack), Files.readAllBytes(second), "the same results, the same pack");
    }

    @Test
    void aTamperedFileIsRefusedAndNothingIsWritten(@TempDir Path tmp) throws IOException {
        Path pack = teachersPack(tmp);
        Path tampered = tmp.resolve("tampered.tar.zst");
        rewrite(pack, tampered, "none/run/best.params");
        Path student = tmp.resolve("student");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ResultsPack.unpack(tampered, student, dataset(5, 7), false));
        assertTrue(e.getMessage().contains("none/run/best.params") && e.getMessage().contains("Nothing was written"),
                e.getMessage());
        assertEquals(Map.of(), tree(student), "nothing written, no staging folder left");
    }

    @Test
    void aTruncatedPackIsRefusedAndNothingIsWritten(@TempDir Path tmp) throws IOException {
        Path pack = teachersPack(tmp);
        byte[] all = Files.readAllBytes(pack);
        Path student = tmp.resolve("student");
        for (double share : new double[] {0.5, 0.99}) {
            Path truncated = tmp.resolve("truncated.tar.zst");
            Files.write(truncated, java.util.Arrays.copyOf(all, (int) (all.length * share)));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ResultsPack.unpack(truncated, student, dataset(5, 7), false));
            assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("Nothing was written"),
                    e.getMessage());
            assertEquals(Map.of(), tree(student));
        }
        Path notAPack = tmp.resolve("notes.txt");
        Files.writeString(notAPack, "hello");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ResultsPack.unpack(notAPack, student, dataset(5, 7), false));
        assertTrue(e.getMessage().contains(notAPack.toString()) && e.getMessage().contains("zstd-compressed tar"),
                e.getMessage());
    }

    @Test
    void aPackOfAnotherSimulatorVersionOrSettingsIsRefusedSayingWhichDiffers(@TempDir Path tmp) throws IOException {
        Path pack = teachersPack(tmp);
        Path student = tmp.resolve("student");
        IllegalStateException version = assertThrows(IllegalStateException.class,
                () -> ResultsPack.unpack(pack, student, dataset(6, 7), false));
        assertTrue(version.getMessage().contains("ISP-AD-sim version 5") && version.getMessage().contains("version 6"),
                version.getMessage());
        ResultsPack.Dataset otherSeed = new ResultsPack.Dataset("sim-v5-workshop-fedcba98", 5, dataset(5, 31).settings());
        IllegalStateException settings = assertThrows(IllegalStateException.class,
                () -> ResultsPack.unpack(pack, student, otherSeed, false));
        assertTrue(settings.getMessage().contains("seed 7 in the pack, 31 here"), settings.getMessage());
        assertEquals(Map.of(), tree(student));
    }

    @Test
    void aResultComputedHereIsReplacedOnlyWithForce(@TempDir Path tmp) throws IOException {
        Path pack = teachersPack(tmp);
        Path student = tmp.resolve("student");
        Path mine = student.resolve(DATASET + "/fraction-scaling/LSM-1/seed-7/none/outcome.json");
        write(mine, "{\"id\": \"none\", \"mine\": true}");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ResultsPack.unpack(pack, student, dataset(5, 7), false));
        assertTrue(e.getMessage().contains("--force") && e.getMessage().contains("none/outcome.json"), e.getMessage());
        assertEquals(Map.of(DATASET + "/fraction-scaling/LSM-1/seed-7/none/outcome.json",
                        "{\"id\": \"none\", \"mine\": true}"),
                tree(student).entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        x -> new String(x.getValue(), StandardCharsets.UTF_8))), "the student's result is untouched");
        ResultsPack.unpack(pack, student, dataset(5, 7), true);
        assertEquals("{\"id\": \"none\"}", Files.readString(mine));
        assertFalse(tree(student).isEmpty());
    }

    /** {@code pack} again with one byte of the entry ending in {@code suffix} flipped, its manifest unchanged. */
    private static void rewrite(Path pack, Path out, String suffix) throws IOException {
        try (InputStream in = Files.newInputStream(pack);
             TarArchiveInputStream tar = new TarArchiveInputStream(new ZstdCompressorInputStream(in));
             OutputStream o = Files.newOutputStream(out);
             TarArchiveOutputStream w = new TarArchiveOutputStream(new ZstdCompressorOutputStream(o))) {
            w.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                byte[] content = tar.readAllBytes();
                if (e.getName().endsWith(suffix)) {
                    content[content.length / 2] ^= 1;
                }
                TarArchiveEntry copy = new TarArchiveEntry(e.getName());
                copy.setSize(content.length);
                w.putArchiveEntry(copy);
                new ByteArrayInputStream(content).transferTo(w);
                w.closeArchiveEntry();
            }
            w.finish();
        }
    }
}
