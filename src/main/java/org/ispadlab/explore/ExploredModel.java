package org.ispadlab.explore;

import java.nio.file.Path;
import java.util.List;
import org.ispadlab.experiment.UnsupervisedComparison;
import org.ispadlab.experiment.UnsupervisedComparison.Example;
import org.ispadlab.model.Backbone;

/**
 * One model found in the experiments' caches, with its score for every test image (in the test split's order:
 * fault-free, then each defect group) and its two thresholds.
 *
 * @param name             a short, column-safe name, e.g. {@code 04:none} or {@code 05:patchcore-cold-start}
 * @param title            how notebooks name it, e.g. "cold start (synthetic only)"
 * @param notebook         the notebook whose cache holds it ("03", "04", "05")
 * @param supervised       a classifier (P(defective) per image) or an unsupervised method (an anomaly score)
 * @param optimalThreshold the F1-optimal threshold on the test split (the paper's, which sees the test labels)
 * @param honestThreshold  a threshold fixed without the test labels: the classifier's own decision, P(defective)
 *                         0.5, or for an unsupervised method just above the highest score of its held-out
 *                         fault-free validation images
 * @param weights          a classifier's best weights (Grad-CAM and features), else null
 * @param maps             an unsupervised method's kept anomaly maps (its hardest cases and examples), else empty
 */
public record ExploredModel(String name, String title, String notebook, boolean supervised, float[] scores,
                            double optimalThreshold, double honestThreshold, Path weights, Backbone backbone,
                            int channels, List<Example> maps) {

    /** A classifier's own decision: the class with the higher probability. */
    public static final double CLASSIFIER_DECISION = 0.5;

    /** A classifier: its best epoch's scores, the F1-optimal threshold on them, its own decision as honest one. */
    public static ExploredModel classifier(String name, String title, String notebook, float[] scores,
                                           double optimalThreshold, Path weights, Backbone backbone, int channels) {
        return new ExploredModel(name, title, notebook, true, scores, optimalThreshold, CLASSIFIER_DECISION, weights,
                backbone, channels, List.of());
    }

    /** An unsupervised method's cached outcome (notebook 05), with the maps it kept. */
    public static ExploredModel unsupervised(String name, UnsupervisedComparison.Outcome o) {
        List<Example> maps = new java.util.ArrayList<>(o.hardest() == null ? List.of() : o.hardest());
        maps.addAll(o.examples());
        return new ExploredModel(name, o.label(), "05", false, o.scores(), o.optimalF1().threshold(),
                o.validationThreshold().threshold(), null, null, 0, List.copyOf(maps));
    }

    /** Flagged as defective at the threshold: scores at or above it (the convention of the lab's metrics). */
    public static boolean flagged(double score, double threshold) {
        return score >= threshold;
    }

    public boolean flaggedAtOptimal(int image) {
        return flagged(scores[image], optimalThreshold);
    }

    public boolean flaggedAtHonest(int image) {
        return flagged(scores[image], honestThreshold);
    }
}
