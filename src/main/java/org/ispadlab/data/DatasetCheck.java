package org.ispadlab.data;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Counts what a dataset folder holds, split by split, checks every file on the way (PNG headers, masks,
 * the HDF5 stream) and compares the counts with what the dataset should hold: the counts it declares
 * ({@code ispad-sim.json} for ISP-AD-sim) or else the paper's (Table 7).
 */
public final class DatasetCheck {

    /** A dataset's own declaration of its counts per modality and split, at its root (ISP-AD-sim writes one). */
    public static final String DECLARED_COUNTS = "ispad-sim.json";

    /** The verdict on one split of one modality. */
    public record Row(Modality modality, Split split, int found, int expected, int paper, String problem) {
        public boolean ok() {
            return problem == null && found == expected;
        }
    }

    private final DatasetLayout layout;
    private final Manifest manifest;
    private final Map<Modality, Map<Split, Integer>> expected;

    private DatasetCheck(DatasetLayout layout, Manifest manifest, Map<Modality, Map<Split, Integer>> expected) {
        this.layout = layout;
        this.manifest = manifest;
        this.expected = expected;
    }

    public static DatasetCheck of(Path root, Manifest manifest) {
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root, "a dataset folder", "no such folder");
        }
        return new DatasetCheck(DatasetLayout.of(root, manifest), manifest, expectedCounts(root, manifest));
    }

    /** Every split of every modality, checked. */
    public List<Row> rows() {
        PatchFolders folders = new PatchFolders(layout);
        List<Row> rows = new ArrayList<>();
        for (Modality m : Modality.values()) {
            rows.add(row(m, Split.TRAIN_UNSUPERVISED_GOOD, () -> folders.trainGood(m)));
            rows.addAll(streamRows(m));
            for (DefectGroup g : DefectGroup.values()) {
                rows.add(row(m, Split.realTraining(g), () -> folders.realDefects(m, g)));
            }
            rows.add(row(m, Split.TEST_GOOD, () -> folders.testGood(m)));
            for (DefectGroup g : DefectGroup.values()) {
                rows.add(row(m, Split.test(g), () -> folders.testDefects(m, g)));
            }
            rows.add(row(m, Split.EXTRA_UNAUGMENTED_GOOD, () -> folders.extraGood(m)));
        }
        return rows;
    }

    /** The rows as a table: modality, split, files found, expected here, the paper's count, status. */
    public static Table table(List<Row> rows) {
        return Table.create("Dataset splits",
                StringColumn.create("modality", rows.stream().map(r -> r.modality().id())),
                StringColumn.create("split", rows.stream().map(r -> r.split().key())),
                IntColumn.create("found", rows.stream().mapToInt(Row::found).toArray()),
                IntColumn.create("expected", rows.stream().mapToInt(Row::expected).toArray()),
                IntColumn.create("paper", rows.stream().mapToInt(Row::paper).toArray()),
                StringColumn.create("status", rows.stream().map(DatasetCheck::status)));
    }

    /** Table 7 as in the paper: one row per split, found and paper counts per modality side by side. */
    public static Table table7(List<Row> rows) {
        Table t = Table.create("Table 7: splits on disk (found) beside the paper's counts",
                StringColumn.create("split", java.util.Arrays.stream(Split.values()).map(Split::key)));
        for (Modality m : Modality.values()) {
            int[] found = new int[Split.values().length];
            int[] paper = new int[Split.values().length];
            for (Row r : rows) {
                if (r.modality() == m) {
                    found[r.split().ordinal()] = r.found();
                    paper[r.split().ordinal()] = r.paper();
                }
            }
            t.addColumns(IntColumn.create(m.id() + " found", found), IntColumn.create(m.id() + " paper", paper));
        }
        return t;
    }

    /** Percent of a modality's test patches that are defective, on disk or ({@code paper}) in Table 7. */
    public static double testDefectShare(List<Row> rows, Modality m, boolean paper) {
        int good = 0;
        int defective = 0;
        for (Row r : rows) {
            if (r.modality() != m) {
                continue;
            }
            int n = paper ? r.paper() : r.found();
            if (r.split() == Split.TEST_GOOD) {
                good = n;
            } else if (r.split() == Split.TEST_AREA || r.split() == Split.TEST_POINTS) {
                defective += n;
            }
        }
        return good + defective == 0 ? 0 : 100.0 * defective / (good + defective);
    }

    public static String status(Row r) {
        if (r.problem() != null) {
            return "ERROR " + r.problem();
        }
        if (r.found() == r.expected()) {
            return "ok";
        }
        if (r.split() == Split.TRAIN_SUPERVISED_SYNTHETIC && r.found() == 0) {
            return "pending: the synthetic half is written by the defect synthesis";
        }
        return "MISMATCH";
    }

    /** True when every split is as expected, a not yet synthesized half aside. */
    public static boolean passes(List<Row> rows) {
        return rows.stream().allMatch(r -> r.ok() || (r.problem() == null && r.split() == Split.TRAIN_SUPERVISED_SYNTHETIC && r.found() == 0));
    }

    /** A split's files, each decoded (a header can be intact in a truncated file), masks included. */
    private Row row(Modality m, Split split, Supplier<List<LabeledPatch>> files) {
        int paper = manifest.count(m, split);
        try {
            List<LabeledPatch> patches = files.get();
            for (LabeledPatch p : patches) {
                p.load();
                if (p.mask() != null) {
                    p.loadMask();
                }
            }
            return new Row(m, split, patches.size(), expected(m, split), paper, null);
        } catch (DataFormatException e) {
            return new Row(m, split, 0, expected(m, split), paper, e.getMessage());
        }
    }

    /** The stream's fault-free and defective entries, or its problem on both rows. */
    private List<Row> streamRows(Modality m) {
        int good = 0;
        int defective = 0;
        String problem = null;
        try (SupervisedStream s = SupervisedStream.open(layout.stream(m), manifest.layout())) {
            defective = s.defectiveCount();
            good = s.size() - defective;
        } catch (DataFormatException e) {
            problem = e.getMessage();
        }
        Split g = Split.TRAIN_SUPERVISED_GOOD;
        Split d = Split.TRAIN_SUPERVISED_SYNTHETIC;
        return List.of(new Row(m, g, good, expected(m, g), manifest.count(m, g), problem),
                new Row(m, d, defective, expected(m, d), manifest.count(m, d), problem));
    }

    private int expected(Modality m, Split split) {
        return expected.get(m).get(split);
    }

    private static Map<Modality, Map<Split, Integer>> expectedCounts(Path root, Manifest manifest) {
        Path declared = root.resolve(DECLARED_COUNTS);
        if (!Files.isRegularFile(declared)) {
            return manifest.counts();
        }
        try (Reader in = Files.newBufferedReader(declared)) {
            JsonObject counts = JsonParser.parseReader(in).getAsJsonObject().getAsJsonObject("counts");
            Map<Modality, Map<Split, Integer>> out = new EnumMap<>(Modality.class);
            for (Modality m : Modality.values()) {
                Map<Split, Integer> perSplit = new EnumMap<>(Split.class);
                for (Split s : Split.values()) {
                    perSplit.put(s, counts.getAsJsonObject(m.id()).get(s.key()).getAsInt());
                }
                out.put(m, perSplit);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(declared, "the dataset's declared counts (JSON with counts per modality and split)",
                    String.valueOf(e.getMessage()));
        }
    }
}
