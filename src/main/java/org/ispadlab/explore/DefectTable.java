package org.ispadlab.explore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.DefectStats;
import org.ispadlab.data.LabeledPatch;
import org.ispadlab.data.Modality;
import org.ispadlab.data.PatchFolders;
import org.ispadlab.io.SafeFiles;
import org.ispadlab.sim.SimDefects;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One row per test image of a modality: what the image is (group, defect class, the mask's area, contrast ratio
 * and centroid) and, for every model found in the caches, its score and whether it flags the image at the
 * F1-optimal and at the honest threshold. Rows are in the test split's order, the order every cache keeps its
 * scores in; a model whose scores are of another length is refused.
 */
public final class DefectTable {

    /**
     * One test image. {@code defectClass} is ISP-AD-sim's class from its {@code defects.csv} (the real dataset
     * names groups only: there it is the group); the mask figures are NaN (and 0 px) for fault-free images.
     */
    public record Image(int index, String id, String group, String defectClass, int areaPx, double areaPct,
                        double contrastRatio, double centroidX, double centroidY, LabeledPatch patch) {
        public boolean defective() {
            return !group.equals("good");
        }
    }

    private final Modality modality;
    private final List<Image> images;
    private final List<ExploredModel> models;
    private final List<MissingModel> missing;

    public DefectTable(Modality modality, List<Image> images, List<ExploredModel> models, List<MissingModel> missing) {
        for (ExploredModel m : models) {
            if (m.scores().length != images.size()) {
                throw new IllegalArgumentException(m.name() + " scored " + m.scores().length + " test images; "
                        + modality + "'s test split has " + images.size() + ": its cache is of other data");
            }
        }
        this.modality = modality;
        this.images = List.copyOf(images);
        this.models = List.copyOf(models);
        this.missing = List.copyOf(missing);
    }

    /** The test split of {@code modality} with its masks measured, and the models {@code found} in the caches. */
    public static DefectTable of(DatasetLayout layout, Modality modality, ModelCatalogue.Found found) {
        return new DefectTable(modality, images(layout, modality), found.models(), found.missing());
    }

    /** The test images in the caches' order: fault-free, then each defect group. */
    public static List<Image> images(DatasetLayout layout, Modality modality) {
        boolean sim = Files.isRegularFile(layout.root().resolve(modality.id()).resolve("defects.csv"));
        Map<String, String> classes = new HashMap<>();
        if (sim) {
            for (DefectGroup g : DefectGroup.values()) {
                SimDefects.testClasses(layout, modality, g).forEach((file, c) -> classes.put(g.folder() + "/" + file, c));
            }
        }
        List<Image> out = new ArrayList<>();
        for (LabeledPatch p : new PatchFolders(layout).test(modality)) {
            String name = p.image().getFileName().toString();
            if (!p.defective()) {
                out.add(new Image(out.size(), "good/" + name, "good", "good", 0, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, p));
                continue;
            }
            String group = p.group().folder();
            DefectStats s = DefectStats.of(p, modality);
            out.add(new Image(out.size(), group + "/" + name, group, classes.getOrDefault(group + "/" + name, group),
                    s.areaPx(), 100 * s.areaFraction(), s.contrastRatio(), s.centroidX(), s.centroidY(), p));
        }
        return out;
    }

    public Modality modality() {
        return modality;
    }

    public List<Image> images() {
        return images;
    }

    public List<ExploredModel> models() {
        return models;
    }

    public List<MissingModel> missing() {
        return missing;
    }

    public ExploredModel model(String name) {
        return new ModelCatalogue.Found(models, missing).model(name);
    }

    /** The images of a group ("good", "points", "area") or, with {@code byClass}, of a defect class. */
    public List<Image> subset(String name, boolean byClass) {
        return images.stream().filter(i -> (byClass ? i.defectClass() : i.group()).equals(name)).toList();
    }

    /** The defect classes of the test split, in the order they first appear. */
    public List<String> classes() {
        return images.stream().filter(Image::defective).map(Image::defectClass).distinct().toList();
    }

    /** The table itself: one row per image, three columns per model (score, flagged at F1-optimal and honest). */
    public Table table() {
        StringColumn id = StringColumn.create("id");
        StringColumn group = StringColumn.create("group");
        StringColumn cls = StringColumn.create("class");
        IntColumn area = IntColumn.create("area px");
        DoubleColumn areaPct = DoubleColumn.create("area %");
        DoubleColumn contrast = DoubleColumn.create("contrast ratio");
        DoubleColumn cx = DoubleColumn.create("centroid x");
        DoubleColumn cy = DoubleColumn.create("centroid y");
        for (Image i : images) {
            id.append(i.id());
            group.append(i.group());
            cls.append(i.defectClass());
            area.append(i.areaPx());
            areaPct.append(round(i.areaPct()));
            contrast.append(round(i.contrastRatio()));
            cx.append(round(i.centroidX()));
            cy.append(round(i.centroidY()));
        }
        Table t = Table.create("Every test image of " + modality + " and every cached model").addColumns(id, group,
                cls, area, areaPct, contrast, cx, cy);
        for (ExploredModel m : models) {
            FloatColumn score = FloatColumn.create(m.name(), m.scores());
            BooleanColumn optimal = BooleanColumn.create(m.name() + " flagged@F1");
            BooleanColumn honest = BooleanColumn.create(m.name() + " flagged@honest");
            for (int k = 0; k < images.size(); k++) {
                optimal.append(m.flaggedAtOptimal(k));
                honest.append(m.flaggedAtHonest(k));
            }
            t.addColumns(score, optimal, honest);
        }
        return t;
    }

    /** The models found and those missing, with the command that makes each missing one. */
    public Table inventory() {
        StringColumn name = StringColumn.create("model");
        StringColumn title = StringColumn.create("what");
        StringColumn nb = StringColumn.create("notebook");
        StringColumn state = StringColumn.create("cached");
        for (ExploredModel m : models) {
            name.append(m.name());
            title.append(m.title());
            nb.append(m.notebook());
            state.append(String.format(Locale.ROOT, "yes (thresholds: F1-optimal %.4g, honest %.4g)",
                    m.optimalThreshold(), m.honestThreshold()));
        }
        for (MissingModel m : missing) {
            name.append(m.name());
            title.append(m.title());
            nb.append(m.notebook());
            state.append("no: " + m.command());
        }
        return Table.create("Models of " + modality + " in the caches").addColumns(name, title, nb, state);
    }

    /**
     * Writes the table as CSV (Apache Commons CSV, RFC 4180): {@code id}, {@code label} (1 defective, 0 good), the
     * image's columns, then per model {@code MODEL} (its score, readable with {@code lab eval --scores FILE --column
     * MODEL}), {@code MODEL flagged@F1} and {@code MODEL flagged@honest} (1/0). Written atomically.
     */
    public void writeCsv(Path file) {
        List<String> header = new ArrayList<>(List.of("id", "label", "group", "class", "area_px", "area_pct",
                "contrast_ratio", "centroid_x", "centroid_y"));
        for (ExploredModel m : models) {
            header.addAll(List.of(m.name(), m.name() + " flagged@F1", m.name() + " flagged@honest"));
        }
        SafeFiles.writeAtomically(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new))
                         .get())) {
                for (Image i : images) {
                    List<Object> row = new ArrayList<>(List.of(i.id(), i.defective() ? 1 : 0, i.group(),
                            i.defectClass(), i.areaPx(), number(i.areaPct()), number(i.contrastRatio()),
                            number(i.centroidX()), number(i.centroidY())));
                    for (ExploredModel m : models) {
                        row.add(Float.toString(m.scores()[i.index()]));
                        row.add(m.flaggedAtOptimal(i.index()) ? 1 : 0);
                        row.add(m.flaggedAtHonest(i.index()) ? 1 : 0);
                    }
                    csv.printRecord(row);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        });
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }
}
