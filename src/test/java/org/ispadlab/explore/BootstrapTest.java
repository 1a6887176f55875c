package org.ispadlab.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    /** n defects, the first k scoring 1 (caught at threshold 0.5), the rest 0. */
    private static float[] scores(int n, int k) {
        float[] s = new float[n];
        for (int i = 0; i < k; i++) {
            s[i] = 1;
        }
        return s;
    }

    private static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    @Test
    void theRecallIntervalMatchesTheBinomialItResamples() {
        // resampling n defects of which k are caught draws Binomial(n, k/n) hits: its quantiles are the interval
        for (int[] nk : new int[][] {{40, 30}, {30, 12}, {60, 57}}) {
            int n = nk[0];
            int k = nk[1];
            Bootstrap.Estimate e = Bootstrap.recall(scores(n, k), all(n), 0.5, 11);
            BinomialDistribution exact = new BinomialDistribution(n, (double) k / n);
            double low = exact.inverseCumulativeProbability(0.025) / (double) n;
            double high = exact.inverseCumulativeProbability(0.975) / (double) n;
            assertEquals((double) k / n, e.value(), 1e-12);
            assertEquals(low, e.low(), 1.5 / n, "lower bound for " + k + " of " + n);
            assertEquals(high, e.high(), 1.5 / n, "upper bound for " + k + " of " + n);
            assertEquals(n, e.n());
        }
    }

    @Test
    void theSameSeedGivesTheSameIntervalAndAnotherSeedAnotherDraw() {
        float[] s = scores(40, 25);
        assertEquals(Bootstrap.recall(s, all(40), 0.5, 3), Bootstrap.recall(s, all(40), 0.5, 3));
        Bootstrap.Estimate a = Bootstrap.recall(s, all(40), 0.5, 3);
        Bootstrap.Estimate b = Bootstrap.recall(s, all(40), 0.5, 4);
        assertEquals(a.value(), b.value());
    }

    @Test
    void theFprThresholdFlagsAtMostTheBudgetEvenWithTies() {
        float[] good = new float[100];
        for (int i = 0; i < 100; i++) {
            good[i] = i;
        }
        double t = Bootstrap.thresholdAtFpr(good, 0.05);
        assertEquals(5, countAtLeast(good, t));
        float[] tied = new float[100];
        for (int i = 0; i < 100; i++) {
            tied[i] = i < 90 ? i : 90; // ten images share the highest score
        }
        assertTrue(countAtLeast(tied, Bootstrap.thresholdAtFpr(tied, 0.05)) <= 5);
        assertEquals(0, countAtLeast(good, Bootstrap.thresholdAtFpr(good, 0.0)));
    }

    @Test
    void recallAtFprIsTheDirectRecallAtTheThresholdOfTheGoodImages() {
        // 100 good scoring 0..99, 20 defects scoring 90..109: at 5 % FPR the threshold is just above 94
        float[] s = new float[120];
        int[] good = new int[100];
        int[] defects = new int[20];
        for (int i = 0; i < 100; i++) {
            s[i] = i;
            good[i] = i;
        }
        for (int i = 0; i < 20; i++) {
            s[100 + i] = 90 + i;
            defects[i] = 100 + i;
        }
        Bootstrap.Estimate e = Bootstrap.recallAtFpr(s, good, defects, 0.05, 1);
        assertEquals(15 / 20.0, e.value(), 1e-12);
        assertTrue(e.low() <= e.value() && e.value() <= e.high(), e.format());
        assertTrue(e.high() - e.low() > 0.1, "the threshold's own uncertainty widens the interval: " + e.format());
    }

    private static int countAtLeast(float[] s, double t) {
        int n = 0;
        for (float v : s) {
            n += v >= t ? 1 : 0;
        }
        return n;
    }
}
