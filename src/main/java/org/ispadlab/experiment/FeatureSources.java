package org.ispadlab.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ispadlab.Scale;
import org.ispadlab.data.DatasetLayout;
import org.ispadlab.data.Modality;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.model.PretrainedWeights;
import org.ispadlab.unsup.FeatureExtractor;

/**
 * Where the unsupervised methods' frozen backbone gets its weights: imported ImageNet weights (what the paper's
 * methods use), notebook 04's cold-start model (trained on fault-free patches and synthetic defects only, so still
 * unsupervised with respect to real defects), or random initialisation; {@code auto} takes the first that is there.
 */
public enum FeatureSources {
    AUTO, IMAGENET, COLD_START, RANDOM;

    /** The stages every method reads: layer2 and layer3 of a ResNet, as PatchCore and GLASS do. */
    public static final List<Integer> STAGES = List.of(1, 2);

    /** {@code auto}, {@code imagenet}, {@code cold-start} or {@code random}. */
    public static FeatureSources parse(String name) {
        for (FeatureSources s : values()) {
            if (s.label().equals(name.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("a feature source is auto, imagenet, cold-start or random, got '" + name + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The source {@code auto} stands for on this data (the others stand for themselves). */
    public FeatureSources resolve(Backbone backbone, DatasetLayout layout, Modality m, Scale scale, Path data) {
        if (this != AUTO) {
            return this;
        }
        if (PretrainedWeights.find(backbone, m.channels()).isPresent()) {
            return IMAGENET;
        }
        return FractionScaling.coldStart(layout, m, scale, data).isPresent() ? COLD_START : RANDOM;
    }

    /** Why this source cannot be had on this data, with how to get it; empty when it can. */
    public Optional<String> missing(Backbone backbone, DatasetLayout layout, Modality m, Scale scale, Path data) {
        return switch (this) {
            case IMAGENET -> PretrainedWeights.find(backbone, m.channels()).isPresent() ? Optional.empty()
                    : Optional.of("no imported ImageNet weights for " + backbone.title() + " with " + m.channels()
                    + " channel(s) in " + PretrainedWeights.dir() + ": import them with environment/lab weights "
                    + "import FILE (README, Training)");
            case COLD_START -> FractionScaling.coldStart(layout, m, scale, data).isPresent() ? Optional.empty()
                    : Optional.of("no finished cold-start model of " + m + " at " + scale.label() + ": run notebook "
                    + "04 (or environment/lab train --scale " + scale.label() + " --modality " + m + " --rows none)");
            default -> Optional.empty();
        };
    }

    /**
     * The frozen backbone for images of {@code side} px, saying where its weights came from; a source asked for by
     * name that is not there is an error that says how to get it. Images below 256 px enter enlarged twice, so
     * layer2's grid stays fine enough for a pixel map.
     */
    public FeatureExtractor open(Backbone backbone, DatasetLayout layout, Modality m, Scale scale, Path data, int side,
                                 long seed) {
        FeatureSources s = resolve(backbone, layout, m, scale, data);
        Path weights = null;
        int channels = m.channels();
        String source = "random initialisation, seed " + seed;
        s.missing(backbone, layout, m, scale, data).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        if (s == IMAGENET) {
            weights = PretrainedWeights.find(backbone, m.channels()).orElseThrow();
            source = PretrainedWeights.describe(weights);
        } else if (s == COLD_START) {
            FractionScaling.ColdStart c = FractionScaling.coldStart(layout, m, scale, data).orElseThrow();
            weights = c.weights();
            channels = c.channels();
            source = "the cold-start model of notebook 04 (" + weights.getFileName() + ", fault-free + synthetic "
                    + "defects only)";
        }
        return new FeatureExtractor(Classifier.create(backbone, channels, side, seed, weights), STAGES,
                side < 256 ? 2 : 1, source);
    }
}
