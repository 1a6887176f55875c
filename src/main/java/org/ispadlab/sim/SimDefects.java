package org.ispadlab.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.StatUtils;
import org.ispadlab.data.DataFormatException;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.DefectStats;
import org.ispadlab.data.Image8;
import org.ispadlab.data.LabeledPatch;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.data.PatchFolders;
import org.ispadlab.data.PatchNovelty;
import org.ispadlab.data.Split;
import org.ispadlab.data.SupervisedStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The defect class of each simulated defect, from the {@code defects.csv} ISP-AD-sim writes per modality. The
 * real dataset gives groups only; the sim also knows the class (fibre, squeegee stroke...).
 */
public final class SimDefects {

    private SimDefects() {
    }

    /**
     * Per modality and simulated defect class: how many test defects lie inside the envelope of the stream's
     * synthetic defects ({@link DefectStats#coveredBy}); a low share is a class synthesis does not cover.
     */
    public static Table synthesisCoverage(DatasetLayout layout, Manifest manifest, int syntheticSample) {
        Table t = Table.create("Real test defects inside the envelope of the synthetic ones",
                StringColumn.create("modality"), StringColumn.create("class"), IntColumn.create("defects"),
                DoubleColumn.create("covered_pct"));
        PatchFolders folders = new PatchFolders(layout);
        for (Modality m : Modality.values()) {
            List<DefectStats> synthetic = new ArrayList<>();
            try (SupervisedStream stream = SupervisedStream.open(layout.stream(m), manifest.layout())) {
                for (int i = 0; i < stream.size() && synthetic.size() < syntheticSample; i++) {
                    if (stream.label(i) == 1) {
                        synthetic.add(DefectStats.of("stream[" + i + "]", m, "synthetic", stream.image(i), stream.mask(i)));
                    }
                }
            }
            Map<String, int[]> byClass = new LinkedHashMap<>();
            for (DefectGroup g : DefectGroup.values()) {
                Map<String, String> classes = testClasses(layout, m, g);
                List<LabeledPatch> patches = folders.testDefects(m, g);
                List<DefectStats> real = patches.stream().map(p -> DefectStats.of(p, m)).toList();
                boolean[] covered = DefectStats.coveredBy(real, synthetic);
                for (int i = 0; i < covered.length; i++) {
                    int[] counts = byClass.computeIfAbsent(classes.getOrDefault(patches.get(i).image().getFileName().toString(), "?"), k -> new int[2]);
                    counts[0]++;
                    counts[1] += covered[i] ? 1 : 0;
                }
            }
            byClass.forEach((cls, counts) -> {
                t.stringColumn("modality").append(m.id());
                t.stringColumn("class").append(cls);
                t.intColumn("defects").append(counts[0]);
                t.doubleColumn("covered_pct").append(100.0 * counts[1] / counts[0]);
            });
        }
        return t;
    }

    /** Patches of each kind whose novelty ratio is measured (the nearest-window search is the slow part). */
    public static final int NOVELTY_SAMPLE = 64;

    /**
     * How visible a dataset's defects are, the figure that tells the scales apart: per modality and kind (the
     * stream's synthetic defects, up to {@code syntheticSample} of them; the test split's points and area defects),
     * the median mask area, the median contrast / ring-std ratio ({@link DefectStats#contrastRatio}) and the median
     * novelty ratio ({@link PatchNovelty}: the bank is the unsupervised training split's fault-free patches, the unit
     * the test split's; the first {@value #NOVELTY_SAMPLE} patches of each kind), which sees structural defects the
     * contrast ratio cannot.
     */
    public static Table visibility(DatasetLayout layout, Manifest manifest, int syntheticSample) {
        Table t = Table.create("Defect visibility (medians)", StringColumn.create("modality"),
                StringColumn.create("kind"), IntColumn.create("defects"), DoubleColumn.create("area_px"),
                DoubleColumn.create("contrast"), DoubleColumn.create("contrast_ratio"),
                DoubleColumn.create("novelty_ratio"));
        PatchFolders folders = new PatchFolders(layout);
        for (Modality m : Modality.values()) {
            PatchNovelty novelty = new PatchNovelty(load(folders.trainGood(m)), load(folders.testGood(m)));
            Map<String, List<DefectStats>> byKind = new LinkedHashMap<>();
            Map<String, List<Double>> noveltyByKind = new LinkedHashMap<>();
            List<DefectStats> synthetic = new ArrayList<>();
            List<Double> syntheticNovelty = new ArrayList<>();
            try (SupervisedStream stream = SupervisedStream.open(layout.stream(m), manifest.layout())) {
                for (int i = 0; i < stream.size() && synthetic.size() < syntheticSample; i++) {
                    if (stream.label(i) == 1) {
                        synthetic.add(DefectStats.of("stream[" + i + "]", m, "synthetic", stream.image(i), stream.mask(i)));
                        if (syntheticNovelty.size() < NOVELTY_SAMPLE) {
                            syntheticNovelty.add(novelty.ratio(stream.image(i), stream.mask(i)));
                        }
                    }
                }
            }
            byKind.put("synthetic", synthetic);
            noveltyByKind.put("synthetic", syntheticNovelty);
            for (DefectGroup g : DefectGroup.values()) {
                List<LabeledPatch> patches = folders.testDefects(m, g);
                byKind.put(g.folder(), patches.stream().map(p -> DefectStats.of(p, m)).toList());
                noveltyByKind.put(g.folder(), patches.stream().limit(NOVELTY_SAMPLE)
                        .map(p -> novelty.ratio(p.load(), p.loadMask())).toList());
            }
            byKind.forEach((kind, stats) -> {
                t.stringColumn("modality").append(m.id());
                t.stringColumn("kind").append(kind);
                t.intColumn("defects").append(stats.size());
                t.doubleColumn("area_px").append(median(stats.stream().mapToDouble(DefectStats::areaPx).toArray()));
                t.doubleColumn("contrast").append(median(stats.stream().mapToDouble(d -> Math.abs(d.contrast())).toArray()));
                t.doubleColumn("contrast_ratio").append(median(stats.stream().mapToDouble(DefectStats::contrastRatio)
                        .filter(Double::isFinite).toArray()));
                t.doubleColumn("novelty_ratio").append(median(noveltyByKind.get(kind).stream()
                        .mapToDouble(Double::doubleValue).toArray()));
            });
        }
        // medians of a few hundred patches: more digits would only be noise
        t.doubleColumn("area_px").setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(0));
        t.doubleColumn("contrast").setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        t.doubleColumn("contrast_ratio").setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        t.doubleColumn("novelty_ratio").setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        return t;
    }

    private static List<Image8> load(List<LabeledPatch> patches) {
        return patches.stream().limit(NOVELTY_SAMPLE).map(LabeledPatch::load).toList();
    }

    /**
     * The visibility each scale's preset documents ({@code "visibility"} in {@code sim-presets.json}: medians
     * measured by {@link #visibility} on the preset's own data), as a table like {@link #visibility}'s, one
     * block per scale that has one: what the README and notebook 01 compare the scales with.
     */
    public static Table documentedVisibility() {
        Table t = Table.create("Defect visibility documented per scale (medians)", StringColumn.create("scale"),
                StringColumn.create("modality"), StringColumn.create("kind"), DoubleColumn.create("area_px"),
                DoubleColumn.create("area_pct"), DoubleColumn.create("contrast_ratio"), DoubleColumn.create("novelty_ratio"));
        for (org.ispadlab.Scale scale : org.ispadlab.Scale.values()) {
            SimPreset preset = SimPreset.of(scale);
            preset.visibility().forEach((key, v) -> {
                String[] mk = key.split("/");
                t.stringColumn("scale").append(scale.label());
                t.stringColumn("modality").append(mk[0]);
                t.stringColumn("kind").append(mk[1]);
                t.doubleColumn("area_px").append(v[0]);
                t.doubleColumn("area_pct").append(100 * v[0] / ((double) preset.patchSize() * preset.patchSize()));
                t.doubleColumn("contrast_ratio").append(v[1]);
                t.doubleColumn("novelty_ratio").append(v[2]);
            });
        }
        return t;
    }

    private static double median(double[] values) {
        return values.length == 0 ? Double.NaN : StatUtils.percentile(values, 50);
    }

    /** File name to class label of the test defects of a group, e.g. "00003.png" to "squeegee". */
    public static Map<String, String> testClasses(DatasetLayout layout, Modality m, DefectGroup g) {
        return classes(layout, m, Split.test(g));
    }

    /** File name to class label of one split's defects, e.g. the real training defects' "00003.png" to "grid". */
    public static Map<String, String> classes(DatasetLayout layout, Modality m, Split split) {
        Path file = layout.root().resolve(m.id()).resolve("defects.csv");
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "ISP-AD-sim's defect table (the real dataset has none)", "no such file");
        }
        try {
            List<String> lines = Files.readAllLines(file);
            Map<String, String> classes = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (f.length >= 4 && f[0].equals(split.key())) {
                    classes.put(f[1], f[3]);
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
