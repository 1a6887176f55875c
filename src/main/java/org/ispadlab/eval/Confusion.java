package org.ispadlab.eval;

/** Counts of a binary decision (positive = defective) and the rates the paper reports. */
public record Confusion(long tn, long tp, long fn, long fp) {

    /** Matthews correlation coefficient; 0 where it is undefined (a row or column of the matrix is empty). */
    public double mcc() {
        double denominator = Math.sqrt((double) (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
        return denominator == 0 ? 0 : ((double) tp * tn - (double) fp * fn) / denominator;
    }

    /** TP / (TP + FN); 0 without positives. */
    public double recall() {
        return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    }

    /** TP / (TP + FP); 0 when nothing is flagged. */
    public double precision() {
        return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    }

    /** FP / (FP + TN); 0 without negatives. */
    public double fpr() {
        return fp + tn == 0 ? 0 : (double) fp / (fp + tn);
    }

    /** 2PR / (P + R) = 2TP / (2TP + FP + FN); 0 when TP is 0. */
    public double f1() {
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }
}
