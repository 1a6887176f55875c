package org.ispadlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ispadlab.SmokeData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus: a fresh smoke dataset damaged in one way per case (see {@link BadInputs}), bad flags and
 * bad scores files, each run through the commands it concerns ({@code data verify}, {@code train}, {@code eval},
 * {@code data sim}). Every case asserts the exit code and that the message names the file (or flag) and what was
 * expected. The README's "What the lab checks" lists them.
 */
class BadInputCorpusTest {

    @TempDir
    static Path tmp;
    static Path clean;

    @BeforeAll
    static void simulate() {
        clean = SmokeData.generate(tmp.resolve("clean"));
    }

    /** One command's expected failure: exit code and the phrases its output must hold. */
    private record Expect(Function<Path, String[]> args, int code, Function<Path, List<String>> phrases) {
    }

    private record Case(String name, Consumer<Path> damage, List<Expect> expects) {
    }

    private static final String GOOD = "LSM-1/unsupervised/test/good/00001.png";
    private static final String POINTS = "LSM-1/unsupervised/test/points/00001.png";
    private static final String POINTS_MASK = "LSM-1/unsupervised/ground_truth/points/00001_mask.png";
    private static final String REAL = "LSM-1/supervised/real/area/00001.png";
    private static final String STREAM = "LSM-1/supervised/train_stream.h5";

    /** verify and train both refuse the damage, each naming {@code file} and {@code expected}. */
    private static List<Expect> dataRefused(String file, String expected) {
        return List.of(verify(file, expected), train(file, expected));
    }

    private static Expect verify(String file, String expected) {
        return new Expect(root -> new String[] {"data", "verify", root.toString()}, 1,
                root -> List.of(file, expected));
    }

    private static Expect train(String file, String expected) {
        return new Expect(root -> trainArgs(root), 1, root -> List.of("error: ", file, expected));
    }

    /** {@code lab train} on {@code root}'s LSM-1, row none, at smoke, with {@code extra} flags (which replace those). */
    private static String[] trainArgs(Path root, String... extra) {
        java.util.Map<String, String> flags = new java.util.LinkedHashMap<>();
        flags.put("--scale", "smoke");
        flags.put("--modality", "LSM-1");
        flags.put("--data", root.toString());
        flags.put("--rows", "none");
        flags.put("--results", root.resolveSibling(root.getFileName() + "-results").toString());
        for (int i = 0; i < extra.length; i += 2) {
            flags.put(extra[i], extra[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("train"));
        flags.forEach((k, v) -> args.addAll(List.of(k, v)));
        return args.toArray(String[]::new);
    }

    /** A flag of {@code train} refused by name, before any data is read. */
    private static Case trainFlag(String name, String expected, String... flags) {
        return new Case(name, root -> { }, List.of(new Expect(root -> trainArgs(root, flags), 1,
                root -> List.of("error: ", expected))));
    }

    /** A flag of {@code data sim} refused by name; nothing is written. */
    private static Case simFlag(String name, String expected, String... flags) {
        return new Case(name, root -> { }, List.of(new Expect(root -> {
            List<String> args = new ArrayList<>(List.of("data", "sim", "--scale", "smoke", "--out",
                    root.resolveSibling(root.getFileName() + "-sim").toString()));
            args.addAll(List.of(flags));
            return args.toArray(String[]::new);
        }, 1, root -> List.of("error: ", expected))));
    }

    /** {@code lab eval} on a scores file with {@code content}. */
    private static Case scores(String name, String content, int code, String... expected) {
        return new Case(name, root -> BadInputs.writeText(root.resolve("scores.csv"), content),
                List.of(new Expect(root -> new String[] {"eval", "--scores", root.resolve("scores.csv").toString()}, code,
                        root -> code == 0 ? List.of(expected) : concat("scores.csv", expected))));
    }

    private static List<String> concat(String first, String... rest) {
        List<String> out = new ArrayList<>(List.of(first));
        out.addAll(List.of(rest));
        return out;
    }

    private static List<Case> corpus() {
        int[] stream3 = {3, 64, 64};
        return List.of(
                // patches and masks
                new Case("random bytes as a PNG", root -> BadInputs.randomBytes(root.resolve(GOOD), 2000),
                        dataRefused(GOOD, "expected a PNG file (signature")),
                new Case("truncated PNG", root -> BadInputs.truncate(root.resolve(GOOD), 0.5),
                        dataRefused(GOOD, "a truncated or damaged file of")),
                new Case("zero-byte PNG", root -> BadInputs.write(root.resolve(GOOD), new byte[0]),
                        dataRefused(GOOD, "expected a PNG file (signature")),
                new Case("16-bit PNG patch", root -> BadInputs.png16(root.resolve(GOOD), 64, 64),
                        dataRefused(GOOD, "expected an 8-bit PNG")),
                new Case("16-bit PNG real defect", root -> BadInputs.png16(root.resolve(REAL), 128, 128),
                        dataRefused(REAL, "found 16 bits per sample")),
                new Case("16-bit PNG mask", root -> BadInputs.png16(root.resolve(POINTS_MASK), 64, 64),
                        dataRefused(POINTS_MASK, "expected an 8-bit PNG")),
                new Case("missing mask", root -> BadInputs.delete(root.resolve(POINTS_MASK)),
                        dataRefused(POINTS_MASK, "expected the mask of 00001.png, found no such file")),
                new Case("mis-sized mask", root -> BadInputs.png8(root.resolve(POINTS_MASK), 32, 32, 1),
                        dataRefused(POINTS_MASK, "expected a single-channel 64x64 mask")),
                new Case("RGB mask", root -> BadInputs.png8(root.resolve(POINTS_MASK), 64, 64, 3),
                        dataRefused(POINTS_MASK, "expected a single-channel 64x64 mask")),
                new Case("grey patch in an RGB modality", root -> BadInputs.png8(root.resolve(POINTS), 64, 64, 1),
                        dataRefused(POINTS, "expected LSM-1 patches with 3 channel(s), found 1 channel(s)")),
                new Case("mis-sized patch", root -> BadInputs.png8(root.resolve(GOOD), 48, 48, 3),
                        dataRefused(GOOD, "like the rest of its folder")),
                new Case("empty split", root -> BadInputs.emptyFolder(root.resolve("LSM-1/unsupervised/test/good")),
                        dataRefused("LSM-1/unsupervised/test/good", "expected at least one .png patch")),
                new Case("missing modality", root -> BadInputs.deleteTree(root.resolve("LSM-1")),
                        dataRefused("LSM-1/", "found no such")),
                new Case("one patch missing from a split", root -> BadInputs.delete(root.resolve(GOOD)),
                        List.of(new Expect(root -> new String[] {"data", "verify", root.toString()}, 1,
                                root -> List.of("test_good", "MISMATCH", "does NOT match")))),
                // the HDF5 stream
                new Case("zero-byte HDF5 stream", root -> BadInputs.write(root.resolve(STREAM), new byte[0]),
                        dataRefused(STREAM, "found an empty file (0 bytes)")),
                new Case("HDF5 stream, last quarter cut off", root -> BadInputs.truncate(root.resolve(STREAM), 0.75),
                        dataRefused(STREAM, "a truncated file of")),
                new Case("HDF5 stream cut in half", root -> BadInputs.truncate(root.resolve(STREAM), 0.5),
                        dataRefused(STREAM, "a truncated file of")),
                new Case("random bytes as the HDF5 stream", root -> BadInputs.randomBytes(root.resolve(STREAM), 5000),
                        dataRefused(STREAM, "found no HDF5 superblock")),
                new Case("labels of another length", root -> BadInputs.stream(root.resolve(STREAM), new byte[3][64][64],
                        new byte[3][64][64], new byte[2]), dataRefused(STREAM, "expected 'labels' shaped (3)")),
                new Case("float images in the stream", root -> BadInputs.stream(root.resolve(STREAM),
                        new float[3][64][64], new byte[3][64][64], new byte[3]),
                        dataRefused(STREAM, "expected 'syn_stream' of 8-bit integers")),
                new Case("labels other than 0 and 1", root -> BadInputs.stream(root.resolve(STREAM),
                        new byte[3][64][64], new byte[3][64][64], new byte[] {0, 1, 2}),
                        dataRefused(STREAM, "expected labels 0 (fault-free) or 1 (defective), found 2 at index 2")),
                new Case("stream without masks", root -> BadInputs.stream(root.resolve(STREAM), new byte[3][64][64],
                        null, new byte[3]), dataRefused(STREAM, "expected a dataset 'ground_truth'")),
                new Case("stream images of rank 2", root -> BadInputs.stream(root.resolve(STREAM), new byte[3][64],
                        new byte[3][64][64], new byte[3]), dataRefused(STREAM, "shaped (N, H, W)")),
                new Case("masks of another shape", root -> BadInputs.stream(root.resolve(STREAM), new byte[3][64][64],
                        new byte[3][32][32], new byte[3]), dataRefused(STREAM, "expected 'ground_truth' shaped (3, 64, 64)")),
                // the dataset's own metadata and paths
                new Case("damaged declared counts", root -> BadInputs.writeText(root.resolve("ispad-sim.json"), "{\"counts\": 3"),
                        List.of(verify("ispad-sim.json", "expected the dataset's declared counts"),
                                train("ispad-sim.json", "is not ISP-AD-sim's metadata"))),
                new Case("a file as the dataset folder", root -> { },
                        List.of(new Expect(root -> new String[] {"data", "verify", root.resolve("ispad-sim.json").toString()},
                                1, root -> List.of("ispad-sim.json", "expected a dataset folder, found no such folder")))),
                new Case("a missing dataset folder", root -> { },
                        List.of(new Expect(root -> new String[] {"data", "verify", root.resolve("nowhere").toString()},
                                1, root -> List.of("nowhere", "expected a dataset folder")),
                                new Expect(root -> trainArgs(root.resolve("nowhere")), 1,
                                        root -> List.of("nowhere", "expected a dataset folder", "no such folder")))),
                // flags
                trainFlag("negative weight decay", "--weight-decay takes a finite number in [0, 1], got -5.0",
                        "--weight-decay", "-5"),
                trainFlag("zero epochs", "--epochs takes a whole number in [1, 100000], got 0", "--epochs", "0"),
                trainFlag("NaN learning rate", "--lr takes a finite number in (0, 10], got NaN", "--lr", "NaN,1e-4"),
                trainFlag("learning rates the wrong way round", "--lr takes MAX,MIN with MAX >= MIN", "--lr", "1e-4,1e-2"),
                trainFlag("p_inj above 0.25", "--p-inj takes a finite number in [0.03125, 0.25], got 0.5", "--p-inj", "0.5"),
                trainFlag("zero seeds", "--seeds takes a whole number in [1, 1000], got 0", "--seeds", "0"),
                trainFlag("an unknown row", "no row 'most'; the rows are", "--rows", "most"),
                trainFlag("an unknown scale", "--scale: unknown scale 'huge': expected one of smoke, workshop, paper",
                        "--scale", "huge"),
                trainFlag("an unknown modality", "--modality: unknown modality 'LSM-3': expected one of LSM-1, LSM-2, ASM",
                        "--modality", "LSM-3"),
                trainFlag("an unknown stream", "--stream: unknown training stream 'tape': expected hdf5 or endless",
                        "--stream", "tape"),
                simFlag("NaN factor", "--factor takes a finite number in (0, 10], got NaN", "--factor", "NaN"),
                simFlag("a factor of a billion", "--factor takes a finite number in (0, 10], got 1.0E9", "--factor", "1e9"),
                simFlag("negative contrast", "--contrast takes a finite number in (0, 20], got -1.0", "--contrast", "-1"),
                simFlag("zero minimum count", "--min-count takes a whole number in [1, 100000], got 0", "--min-count", "0"),
                // scores files
                scores("one class only", "id,label,score\na,0,0.1\nb,0,0.2\n", 1,
                        "expected defective and good images both", "found 2 images, all good"),
                scores("NaN score", "id,label,score\na,0,0.1\nb,1,NaN\n", 1, "a finite number as score on line 3"),
                scores("missing score", "id,label,score\na,0,0.1\nb,1,\n", 1, "a number as score on line 3", "found ''"),
                scores("invalid label", "id,label,score\na,maybe,0.1\nb,1,0.9\n", 1, "a label (1/0", "on line 2"),
                scores("duplicate id", "path,label,score\na.png,0,0.1\nb.png,1,0.9\na.png,1,0.8\n", 1,
                        "each image once", "'a.png' on line 2 and again on line 4"),
                scores("a field too many", "id,label,score\na,0,0.1,7\nb,1,0.9\n", 1, "3 fields on line 2", "found 4 fields"),
                scores("no label column", "id,class,score\na,0,0.1\n", 1, "columns 'label' and 'score'"),
                scores("an empty file", "", 1, "expected a header line"),
                scores("an unclosed quote", "id,label,score\n\"a,0,0.1\nb,1,0.9\n", 1, "well-formed CSV"),
                scores("quoted fields are read", "path,label,score\n\"plate 1, patch 2.png\",defective,0.9\n"
                        + "\"plate 1, patch 3.png\",good,0.1\n", 0, "2 images, 1 defective", "image AUROC 1.0000"),
                new Case("a missing scores file", root -> { }, List.of(new Expect(
                        root -> new String[] {"eval", "--scores", root.resolve("none.csv").toString()}, 1,
                        root -> List.of("none.csv", "expected a CSV file of scores, found no such file")))),
                // checkpoints
                new Case("truncated checkpoint", BadInputCorpusTest::truncatedCheckpoint, List.of(new Expect(
                        root -> trainArgs(root, "--epochs", "1", "--steps-per-epoch", "2", "--fine-tune-epochs", "0"), 1,
                        root -> List.of("cannot read back the run in", "best.params", "it is truncated", "delete")))));
    }

    /**
     * A finished one-epoch run whose best weights (all a finished run is read back from) are then cut off and whose
     * outcome is gone: reading it back must refuse.
     */
    private static void truncatedCheckpoint(Path root) {
        LabRun first = LabRun.of(trainArgs(root, "--epochs", "1", "--steps-per-epoch", "2", "--fine-tune-epochs", "0"));
        assertEquals(0, first.code(), first.err());
        Path row = root.resolveSibling(root.getFileName() + "-results").resolve("LSM-1/seed-7/none");
        BadInputs.delete(row.resolve("outcome.json"));
        BadInputs.truncate(row.resolve("run/best.params"), 0.6);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseFailsNamingTheFileAndWhatWasExpected() {
        List<Case> cases = corpus();
        assertTrue(cases.size() >= 30, "the corpus holds " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path root = BadInputs.copy(clean, tmp.resolve("case-" + cases.indexOf(c)));
            c.damage().accept(root);
            for (Expect e : c.expects()) {
                String[] args = e.args().apply(root);
                LabRun r = LabRun.of(args);
                String all = r.out() + r.err();
                assertEquals(e.code(), r.code(), String.join(" ", args) + "\n" + all);
                for (String phrase : e.phrases().apply(root)) {
                    assertTrue(all.contains(phrase), "'" + phrase + "' missing from the output of "
                            + String.join(" ", args) + ":\n" + all);
                }
                assertFalse(all.contains(": null"), "a message without its reason:\n" + all);
            }
            assertFalse(Files.exists(root.resolveSibling(root.getFileName() + "-sim")), "a refused sim writes nothing");
        }));
    }
}
