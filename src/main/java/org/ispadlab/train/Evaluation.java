package org.ispadlab.train;

import java.util.Map;

/** A trained model on the test split: the paper's metrics at the F1-optimal threshold, misses by defect group. */
public record Evaluation(double threshold, long tn, long tp, long fn, long fp, double mcc, double recall, double fpr,
                         double auroc, Map<String, Integer> falseNegativesByGroup) {
}
