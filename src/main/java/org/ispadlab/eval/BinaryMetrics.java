package org.ispadlab.eval;

import java.util.Arrays;

/**
 * Image-level metrics exactly as the MVTec AD evaluation and anomalib define them, on raw scores (any
 * range; no sigmoid assumed): a score >= t is flagged defective; every distinct score is a candidate t.
 * The threshold is the lowest with the maximal F1 on the evaluated set itself, as the paper did (which
 * makes the reported rates optimistic: no held-out set chose it). Ties move together, as one ROC step.
 * Sorting positives and negatives separately keeps a million scores well under a second.
 */
public final class BinaryMetrics {

    /** Everything the paper's tables report for one model on one test set. */
    public record Report(double threshold, Confusion confusion, double auroc, long positives, long negatives) {
        public double mcc() {
            return confusion.mcc();
        }
    }

    private final double[] pos;
    private final double[] neg;

    /** A network's float scores, widened exactly to double. */
    public static BinaryMetrics of(float[] scores, boolean[] defective) {
        double[] wide = new double[scores.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = scores[i];
        }
        return new BinaryMetrics(wide, defective);
    }

    /** @param defective true where the sample is defective (the positive class) */
    public BinaryMetrics(double[] scores, boolean[] defective) {
        if (scores.length != defective.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + defective.length + " labels");
        }
        int p = 0;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            p += defective[i] ? 1 : 0;
        }
        pos = new double[p];
        neg = new double[scores.length - p];
        for (int i = 0, a = 0, b = 0; i < scores.length; i++) {
            if (defective[i]) {
                pos[a++] = scores[i];
            } else {
                neg[b++] = scores[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
    }

    /** A threshold and the decisions it gives. */
    public record Decision(double threshold, Confusion confusion) {
    }

    public Report report() {
        Decision d = optimalF1();
        return new Report(d.threshold(), d.confusion(), auroc(), pos.length, neg.length);
    }

    /**
     * The lowest threshold with maximal F1 and its confusion. Without positives F1 is 0 everywhere: nothing
     * is flagged (threshold +infinity).
     */
    public Decision optimalF1() {
        long p = pos.length;
        long n = neg.length;
        double threshold = Double.POSITIVE_INFINITY;
        Confusion best = new Confusion(n, 0, p, 0);
        long bestNum = 0;   // F1 = num / den, compared exactly by cross-multiplication
        long bestDen = 1;
        Sweep s = new Sweep();
        while (s.next()) {
            long num = 2 * s.tp;
            long den = 2 * s.tp + s.fp + (p - s.tp);
            if (num > 0 && num * bestDen >= bestNum * den) { // >=: among equal F1, the lower threshold wins
                bestNum = num;
                bestDen = den;
                threshold = s.t;
                best = new Confusion(n - s.fp, s.tp, p - s.tp, s.fp);
            }
        }
        return new Decision(threshold, best);
    }

    /**
     * The decisions at a threshold chosen elsewhere (a score >= {@code threshold} is flagged), e.g. on a
     * validation set, which is the honest protocol: no test label chose it.
     */
    public Decision at(double threshold) {
        long tp = pos.length - below(pos, threshold);
        long fp = neg.length - below(neg, threshold);
        return new Decision(threshold, new Confusion(neg.length - fp, tp, pos.length - tp, fp));
    }

    /**
     * The highest threshold whose recall reaches {@code recall} (0 < recall <= 1), so the lowest FPR at that recall:
     * how two models compare at the same share of defects found. Without positives nothing reaches it.
     */
    public Decision atRecall(double recall) {
        if (!(recall > 0 && recall <= 1)) {
            throw new IllegalArgumentException("recall must be in (0, 1], got " + recall);
        }
        if (pos.length == 0) {
            throw new IllegalStateException("no positive sample: no recall to reach");
        }
        int needed = (int) Math.ceil(recall * pos.length - 1e-9);
        return at(pos[pos.length - needed]);
    }

    /** How many of the sorted {@code values} are below {@code t} (the index of the first >= t). */
    private static int below(double[] values, double t) {
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Area under the exact ROC curve from (0, 0), by trapezoids; NaN when a class is missing. */
    public double auroc() {
        if (pos.length == 0 || neg.length == 0) {
            return Double.NaN;
        }
        double area = 0; // in units of TP x FP counts, divided at the end
        long lastTp = 0;
        long lastFp = 0;
        Sweep s = new Sweep();
        while (s.next()) {
            area += (double) (s.fp - lastFp) * (s.tp + lastTp) / 2;
            lastTp = s.tp;
            lastFp = s.fp;
        }
        return area / ((double) pos.length * neg.length);
    }

    /** FPR (x) against TPR (y), starting at (0, 0). */
    public Curve roc() {
        return curve(true);
    }

    /** Recall (x) against precision (y). */
    public Curve precisionRecall() {
        return curve(false);
    }

    private Curve curve(boolean roc) {
        int distinct = distinctCount();
        int offset = roc ? 1 : 0;
        double[] x = new double[distinct + offset];
        double[] y = new double[distinct + offset];
        double[] t = new double[distinct + offset];
        if (roc) {
            t[0] = Double.POSITIVE_INFINITY;
        }
        Sweep s = new Sweep();
        for (int i = offset; s.next(); i++) {
            Confusion c = new Confusion(neg.length - s.fp, s.tp, pos.length - s.tp, s.fp);
            x[i] = roc ? c.fpr() : c.recall();
            y[i] = roc ? c.recall() : c.precision();
            t[i] = s.t;
        }
        return new Curve(x, y, t);
    }

    private int distinctCount() {
        int count = 0;
        Sweep s = new Sweep();
        while (s.next()) {
            count++;
        }
        return count;
    }

    /** Walks the distinct scores from the highest down, counting TP and FP at score >= t. */
    private final class Sweep {
        private int a = pos.length - 1;
        private int b = neg.length - 1;
        long tp;
        long fp;
        double t;

        boolean next() {
            if (a < 0 && b < 0) {
                return false;
            }
            t = Math.max(a >= 0 ? pos[a] : Double.NEGATIVE_INFINITY, b >= 0 ? neg[b] : Double.NEGATIVE_INFINITY);
            while (a >= 0 && pos[a] == t) {
                a--;
                tp++;
            }
            while (b >= 0 && neg[b] == t) {
                b--;
                fp++;
            }
            return true;
        }
    }
}
