package org.ispadlab.explore;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap intervals (Efron & Tibshirani 1993, ch. 13) of the recalls the explorer reports, seeded so
 * the same data give the same interval. Hand-written: Commons Math has no bootstrap, and the statistics here are
 * counts over index sets, a few lines each; a library's generic resampling of objects would cost more than it
 * saves.
 */
public final class Bootstrap {

    /** Resamples per interval. */
    public static final int RESAMPLES = 1000;
    /** The interval's coverage. */
    public static final double LEVEL = 0.95;

    /** A statistic on the data and its percentile interval over the resamples. */
    public record Estimate(double value, double low, double high, int n) {
        /** "0.83 [0.67, 0.93]". */
        public String format() {
            return Double.isNaN(value) ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f [%.2f, %.2f]", value, low,
                    high);
        }
    }

    private Bootstrap() {
    }

    /** Recall at a fixed threshold over the images {@code defects}: resamples the defects. */
    public static Estimate recall(float[] scores, int[] defects, double threshold, long seed) {
        if (defects.length == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] stats = new double[RESAMPLES];
        for (int b = 0; b < RESAMPLES; b++) {
            int hits = 0;
            for (int k = 0; k < defects.length; k++) {
                hits += scores[defects[random.nextInt(defects.length)]] >= threshold ? 1 : 0;
            }
            stats[b] = (double) hits / defects.length;
        }
        return estimate(recallOf(scores, defects, threshold), stats, defects.length);
    }

    /**
     * Recall at the threshold that flags at most {@code fpr} of the fault-free images {@code good}: resamples both
     * the fault-free images (so the threshold moves with them) and the defects.
     */
    public static Estimate recallAtFpr(float[] scores, int[] good, int[] defects, double fpr, long seed) {
        if (defects.length == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] stats = new double[RESAMPLES];
        float[] resampled = new float[good.length];
        for (int b = 0; b < RESAMPLES; b++) {
            for (int k = 0; k < good.length; k++) {
                resampled[k] = scores[good[random.nextInt(good.length)]];
            }
            double threshold = thresholdAtFpr(resampled, fpr);
            int hits = 0;
            for (int k = 0; k < defects.length; k++) {
                hits += scores[defects[random.nextInt(defects.length)]] >= threshold ? 1 : 0;
            }
            stats[b] = (double) hits / defects.length;
        }
        float[] goodScores = new float[good.length];
        for (int k = 0; k < good.length; k++) {
            goodScores[k] = scores[good[k]];
        }
        return estimate(recallOf(scores, defects, thresholdAtFpr(goodScores, fpr)), stats, defects.length);
    }

    /**
     * The lowest threshold that flags at most {@code fpr} of {@code goodScores} (flagged: score >= threshold): just
     * above the (floor(fpr n) + 1)-th highest score, so ties never push the rate over {@code fpr}.
     */
    public static double thresholdAtFpr(float[] goodScores, double fpr) {
        if (goodScores.length == 0 || fpr < 0 || fpr >= 1) {
            throw new IllegalArgumentException("a false-positive rate in [0, 1) over at least one fault-free score");
        }
        float[] sorted = goodScores.clone();
        Arrays.sort(sorted);
        int allowed = (int) Math.floor(fpr * sorted.length);
        return Math.nextUp((double) sorted[sorted.length - 1 - allowed]);
    }

    static double recallOf(float[] scores, int[] defects, double threshold) {
        int hits = 0;
        for (int i : defects) {
            hits += scores[i] >= threshold ? 1 : 0;
        }
        return (double) hits / defects.length;
    }

    /** The percentile interval: the (1 - LEVEL)/2 and (1 + LEVEL)/2 quantiles of the resampled statistics. */
    static Estimate estimate(double value, double[] stats, int n) {
        double[] sorted = stats.clone();
        Arrays.sort(sorted);
        double alpha = (1 - LEVEL) / 2;
        return new Estimate(value, quantile(sorted, alpha), quantile(sorted, 1 - alpha), n);
    }

    /** Linear interpolation between order statistics (type 7, R's default). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
