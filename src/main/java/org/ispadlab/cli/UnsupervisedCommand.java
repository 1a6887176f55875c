package org.ispadlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ispadlab.LabData;
import org.ispadlab.Scale;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Manifest;
import org.ispadlab.data.Modality;
import org.ispadlab.experiment.FeatureSources;
import org.ispadlab.experiment.UnsupervisedComparison;
import org.ispadlab.model.Backbone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lab unsupervised}: notebook 05's rows from a terminal: each method fitted on each modality's fault-free
 * training split and evaluated on its test split, one line per method and backbone; results cached where notebook
 * 05 finds them.
 */
@Command(name = "unsupervised", mixinStandardHelpOptions = true,
        description = "Unsupervised methods on the unsupervised splits: image AUROC, MCC at two thresholds, pixel AUROC "
                + "and PRO per modality.")
final class UnsupervisedCommand implements Callable<Integer> {

    @Option(names = "--scale", defaultValue = "workshop", description = "smoke, workshop or paper")
    String scale;
    @Option(names = "--data", description = "a dataset folder (default: ISP-AD-sim at the scale, or ISPAD_DATA)")
    Path data;
    @Option(names = "--modality", split = ",", defaultValue = "LSM-1,LSM-2,ASM")
    List<String> modalities;
    @Option(names = "--methods", split = ",", defaultValue = "PatchCore,Efficient-AD,GLASS,U-Flow,DDAD",
            description = "PatchCore, Efficient-AD, GLASS, U-Flow, DDAD")
    List<String> methods;
    @Option(names = "--backbone", defaultValue = "resnet18")
    String backbone;
    @Option(names = "--coreset", defaultValue = "0.1", description = "coreset share of the memory bank, (0, 1]")
    double coreset;
    @Option(names = "--glass-epochs", description = "GLASS's epochs (default: the scale's)")
    Integer glassEpochs;
    @Option(names = "--efficientad-steps", split = ",", description = "Efficient-AD's teacher distillation and "
            + "training steps, DISTILL,TRAIN (default: the scale's)")
    List<Integer> efficientAdSteps;
    @Option(names = "--efficientad-scale", description = "Efficient-AD's input: the patch enlarged this many times "
            + "(default: the scale's)")
    Integer efficientAdScale;
    @Option(names = "--uflow-steps", description = "U-Flow's training steps, batch 32 (default: the scale's)")
    Integer uflowSteps;
    @Option(names = "--ddad-steps", description = "DDAD's training steps, batch 32 (default: the scale's)")
    Integer ddadSteps;
    @Option(names = "--ddad-adapt-epochs", description = "DDAD's domain adaptation of the feature extractor, epochs "
            + "over the training images; 0: none (default: the scale's)")
    Integer ddadAdaptEpochs;
    @Option(names = "--seed", defaultValue = "7", description = "network initialisation, projection, coreset start "
            + "and the validation split")
    long seed;
    @Option(names = "--features", split = ",", defaultValue = "auto", description = "the frozen backbone's weights, "
            + "one or more of: imagenet (imported with lab weights import), cold-start (notebook 04's row none of the "
            + "scale, trained on fault-free patches and synthetic defects only), random, or auto (the first of these "
            + "that is there)")
    List<String> features;
    @Option(names = "--retrain", description = "fit again instead of showing cached results")
    boolean retrain;
    @Option(names = "--results", description = "results folder (default: $ISPAD_RESULTS_DIR/<dataset>/unsupervised, "
            + "notebook 05's)")
    Path results;

    @Override
    public Integer call() {
        Scale s = Flags.parsed("--scale", scale, Scale::parse);
        Backbone b = Backbone.parse(backbone);
        List<FeatureSources> sources = features.stream().map(f -> Flags.parsed("--features", f, FeatureSources::parse))
                .toList();
        DatasetLayout layout = data != null ? DatasetLayout.of(data, Manifest.load()) : LabData.open(s);
        Path dir = results != null ? results
                : UnsupervisedComparison.resultsFolder(LabData.resultsRoot("unsupervised", s), data);
        UnsupervisedComparison.Settings settings = UnsupervisedComparison.Settings.forScale(s, seed)
                .withCoresetRatio(coreset);
        if (glassEpochs != null) {
            settings = settings.withGlassEpochs(glassEpochs);
        }
        if (efficientAdSteps != null) {
            if (efficientAdSteps.size() != 2) {
                throw new IllegalArgumentException("--efficientad-steps takes DISTILL,TRAIN, got " + efficientAdSteps);
            }
            settings = settings.withEfficientAdSteps(
                    Flags.within("--efficientad-steps", efficientAdSteps.get(0), 1, 1_000_000),
                    Flags.within("--efficientad-steps", efficientAdSteps.get(1), 1, 1_000_000));
        }
        if (efficientAdScale != null) {
            settings = settings.withEfficientAdScale(Flags.within("--efficientad-scale", efficientAdScale, 1, 8));
        }
        if (uflowSteps != null) {
            settings = settings.withUFlowSteps(Flags.within("--uflow-steps", uflowSteps, 1, 1_000_000));
        }
        if (ddadSteps != null) {
            settings = settings.withDdadSteps(Flags.within("--ddad-steps", ddadSteps, 1, 10_000_000));
        }
        if (ddadAdaptEpochs != null) {
            settings = settings.withDdadAdaptEpochs(Flags.within("--ddad-adapt-epochs", ddadAdaptEpochs, 0, 10_000));
        }
        List<UnsupervisedComparison.Method> chosen = methods.stream()
                .map(m -> Flags.parsed("--methods", m, UnsupervisedComparison.Method::parse)).toList();
        for (String name : modalities) {
            Modality m = Flags.parsed("--modality", name, Modality::of);
            var comparison = new UnsupervisedComparison(layout, m, s, data, b, seed, dir);
            System.out.println(comparison.describe());
            for (var o : comparison.runAll(chosen, sources, settings,
                    retrain, label -> p -> { })) {
                System.out.printf(Locale.ROOT, "%s, %s: image AUROC %.4f, pixel AUROC %.4f, PRO %.4f; MCC %.2f at the "
                                + "F1-optimal threshold (recall %.2f, FPR %.3f), %.2f at the validation threshold "
                                + "(recall %.2f, FPR %.3f); fit %.1f s, test %.1f s%n  %s%n",
                        m, o.label(), o.imageAuroc(), o.pixelAuroc(), o.pro(), o.optimalF1().mcc(),
                        o.optimalF1().recall(), o.optimalF1().fpr(), o.validationThreshold().mcc(),
                        o.validationThreshold().recall(), o.validationThreshold().fpr(), o.fitSeconds(),
                        o.scoreSeconds(), o.description());
            }
        }
        System.out.println("results: " + dir);
        return 0;
    }
}
