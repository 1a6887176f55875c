package org.ispadlab.experiment;

import java.nio.file.Path;
import java.util.Optional;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Modality;
import org.ispadlab.train.InjectionSampler;
import org.ispadlab.train.TrainConfig;
import org.ispadlab.train.TrainListener;

/**
 * A seed's cold start for the experiments beyond the paper: notebook 04's row {@code none} (the synthetic-only
 * pretraining fine-tuned one more budget without any real defect) with {@code config}'s settings and seed, read
 * from the cache in {@code resultsDir} (notebook 04's folder by default) or trained there first.
 */
final class ColdStarts {

    private ColdStarts() {
    }

    /** The cold start's outcome and its best weights (empty when the run was stopped). */
    record Trained(FractionScaling.Outcome outcome, Optional<Path> weights) {
    }

    static Trained trained(DatasetLayout layout, Modality modality, TrainConfig config, Path resultsDir,
                           TrainListener listener) {
        try (FractionScaling experiment = new FractionScaling(layout, modality, config,
                InjectionSampler.forBatch(config.batchSize()), resultsDir)) {
            FractionScaling.Row none = experiment.rows().get(0);
            FractionScaling.Outcome o = experiment.run(none, false, listener);
            return new Trained(o, experiment.weights(none));
        }
    }

    /** True when the seed's cold start has finished: reading it trains nothing. */
    static boolean cached(DatasetLayout layout, Modality modality, TrainConfig config, Path resultsDir) {
        try (FractionScaling experiment = new FractionScaling(layout, modality, config,
                InjectionSampler.forBatch(config.batchSize()), resultsDir)) {
            return experiment.isCached(experiment.rows().get(0));
        }
    }

    static FractionScaling.Outcome outcome(DatasetLayout layout, Modality modality, TrainConfig config,
                                           Path resultsDir, TrainListener listener) {
        return trained(layout, modality, config, resultsDir, listener).outcome();
    }
}
