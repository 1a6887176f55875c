package org.ispadlab.experiment;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
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

    /**
     * The seed's cold start: read from the cache, or trained first unless {@code cachedOnly} (then empty when it has
     * not finished). The listener is asked for only when the cold start is read or trained.
     */
    static Optional<Trained> of(DatasetLayout layout, Modality modality, TrainConfig config, Path resultsDir,
                                boolean cachedOnly, Supplier<TrainListener> listener) {
        try (FractionScaling experiment = new FractionScaling(layout, modality, config,
                InjectionSampler.forBatch(config.batchSize()), resultsDir)) {
            FractionScaling.Row none = experiment.rows().get(0);
            if (cachedOnly && !experiment.isCached(none)) {
                return Optional.empty();
            }
            FractionScaling.Outcome o = experiment.run(none, false, listener.get());
            return Optional.of(new Trained(o, experiment.weights(none)));
        }
    }
}
