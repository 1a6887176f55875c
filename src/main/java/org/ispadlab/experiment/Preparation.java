package org.ispadlab.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.bench.InferenceTiming;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Modality;
import org.ispadlab.experiment.UnsupervisedComparison.Method;
import org.ispadlab.model.Backbone;
import org.ispadlab.train.InjectionSampler;
import org.ispadlab.train.TrainConfig;
import org.ispadlab.train.TrainListener;

/**
 * A teacher's preparation: every result notebooks 03-05 show at a scale, computed into the caches where the
 * notebooks find them, with the parameters the notebooks ship with. Each step is one cached experiment (a
 * training row, an unsupervised method, a backbone's timing), so a stopped preparation resumes where it stopped
 * and a finished one costs only reading its caches.
 */
public final class Preparation {

    /** Notebook 05's PatchCore backbones and other methods, and its seed, as the notebook ships them. */
    public static final List<FeatureSources> PATCHCORE_FEATURES = List.of(FeatureSources.IMAGENET,
            FeatureSources.COLD_START, FeatureSources.RANDOM);
    public static final List<Method> OTHER_METHODS = List.of(Method.EFFICIENT_AD, Method.GLASS, Method.U_FLOW,
            Method.DDAD);
    public static final long UNSUPERVISED_SEED = 7;
    /** Notebook 03 runs the paper's ablation on LSM-1, as the paper did. */
    public static final Modality ABLATION_MODALITY = Modality.LSM_1;

    /** One step of the preparation: which notebook, what it computes, whether it is cached already, and how. */
    public record Step(String notebook, String label, BooleanSupplier cached, Supplier<String> run) {
    }

    /** What hears about the steps: one call before and one after each. */
    public interface Progress {
        void started(int index, int total, Step step);

        /**
         * @param secondsLeft the steps still to come, each at the mean time of the computed (not cached) steps of its
         *                    notebook so far, or of all computed steps for a notebook with none yet; NaN before any
         */
        void finished(int index, int total, Step step, String result, boolean cached, double seconds,
                      double secondsLeft);
    }

    private final Scale scale;
    private final List<Modality> modalities;
    private final int seeds;

    /** @param seeds notebook 04's seeds: 1 (the notebook as shipped: the scale's own seed) or K (seeds 1..K) */
    public Preparation(Scale scale, List<Modality> modalities, int seeds) {
        if (modalities.isEmpty()) {
            throw new IllegalArgumentException("no modality to prepare");
        }
        this.scale = scale;
        this.modalities = List.copyOf(modalities);
        this.seeds = seeds;
        FractionScaling.seeds(seeds, TrainConfig.forScale(scale)); // refuses a bad count before anything runs
    }

    /** Every step, in an order that works: notebook 04 first (notebook 05 reads its cold-start model). */
    public List<Step> steps() {
        DatasetLayout layout = LabData.open(scale);
        List<Step> steps = new ArrayList<>();
        TrainConfig config = TrainConfig.forScale(scale);
        double pInj = InjectionSampler.forBatch(config.batchSize());
        Path fraction = FractionScaling.resultsFolder(LabData.resultsRoot("fraction-scaling", scale), scale, config,
                pInj, null);
        for (Modality m : modalities) {
            for (long seed : FractionScaling.seeds(seeds, config)) {
                List<FractionScaling.Row> rows;
                try (FractionScaling e = new FractionScaling(layout, m, config.withSeed(seed), pInj, fraction)) {
                    rows = e.rows();
                }
                for (FractionScaling.Row row : rows) {
                    steps.add(new Step("04", m + " seed " + seed + " " + row.label(), () -> {
                        try (FractionScaling e = new FractionScaling(layout, m, config.withSeed(seed), pInj, fraction)) {
                            return e.isCached(row);
                        }
                    }, () -> {
                        try (FractionScaling e = new FractionScaling(layout, m, config.withSeed(seed), pInj, fraction)) {
                            FractionScaling.Outcome o = e.run(row, false, TrainListener.SILENT);
                            return String.format(Locale.ROOT, "MCC %.3f, AUROC %.3f, FN by group %s", o.mcc(),
                                    o.test().auroc(), o.test().falseNegativesByGroup());
                        }
                    }));
                }
            }
        }
        Path unsupervised = UnsupervisedComparison.resultsFolder(LabData.resultsRoot("unsupervised", scale), null);
        UnsupervisedComparison.Settings settings = UnsupervisedComparison.Settings.forScale(scale, UNSUPERVISED_SEED);
        for (Modality m : modalities) {
            for (FeatureSources f : PATCHCORE_FEATURES) {
                steps.add(unsupervised(layout, m, Method.PATCHCORE, f, settings, unsupervised));
            }
            for (Method method : OTHER_METHODS) {
                steps.add(unsupervised(layout, m, method, FeatureSources.AUTO, settings, unsupervised));
            }
        }
        if (modalities.contains(ABLATION_MODALITY)) {
            steps.addAll(ablation(layout));
        }
        return steps;
    }

    /** Runs every step in order; a failing step stops the preparation (what ran stays cached). */
    public void run(Progress progress) {
        List<Step> steps = steps();
        java.util.Map<String, double[]> pace = new java.util.HashMap<>(); // notebook -> {seconds, steps computed}
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            progress.started(i + 1, steps.size(), s);
            boolean cached = s.cached().getAsBoolean();
            long t0 = System.nanoTime();
            String result = s.run().get();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!cached) {
                double[] p = pace.computeIfAbsent(s.notebook(), k -> new double[2]);
                p[0] += seconds;
                p[1]++;
            }
            progress.finished(i + 1, steps.size(), s, result, cached, seconds,
                    secondsLeft(steps.subList(i + 1, steps.size()), pace));
        }
    }

    private static double secondsLeft(List<Step> rest, java.util.Map<String, double[]> pace) {
        double all = pace.values().stream().mapToDouble(p -> p[0]).sum();
        double n = pace.values().stream().mapToDouble(p -> p[1]).sum();
        if (n == 0) {
            return Double.NaN;
        }
        double left = 0;
        for (Step s : rest) {
            double[] p = pace.get(s.notebook());
            left += p != null ? p[0] / p[1] : all / n;
        }
        return left;
    }

    private Step unsupervised(DatasetLayout layout, Modality m, Method method, FeatureSources features,
                              UnsupervisedComparison.Settings settings, Path dir) {
        Supplier<UnsupervisedComparison> open = () -> new UnsupervisedComparison(layout, m, scale, null,
                Backbone.RESNET_18, UNSUPERVISED_SEED, dir);
        return new Step("05", m + " " + method.title() + " (" + features.label() + ")", () -> {
            var comparison = open.get();
            // a source that cannot be had here (ImageNet weights not imported) is left out, as the notebook does
            return comparison.usable(List.of(features), why -> { }).isEmpty()
                    || comparison.isCached(method, features, settings);
        }, () -> {
            var comparison = open.get();
            List<String> why = new ArrayList<>();
            if (comparison.usable(List.of(features), why::add).isEmpty()) {
                return "left out, as in the notebook: " + String.join("; ", why);
            }
            UnsupervisedComparison.Outcome o = comparison.run(method, features, settings, false, p -> { });
            return String.format(Locale.ROOT, "image AUROC %.3f, pixel AUROC %.3f, PRO %.3f", o.imageAuroc(),
                    o.pixelAuroc(), o.pro());
        });
    }

    /** Notebook 03: its trained backbones' rows, then every backbone's timing. */
    private List<Step> ablation(DatasetLayout layout) {
        TrainConfig config = BackboneAblation.configFor(scale);
        List<Backbone> trained = ablationBackbones(scale);
        Path dir = LabData.resultsRoot("backbone-ablation", scale);
        Supplier<BackboneAblation> open = () -> new BackboneAblation(layout, ABLATION_MODALITY, config,
                InjectionSampler.DEFAULT_P, trained, Backbone.ABLATION, InferenceTiming.forScale(scale), dir);
        List<Step> steps = new ArrayList<>();
        List<BackboneAblation.Row> rows;
        try (BackboneAblation a = open.get()) {
            rows = a.rows();
        }
        for (Backbone b : trained) {
            for (BackboneAblation.Row row : rows) {
                steps.add(new Step("03", ABLATION_MODALITY + " " + b.title() + " " + row.label(), () -> {
                    try (BackboneAblation a = open.get()) {
                        return a.isCached(b, row);
                    }
                }, () -> {
                    try (BackboneAblation a = open.get()) {
                        return String.format(Locale.ROOT, "MCC %.3f", a.run(b, row, false, TrainListener.SILENT).mcc());
                    }
                }));
            }
        }
        steps.add(new Step("03", "inference timing of " + Backbone.ABLATION.size() + " backbones", () -> {
            try (BackboneAblation a = open.get()) {
                return a.speedsCached();
            }
        }, () -> {
            try (BackboneAblation a = open.get()) {
                return a.speeds(false).size() + " backbones timed";
            }
        }));
        return steps;
    }

    /** Notebook 03's trained backbones: all five on the paper's scale, ResNet-18 and EfficientNet-B0 on a laptop's. */
    public static List<Backbone> ablationBackbones(Scale scale) {
        return scale == Scale.PAPER ? Backbone.ABLATION : List.of(Backbone.RESNET_18, Backbone.EFFICIENTNET_B0);
    }
}
