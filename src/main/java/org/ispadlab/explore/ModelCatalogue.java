package org.ispadlab.explore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.bench.InferenceTiming;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Modality;
import org.ispadlab.experiment.BackboneAblation;
import org.ispadlab.experiment.FeatureSources;
import org.ispadlab.experiment.FractionScaling;
import org.ispadlab.experiment.Preparation;
import org.ispadlab.experiment.UnsupervisedComparison.Method;
import org.ispadlab.experiment.UnsupervisedComparison;
import org.ispadlab.model.Backbone;
import org.ispadlab.train.InjectionSampler;
import org.ispadlab.train.TrainConfig;
import org.ispadlab.train.TrainListener;

/**
 * Every model notebooks 03-05 train at a scale, looked up in their caches (the same folders, settings and seeds the
 * notebooks use, see {@link Preparation}): found ones with their per-image scores, missing ones with the command
 * that makes them. Nothing is trained.
 */
public final class ModelCatalogue {

    /** What the caches hold for one modality. */
    public record Found(List<ExploredModel> models, List<MissingModel> missing) {
        public ExploredModel model(String name) {
            return models.stream().filter(m -> m.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no cached model '" + name + "'; cached: "
                            + models.stream().map(ExploredModel::name).toList() + "; missing: "
                            + missing.stream().map(MissingModel::name).toList()));
        }
    }

    private ModelCatalogue() {
    }

    /** Notebook 04's rows, notebook 03's backbones (LSM-1 only, as the paper), notebook 05's methods. */
    public static Found find(DatasetLayout layout, Modality modality, Scale scale) {
        List<ExploredModel> found = new ArrayList<>();
        List<MissingModel> missing = new ArrayList<>();
        fractionScaling(layout, modality, scale, found, missing);
        if (modality == Preparation.ABLATION_MODALITY) {
            ablation(layout, scale, found, missing);
        }
        unsupervised(layout, modality, scale, found, missing);
        return new Found(List.copyOf(found), List.copyOf(missing));
    }

    private static void fractionScaling(DatasetLayout layout, Modality m, Scale scale, List<ExploredModel> found,
                                        List<MissingModel> missing) {
        TrainConfig config = TrainConfig.forScale(scale);
        double pInj = InjectionSampler.forBatch(config.batchSize());
        Path dir = FractionScaling.resultsFolder(LabData.resultsRoot("fraction-scaling", scale), scale, config, pInj,
                null);
        List<FractionScaling.Row> rows;
        try (FractionScaling e = new FractionScaling(layout, m, config, pInj, dir)) {
            rows = e.rows();
        }
        for (FractionScaling.Row row : rows) {
            String name = "04:" + row.id();
            var outcome = FractionScaling.cached(layout, m, scale, null, row.id());
            var weights = FractionScaling.cachedWeights(layout, m, scale, null, row.id());
            if (outcome.isPresent() && weights.isPresent() && outcome.get().training().bestScores() != null) {
                FractionScaling.Outcome o = outcome.get();
                found.add(ExploredModel.classifier(name, row.label(), "04", o.training().bestScores(),
                        o.test().threshold(), weights.get().weights(), config.backbone(), weights.get().channels()));
            } else {
                missing.add(new MissingModel(name, row.label(), "04", String.format(Locale.ROOT,
                        "environment/lab train --scale %s --modality %s --rows %s", scale.label(), m.id(), row.id())));
            }
        }
    }

    private static void ablation(DatasetLayout layout, Scale scale, List<ExploredModel> found,
                                 List<MissingModel> missing) {
        TrainConfig config = BackboneAblation.configFor(scale);
        List<Backbone> trained = Preparation.ablationBackbones(scale);
        try (BackboneAblation a = new BackboneAblation(layout, Preparation.ABLATION_MODALITY, config,
                InjectionSampler.DEFAULT_P, trained, List.of(), InferenceTiming.forScale(scale),
                LabData.resultsRoot("backbone-ablation", scale))) {
            for (Backbone b : trained) {
                for (BackboneAblation.Row row : a.rows()) {
                    String name = String.format(Locale.ROOT, "03:%s-%s-%d", b.title().toLowerCase(Locale.ROOT),
                            row.strategy(), row.realDefects());
                    String title = b.title() + " " + row.label();
                    Path weights = a.bestWeights(b, row);
                    if (a.isCached(b, row) && Files.isRegularFile(weights)) {
                        BackboneAblation.Outcome o = a.run(b, row, false, TrainListener.SILENT);
                        found.add(ExploredModel.classifier(name, title, "03", o.training().bestScores(),
                                o.test().threshold(), weights, b, a.channels()));
                    } else {
                        missing.add(new MissingModel(name, title, "03", "environment/lab run --scale " + scale.label()
                                + " 03"));
                    }
                }
            }
        }
    }

    private static void unsupervised(DatasetLayout layout, Modality m, Scale scale, List<ExploredModel> found,
                                     List<MissingModel> missing) {
        Path dir = UnsupervisedComparison.resultsFolder(LabData.resultsRoot("unsupervised", scale), null);
        var settings = UnsupervisedComparison.Settings.forScale(scale, Preparation.UNSUPERVISED_SEED);
        var comparison = new UnsupervisedComparison(layout, m, scale, null, Backbone.RESNET_18,
                Preparation.UNSUPERVISED_SEED, dir);
        List<Object[]> wanted = new ArrayList<>();
        Preparation.PATCHCORE_FEATURES.forEach(f -> wanted.add(new Object[] {Method.PATCHCORE, f}));
        Preparation.OTHER_METHODS.forEach(method -> wanted.add(new Object[] {method, FeatureSources.AUTO}));
        for (Object[] w : wanted) {
            Method method = (Method) w[0];
            FeatureSources f = ((FeatureSources) w[1]).resolve(Backbone.RESNET_18, layout, m, scale, null);
            String name = "05:" + method.title().toLowerCase(Locale.ROOT) + "-" + f.label();
            String title = method.title() + " (" + f.label() + ")";
            String command = String.format(Locale.ROOT,
                    "environment/lab unsupervised --scale %s --modality %s --methods %s --features %s", scale.label(),
                    m.id(), method.title().toLowerCase(Locale.ROOT), f.label());
            if (comparison.usable(List.of(f), why -> { }).isEmpty()) {
                // a source that cannot be had here: ImageNet weights not imported (the notebook leaves it out)
                missing.add(new MissingModel(name, title, "05", "environment/lab weights import FILE (ImageNet "
                        + "weights, see --help), then " + command));
            } else if (comparison.isCached(method, f, settings)) {
                found.add(ExploredModel.unsupervised(name, comparison.run(method, f, settings, false, p -> { })));
            } else {
                missing.add(new MissingModel(name, title, "05", command));
            }
        }
    }
}
