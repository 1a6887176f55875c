package org.ispadlab.eval;

/** Points of a ROC or precision-recall curve, one per distinct threshold, in decreasing threshold order. */
public record Curve(double[] x, double[] y, double[] thresholds) {
}
