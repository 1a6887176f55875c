package org.ispadlab.train;

import java.nio.file.Path;
import java.util.List;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.PretrainedWeights;
import org.ispadlab.synth.Curriculum;

/**
 * The synthetic-only pretraining that stands in for ImageNet weights where those are missing: one run on the
 * training stream without real defects, whose best weights every row of an experiment then fine-tunes with the
 * same settings and budget, so rows differ only in what they inject. It applies when the settings ask for
 * fine-tuning ({@link TrainConfig#fineTuneEpochs} > 0) and no weights file was imported for the backbone.
 */
public final class Pretraining {

    private Pretraining() {
    }

    /** Where a row starts and the settings it trains with. */
    public record Start(Path weights, TrainConfig settings) {
    }

    /**
     * A row's start: the pretraining's best weights (trained or resumed first, in {@link #folder}) and the
     * fine-tuning settings where it applies; else the imported weights (or none: random initialisation) and
     * {@code config}. {@code resultsDir} is the experiment's results folder.
     */
    public static Start of(SupervisedData data, TrainConfig config, Path resultsDir, TrainListener listener) {
        return of(data, config, resultsDir, null, listener);
    }

    /**
     * As {@link #of(SupervisedData, TrainConfig, Path, TrainListener)}, the pretraining's synthetic defects drawn
     * by {@code curriculum} (null: the dataset's own synthesis); a curriculum's pretraining is kept apart.
     */
    public static Start of(SupervisedData data, TrainConfig config, Path resultsDir, Curriculum curriculum,
                           TrainListener listener) {
        if (applies(config, data.channels())) {
            return new Start(weights(data, config, folder(resultsDir, data, config, curriculum), curriculum, listener),
                    config.fineTuning());
        }
        if (curriculum != null) {
            throw new IllegalArgumentException("a curriculum shapes the synthetic-only pretraining, and these settings "
                    + "have none (imported weights, or fine-tuning off)");
        }
        return new Start(PretrainedWeights.find(config.backbone(), data.channels()).orElse(null), config);
    }

    /**
     * Where the pretraining of {@code config} lives: beside the experiment's results folder (the lab keeps each
     * dataset's experiments side by side), one folder per modality, backbone, seed and settings, so notebooks 03
     * and 04 and {@code lab train} share one pretraining where their settings agree. The rows' fine-tuning budget
     * is not part of it: the pretraining is the same whatever the rows do with it.
     */
    public static Path folder(Path resultsDir, SupervisedData data, TrainConfig config) {
        return folder(resultsDir, data, config, null);
    }

    /** As {@link #folder(Path, SupervisedData, TrainConfig)}; a curriculum's pretraining in a folder of its own. */
    public static Path folder(Path resultsDir, SupervisedData data, TrainConfig config, Curriculum curriculum) {
        String settings = own(config).weightsDecidingSettings();
        return resultsDir.toAbsolutePath().normalize().resolveSibling("pretraining").resolve(data.modality().id())
                .resolve(String.format("%s-seed-%d-%08x%s", config.backbone().title().toLowerCase(java.util.Locale.ROOT),
                        config.seed(), settings.hashCode(), curriculum == null ? ""
                                : String.format("-curriculum-%08x", curriculum.description().hashCode())));
    }

    /** How many stream positions the pretraining of {@code config} reads at most: its epochs times steps times batch. */
    public static long positions(SupervisedData data, TrainConfig config) {
        TrainConfig own = own(config);
        int length = config.stream() == TrainingStream.Kind.ENDLESS ? 2 * data.endlessSources() : data.stream().size();
        return (long) own.maxEpochs() * new Trainer(own).stepsPerEpoch(length) * own.batchSize();
    }

    /** The epochs of the pretraining the rows of {@code config} start from, as far as it has run (empty: none). */
    public static List<EpochRecord> history(SupervisedData data, TrainConfig config, Path resultsDir,
                                            Curriculum curriculum) {
        return applies(config, data.channels())
                ? Checkpoint.history(folder(resultsDir, data, config, curriculum).resolve("run")) : List.of();
    }

    /** The settings the pretraining trains with. */
    private static TrainConfig own(TrainConfig config) {
        return config.withFineTuneEpochs(0);
    }

    public static boolean applies(TrainConfig config, int channels) {
        return config.fineTuneEpochs() > 0 && PretrainedWeights.find(config.backbone(), channels).isEmpty();
    }

    /**
     * The pretraining's best weights in {@code dir}: trained, or resumed, or (when finished) only read back by
     * the trainer from its checkpoint.
     */
    private static Path weights(SupervisedData data, TrainConfig config, Path dir, Curriculum curriculum,
                                TrainListener listener) {
        Path run = dir.resolve("run");
        try (Classifier model = Classifier.create(config.backbone(), data.channels(), data.size(), config.seed(), null)) {
            TrainResult r = new Trainer(own(config)).train(data.modality() + " " + config.backbone().title()
                            + " pretraining (synthetic only" + (curriculum == null ? "" : ", " + curriculum.description())
                            + ")", model,
                    data.trainingSet(config.stream(), List.of(), InjectionSampler.none(), false, config.seed(),
                            curriculum),
                    data.test(), run, listener);
            if (r.interrupted()) {
                throw new IllegalStateException("the synthetic-only pretraining was stopped in " + run
                        + "; run the cell again to resume it");
            }
        }
        return run.resolve(Checkpoint.BEST);
    }
}
