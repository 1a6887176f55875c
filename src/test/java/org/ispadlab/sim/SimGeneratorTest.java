package org.ispadlab.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.data.DatasetCheck;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.Image8;
import org.ispadlab.data.LabeledPatch;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.data.PatchFolders;
import org.ispadlab.data.Split;
import org.ispadlab.data.SupervisedStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimGeneratorTest {

    @TempDir
    static Path tmp;
    static Path oneThread;
    static final Manifest MANIFEST = Manifest.load();
    static final SimPreset SMOKE = SimPreset.of(Scale.SMOKE);

    @BeforeAll
    static void generate() {
        oneThread = new SimGenerator(SMOKE, MANIFEST, 1, line -> { }, LabData.paperStream(SMOKE)).generate(tmp.resolve("one"), false).root();
    }

    @Test
    void sameSeedSameBytesWhateverTheThreadCount() throws IOException {
        Path fourThreads = new SimGenerator(SMOKE, MANIFEST, 4, line -> { }, LabData.paperStream(SMOKE)).generate(tmp.resolve("four"), false).root();
        List<Path> files = files(oneThread);
        assertEquals(files.size(), files(fourThreads).size());
        assertTrue(files.size() > 100, "smoke writes every split: " + files.size() + " files");
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(oneThread.resolve(f)), Files.readAllBytes(fourThreads.resolve(f)), f.toString());
        }
        Path otherSeed = new SimGenerator(SMOKE.withSeed(8), MANIFEST, 2, line -> { }, LabData.paperStream(SMOKE)).generate(tmp.resolve("seed8"), false).root();
        Path any = Path.of("LSM-1/unsupervised/train/good/00000.png");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(oneThread.resolve(any)), Files.readAllBytes(otherSeed.resolve(any))));
    }

    /** Another JVM (another hash seed, so another Map.of order) writes the same bytes: metadata and streams too. */
    @Test
    void anotherProcessWritesTheSameBytes() throws Exception {
        Path other = tmp.resolve("other-jvm");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.ispadlab.cli.LabCli", "data", "sim", "--scale", "smoke",
                "--threads", "2", "--out", other.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("other-jvm.log").toFile()).start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0,
                Files.readString(tmp.resolve("other-jvm.log")));
        List<Path> files = files(oneThread);
        assertEquals(files, files(other));
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(oneThread.resolve(f)), Files.readAllBytes(other.resolve(f)), f.toString());
        }
    }

    @Test
    void theEstimateCountsEveryFileAndBoundsTheBytes() throws IOException {
        SimGenerator.Estimate e = new SimGenerator(SMOKE, MANIFEST, 1, line -> { }, LabData.paperStream(SMOKE)).estimate();
        List<Path> files = files(oneThread);
        assertEquals(files.size(), e.files(), "every file, the metadata included");
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(oneThread.resolve(f));
        }
        assertTrue(bytes <= e.bytes() && e.bytes() < 3 * bytes, bytes + " bytes written, " + e.bytes() + " estimated");
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class,
                () -> SimGenerator.requireSpace(tmp.resolve("big"), e, e.bytes() - 1));
        assertTrue(full.getMessage().contains("needs up to") && full.getMessage().contains("free there"), full.getMessage());
        SimGenerator.requireSpace(tmp.resolve("big"), e, e.bytes());
    }

    /** Ctrl-C or kill (SIGTERM) while writing: the partial folder is removed and nothing is put in place. */
    @Test
    void aStoppedRunLeavesNothingBehind() throws Exception {
        Path out = tmp.resolve("stopped");
        Path partial = tmp.resolve("stopped.partial");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.ispadlab.cli.LabCli", "data", "sim", "--scale", "smoke",
                "--factor", "0.05", "--threads", "1", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("stopped.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.isDirectory(partial.resolve("LSM-1")) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), "still writing when stopped: " + Files.readString(tmp.resolve("stopped.log")));
            p.destroy(); // SIGTERM, as kill and a closing terminal send
            assertTrue(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS), "the run ends after a stop");
        } finally {
            p.destroyForcibly();
        }
        assertFalse(Files.exists(partial), "the partial folder is removed");
        assertFalse(Files.exists(out), "no half dataset in place");
    }

    @Test
    void theSimPassesTheDatasetCheck() {
        List<DatasetCheck.Row> rows = DatasetCheck.of(oneThread, MANIFEST).rows();
        assertTrue(DatasetCheck.passes(rows), DatasetCheck.table(rows).printAll());
        assertEquals(27, rows.size());
    }

    @Test
    void everyTestDefectHasAMaskAndRealDefectsAreTwiceAsLarge() {
        PatchFolders folders = new PatchFolders(DatasetLayout.of(oneThread, MANIFEST));
        for (Modality m : Modality.values()) {
            for (DefectGroup g : DefectGroup.values()) {
                for (LabeledPatch p : folders.testDefects(m, g)) {
                    assertTrue(p.loadMask().countNonZero() > 0, p.image().toString());
                }
                Image8 real = folders.realDefects(m, g).get(0).load();
                assertEquals(2 * SMOKE.patchSize(), real.width());
                assertEquals(m.channels(), real.channels());
            }
            assertEquals(0, folders.testGood(m).get(0).loadMask().countNonZero());
        }
    }

    @Test
    void theSupervisedStreamIsSingleChannelWithItsSyntheticHalf() {
        DatasetLayout layout = DatasetLayout.of(oneThread, MANIFEST);
        int good = SMOKE.count(MANIFEST, Modality.LSM_1, org.ispadlab.data.Split.TRAIN_SUPERVISED_GOOD);
        int synthetic = SMOKE.count(MANIFEST, Modality.LSM_1, org.ispadlab.data.Split.TRAIN_SUPERVISED_SYNTHETIC);
        try (SupervisedStream s = SupervisedStream.open(layout.stream(Modality.LSM_1), MANIFEST.layout())) {
            assertEquals(good + synthetic, s.size());
            assertEquals(synthetic, s.defectiveCount());
            assertEquals(0.5, (double) s.defectiveCount() / s.size(), 0.05, "a balanced stream");
            for (int i = 0; i < s.size(); i++) {
                assertEquals(1, s.image(i).channels());
                assertEquals(SMOKE.patchSize(), s.image(i).width());
                assertEquals(s.label(i) == 1, s.mask(i).countNonZero() > 0, "masks exactly for the defective entries");
            }
        }
    }

    @Test
    void masksCoverExactlyWhatTheDefectChanged() {
        PatchFactory factory = new PatchFactory(Modality.LSM_2, 128, 1.0);
        PlateStyle style = PlateStyle.draw(new SplittableRandom(1), new SplittableRandom(2));
        for (DefectClass cls : List.of(DefectClass.PINHOLE, DefectClass.FIBRE, DefectClass.MISALIGNMENT)) {
            PatchFactory.Rendered d = factory.defective(style, 300, 400, 128, cls, 1, new SplittableRandom(3));
            PatchFactory.Rendered clean = factory.good(style, 300, 400, 128, new SplittableRandom(4));
            int inside = 0;
            int outside = 0;
            for (int y = 0; y < 128; y++) {
                for (int x = 0; x < 128; x++) {
                    int diff = 0;
                    for (int c = 0; c < 3; c++) {
                        diff = Math.max(diff, Math.abs(d.image().get(x, y, c) - clean.image().get(x, y, c)));
                    }
                    if (d.mask().get(x, y, 0) > 0) {
                        inside += diff;
                    } else if (diff > 25) {
                        outside++; // sensor noise alone stays far below 25 grey levels
                    }
                }
            }
            assertTrue(inside > 0, cls + " changed nothing under its mask");
            assertEquals(0, outside, cls + " changed pixels outside its mask");
        }
    }

    @Test
    void anInvisibleDefectIsRefusedWithAClearMessage() {
        PatchFactory factory = new PatchFactory(Modality.ASM, 64, 0.0);
        PlateStyle style = PlateStyle.draw(new SplittableRandom(1), new SplittableRandom(2));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> factory.defective(style, 0, 0, 64, DefectClass.SCRATCH, 1, new SplittableRandom(5)));
        assertTrue(e.getMessage().contains("stayed invisible"), e.getMessage());
    }

    @Test
    void anExistingDatasetIsNeverOverwrittenUnlessAsked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SimGenerator(SMOKE, MANIFEST, 1, line -> { }, LabData.paperStream(SMOKE)).generate(oneThread, false));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertTrue(Files.exists(oneThread.resolve(SimGenerator.METADATA)));
    }

    @Test
    void goodAndDefectiveTestPatchesAreCutFromTheSamePlates() {
        SimGenerator g = new SimGenerator(SimPreset.of(Scale.WORKSHOP), MANIFEST, 1, line -> { }, LabData.paperStream(SimPreset.of(Scale.WORKSHOP)));
        for (Modality m : Modality.values()) {
            Map<Split, Set<List<Double>>> plates = new EnumMap<>(Split.class); // a plate: its pattern's period and phase
            for (var split : List.of(Split.TEST_GOOD, Split.TEST_POINTS,
                    Split.TEST_AREA, Split.TRAIN_REAL_AREA)) {
                Set<List<Double>> styles = new HashSet<>();
                for (int i = 0; i < 60; i++) {
                    PlateStyle style = g.place(m, split, new SplittableRandom(i), 128).style();
                    styles.add(List.of(style.period(), style.phaseX(), style.phaseY()));
                }
                plates.put(split, styles);
            }
            var good = plates.get(Split.TEST_GOOD);
            assertEquals(good, plates.get(Split.TEST_POINTS), m + ": one pool of test plates");
            assertEquals(good, plates.get(Split.TEST_AREA), m + ": one pool of test plates");
            assertTrue(good.size() >= 2, m + ": several test plates");
            assertTrue(Collections.disjoint(good, plates.get(Split.TRAIN_REAL_AREA)),
                    m + ": training patches come from other plates than test ones");
        }
    }

    @Test
    void presetsScaleTable7() {
        SimPreset workshop = SimPreset.of(Scale.WORKSHOP);
        assertEquals(64, workshop.patchSize());
        assertEquals(1007, workshop.count(MANIFEST, Modality.LSM_1, org.ispadlab.data.Split.TRAIN_SUPERVISED_GOOD));
        // the workshop's minima: a test split that can show a trend, 48 real defects for distinct fractions
        for (Modality m : Modality.values()) {
            assertEquals(300, workshop.count(MANIFEST, m, org.ispadlab.data.Split.TEST_GOOD));
            assertEquals(30, workshop.count(MANIFEST, m, org.ispadlab.data.Split.TEST_POINTS));
            assertEquals(30, workshop.count(MANIFEST, m, org.ispadlab.data.Split.TEST_AREA));
            assertEquals(48, workshop.count(MANIFEST, m, org.ispadlab.data.Split.TRAIN_REAL_POINTS)
                    + workshop.count(MANIFEST, m, org.ispadlab.data.Split.TRAIN_REAL_AREA));
        }
        assertEquals(964, workshop.count(MANIFEST, Modality.ASM, org.ispadlab.data.Split.TRAIN_SUPERVISED_SYNTHETIC));
        assertEquals(100669, SimPreset.of(Scale.PAPER).count(MANIFEST, Modality.LSM_1, org.ispadlab.data.Split.TRAIN_SUPERVISED_GOOD));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

}
