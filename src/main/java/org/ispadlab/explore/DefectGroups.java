package org.ispadlab.explore;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.data.AnomalyMapFiles;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.ispadlab.train.SupervisedData;
import org.ispadlab.viz.Charts;
import org.ispadlab.viz.Galleries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Notebook 06's explorer of one modality's defect groups at a scale: the per-defect table over every cached model,
 * recall per group and class with intervals, what the misses share, galleries with where each model looks, the
 * synthetic-real gap in the cold start's features, and which defects which kinds of model catch. Reads the caches
 * of notebooks 03-05; never trains.
 */
public final class DefectGroups implements AutoCloseable {

    /** The seed of every bootstrap and of t-SNE: same caches, same tables and pictures. */
    public static final long SEED = 6;
    private static final int TILE = 128;

    /** Which cases a gallery shows, each model at its honest threshold. */
    public enum Cases {
        /** Defects the model does not flag, lowest score first. */
        MISSED,
        /** Fault-free images the model flags, highest score first. */
        FALSE_ALARMS,
        /** The group's images nearest the threshold, on either side. */
        NEAREST_THRESHOLD
    }

    private final Scale scale;
    private final DefectTable table;
    private final SupervisedData data;
    private final Map<String, Attention> attention = new HashMap<>();
    private SyntheticGap.Result gap;

    private DefectGroups(Scale scale, DefectTable table, SupervisedData data) {
        this.scale = scale;
        this.table = table;
        this.data = data;
    }

    /** The modality's test split and every model the caches hold for it at {@code scale}. */
    public static DefectGroups open(Scale scale, Modality modality) {
        DatasetLayout layout = LabData.open(scale);
        DefectTable table = DefectTable.of(layout, modality, ModelCatalogue.find(layout, modality, scale));
        return new DefectGroups(scale, table, new SupervisedData(layout, modality));
    }

    public DefectTable table() {
        return table;
    }

    /** The models named (all cached ones when {@code names} is empty), in the table's order. */
    public List<ExploredModel> models(List<String> names) {
        if (names.isEmpty()) {
            return table.models();
        }
        return names.stream().map(table::model).toList();
    }

    /** A cached model by name, if the caches hold it (e.g. {@code 04:none}, the cold start). */
    public java.util.Optional<ExploredModel> find(String name) {
        return table.models().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Recall per group (points, area) or per defect class, with 95 % bootstrap intervals, and AUROC vs good. */
    public Table recall(List<ExploredModel> models, boolean byClass) {
        return GroupRecall.table(String.format("Recall per defect %s, %s at %s", byClass ? "class" : "group",
                table.modality(), scale.label()), GroupRecall.cells(table, models, byClass, SEED));
    }

    /** Recall at the fixed FPR per model (rows) and defect class (columns). */
    public HeatMapChart recallHeatmap(List<ExploredModel> models) {
        List<String> classes = table.classes();
        List<String> names = models.stream().map(ExploredModel::name).toList();
        double[][] m = GroupRecall.matrix(GroupRecall.cells(table, models, true, SEED), names, classes);
        List<String> columns = classes.stream().map(c -> c + " (" + table.subset(c, true).size() + ")").toList();
        return Charts.heatmap(String.format(Locale.ROOT, "Recall at %.0f %% FPR per defect class, %s",
                100 * GroupRecall.FPR, table.modality()), columns, names, m);
    }

    /** Recall against the mask's area (px), {@code bins} equal-count bins, one line per model. */
    public XYChart recallAgainstArea(List<ExploredModel> models, int bins) {
        XYChart chart = Charts.lines(String.format(Locale.ROOT, "Recall at %.0f %% FPR against defect area, %s",
                        100 * GroupRecall.FPR, table.modality()), "mask area, px (median of the bin)", "recall",
                MissProfile.recallBy(table, models, DefectTable.Image::areaPx, bins));
        chart.getStyler().setXAxisLogarithmic(true); // point defects of tens of px beside area defects of thousands
        return chart;
    }

    /** Recall against the contrast ratio, {@code bins} equal-count bins, one line per model. */
    public XYChart recallAgainstContrast(List<ExploredModel> models, int bins) {
        return Charts.lines(String.format(Locale.ROOT, "Recall at %.0f %% FPR against contrast ratio, %s",
                        100 * GroupRecall.FPR, table.modality()), "contrast ratio (median of the bin)", "recall",
                MissProfile.recallBy(table, models, DefectTable.Image::contrastRatio, bins));
    }

    /** A model's score histograms of good, points and area, with its three thresholds. */
    public XYChart scoreHistograms(ExploredModel model) {
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("honest threshold", model.honestThreshold());
        thresholds.put("F1-optimal threshold", model.optimalThreshold());
        thresholds.put(String.format(Locale.ROOT, "%.0f %% FPR threshold", 100 * GroupRecall.FPR),
                MissProfile.thresholdAtFpr(table, model));
        return Charts.scoreHistograms(model.name() + ": scores per group, " + table.modality(),
                model.supervised() ? "P(defective)" : "anomaly score", MissProfile.histograms(table, model, 30),
                thresholds);
    }

    /** The indices of a gallery's cases ({@code group}: good, points or area), at most {@code count}. */
    public List<Integer> cases(ExploredModel model, String group, Cases kind, int count) {
        double t = model.honestThreshold();
        float[] s = model.scores();
        var images = table.subset(group, false).stream().map(DefectTable.Image::index);
        return switch (kind) {
            case MISSED -> images.filter(i -> !model.flaggedAtHonest(i) && !group.equals("good"))
                    .sorted(Comparator.comparingDouble(i -> s[i])).limit(count).toList();
            case FALSE_ALARMS -> images.filter(i -> model.flaggedAtHonest(i) && group.equals("good"))
                    .sorted(Comparator.comparingDouble(i -> -s[i])).limit(count).toList();
            case NEAREST_THRESHOLD -> images.sorted(Comparator.comparingDouble(i -> Math.abs(s[i] - t))).limit(count)
                    .toList();
        };
    }

    /**
     * A gallery: each case with the model's map over it (Grad-CAM for a classifier, the anomaly map for an
     * unsupervised method where its cache kept it) and the mask's outline; captions give the score against the
     * honest threshold and the defect class.
     */
    public BufferedImage gallery(ExploredModel model, List<Integer> indices) {
        List<float[]> maps = attention(model).maps(indices);
        List<Galleries.Case> cases = new ArrayList<>();
        for (int k = 0; k < indices.size(); k++) {
            DefectTable.Image i = table.images().get(indices.get(k));
            Image8 base = model.supervised() ? data.test().images().get(i.index()) : i.patch().load();
            cases.add(new Galleries.Case(base, i.defective() ? i.patch().loadMask() : null, maps.get(k),
                    String.format(Locale.ROOT, "%s %.3g%s", i.defectClass(), model.scores()[i.index()],
                            maps.get(k) == null ? " (no map)" : "")));
        }
        return Galleries.cases(cases, 6, TILE);
    }

    /** A gallery of defects, each with every model's map beside it (e.g. the defects missed by all). */
    public BufferedImage galleryAcross(List<ExploredModel> models, List<Integer> indices) {
        List<Galleries.Case> cases = new ArrayList<>();
        for (int index : indices) {
            DefectTable.Image i = table.images().get(index);
            Image8 mask = i.defective() ? i.patch().loadMask() : null;
            cases.add(new Galleries.Case(i.patch().load(), mask, null, i.id() + " " + i.defectClass()));
            for (ExploredModel m : models) {
                Image8 base = m.supervised() ? data.test().images().get(index) : i.patch().load();
                float[] map = attention(m).map(index);
                cases.add(new Galleries.Case(base, mask, map, m.name() + String.format(Locale.ROOT, " %.3g%s",
                        m.scores()[index], map == null ? " (no map)" : "")));
            }
        }
        return Galleries.cases(cases, 1 + models.size(), TILE);
    }

    /**
     * Does a model look at the defect: per group, the mean share of its map's mass inside the mask and the share of
     * maps whose peak lies inside, over every defect of the group (a classifier's Grad-CAM, and occlusion at the
     * same 8x8 cells as its check) or over the maps the cache kept (an unsupervised method's hardest cases); beside
     * them the mean mask area share, what a map spread evenly would score.
     */
    public Table mapMass(List<ExploredModel> models) {
        StringColumn model = StringColumn.create("model");
        StringColumn group = StringColumn.create("defects");
        StringColumn kind = StringColumn.create("map");
        IntColumn maps = IntColumn.create("maps");
        DoubleColumn mass = DoubleColumn.create("mass in mask");
        DoubleColumn peak = DoubleColumn.create("peak in mask");
        DoubleColumn chance = DoubleColumn.create("mask area share");
        for (ExploredModel m : models) {
            for (String g : List.of("points", "area")) {
                List<DefectTable.Image> images = table.subset(g, false);
                List<Integer> idx = images.stream().map(DefectTable.Image::index).toList();
                Map<String, List<float[]>> kinds = new LinkedHashMap<>();
                kinds.put(m.supervised() ? "Grad-CAM" : "anomaly map", attention(m).maps(idx));
                if (m.supervised()) {
                    int cell = data.size() / Attention.MIN_CAM_SIDE;
                    kinds.put("occlusion", idx.stream().map(i -> attention(m).occlusion(i, cell, cell)).toList());
                }
                kinds.forEach((name, list) -> {
                    double[] sums = new double[3];
                    int n = 0;
                    for (int k = 0; k < images.size(); k++) {
                        float[] map = list.get(k);
                        boolean[] mask = map == null ? null
                                : AnomalyMapFiles.readMask(images.get(k).patch().mask(), data.size(), data.size());
                        double share = map == null ? Double.NaN : Attention.massInMask(map, mask);
                        if (!Double.isNaN(share)) {
                            sums[0] += share;
                            sums[1] += Attention.peakInMask(map, mask) ? 1 : 0;
                            sums[2] += images.get(k).areaPct() / 100;
                            n++;
                        }
                    }
                    model.append(m.name());
                    group.append(g);
                    kind.append(name);
                    maps.append(n);
                    mass.append(n == 0 ? Double.NaN : round(sums[0] / n));
                    peak.append(n == 0 ? Double.NaN : round(sums[1] / n));
                    chance.append(n == 0 ? Double.NaN : round(sums[2] / n));
                });
            }
        }
        return Table.create("Where the models look, " + table.modality()).addColumns(model, group, kind, maps, mass,
                peak, chance);
    }

    /** The synthetic-real gap in the cold start's features (computed once, seeded). */
    public SyntheticGap.Result syntheticGap() {
        if (gap == null) {
            gap = SyntheticGap.measure(table.model("04:none"), table, data.test().images(), data.heldOutSynthetic(),
                    SEED);
        }
        return gap;
    }

    /** The cold start's features in 2-D (t-SNE or PCA), coloured by group and by hit or miss. */
    public XYChart syntheticGapChart(boolean tsne) {
        SyntheticGap.Result r = syntheticGap();
        String how = tsne ? "t-SNE" : String.format(Locale.ROOT, "PCA (%.0f %% of the variance)", 100 * r.explained());
        return Charts.scatter("The cold start's features, " + table.modality() + ", " + how, how + " 1", how + " 2",
                r.series(tsne));
    }

    /** Which defects which kinds of model catch, per group. */
    public Agreement.Sets agreement(List<ExploredModel> models) {
        return Agreement.of(table, models);
    }

    public Table agreementTable(List<ExploredModel> models) {
        return Agreement.table(table, agreement(models), models);
    }

    private Attention attention(ExploredModel m) {
        return attention.computeIfAbsent(m.name(), k -> new Attention(m, data.test().images()));
    }

    private static double round(double v) {
        return Math.round(1000 * v) / 1000.0;
    }

    @Override
    public void close() {
        attention.values().forEach(Attention::close);
        data.close();
    }
}
