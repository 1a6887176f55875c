package org.ispadlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    private static boolean[] labels(int... ones) {
        boolean[] b = new boolean[ones.length];
        for (int i = 0; i < ones.length; i++) {
            b[i] = ones[i] == 1;
        }
        return b;
    }

    @Test
    void aSmallCaseByHand() {
        // scores 0.9 0.8 0.7 0.6 0.5 0.4 with labels 1 0 1 1 0 0
        // t=0.9: TP1 FP0 F1=2/4; t=0.8: TP1 FP1 F1=2/5; t=0.7: TP2 FP1 F1=4/6; t=0.6: TP3 FP1 F1=6/7 (best)
        BinaryMetrics m = new BinaryMetrics(new double[] {0.9, 0.8, 0.7, 0.6, 0.5, 0.4}, labels(1, 0, 1, 1, 0, 0));
        BinaryMetrics.Report r = m.report();
        assertEquals(0.6, r.threshold());
        assertEquals(new Confusion(2, 3, 0, 1), r.confusion());
        // MCC = (3*2 - 1*0) / sqrt(4 * 3 * 3 * 2) = 6 / sqrt(72)
        assertEquals(6 / Math.sqrt(72), r.mcc(), 1e-12);
        assertEquals(1.0, r.confusion().recall());
        assertEquals(0.75, r.confusion().precision());
        assertEquals(1.0 / 3, r.confusion().fpr(), 1e-12);
        // pairs (pos > neg): 0.9 beats 3, 0.7 beats 2, 0.6 beats 2 -> 7 of 9
        assertEquals(7.0 / 9, r.auroc(), 1e-12);
    }

    @Test
    void tiesAcrossClassesAreOneDiagonalRocStep() {
        // a positive and a negative tie at 0.5: that pair counts one half
        BinaryMetrics m = new BinaryMetrics(new double[] {0.5, 0.5, 0.1}, labels(1, 0, 0));
        assertEquals((1 + 0.5) / 2, m.auroc(), 1e-12);
        Curve roc = m.roc();
        assertArrayEquals(new double[] {0, 0.5, 1}, roc.x(), 1e-12);
        assertArrayEquals(new double[] {0, 1, 1}, roc.y(), 1e-12);
        // the tie cannot be split: at t=0.5 TP1 FP1 (F1 2/3), at 0.1 TP1 FP2 (F1 1/2)
        assertEquals(new Confusion(1, 1, 0, 1), m.report().confusion());
    }

    @Test
    void amongEqualF1TheLowestThresholdWins() {
        // t=0.9: TP1 FP0 FN1 F1=2/3; t=0.5: TP2 FP2 FN0 F1=4/6=2/3 -> equal, the lower one (0.5) is chosen
        BinaryMetrics m = new BinaryMetrics(new double[] {0.9, 0.5, 0.5, 0.5}, labels(1, 1, 0, 0));
        assertEquals(0.5, m.report().threshold());
        assertEquals(new Confusion(0, 2, 0, 2), m.report().confusion());
    }

    @Test
    void allDefectiveOrAllGood() {
        BinaryMetrics allBad = new BinaryMetrics(new double[] {0.3, 0.2}, labels(1, 1));
        assertTrue(Double.isNaN(allBad.auroc()));
        assertEquals(0.2, allBad.report().threshold());
        assertEquals(new Confusion(0, 2, 0, 0), allBad.report().confusion());
        assertEquals(0.0, allBad.report().mcc(), "MCC is 0 where it is undefined");

        BinaryMetrics allGood = new BinaryMetrics(new double[] {0.3, 0.2}, labels(0, 0));
        assertTrue(Double.isNaN(allGood.auroc()));
        assertEquals(Double.POSITIVE_INFINITY, allGood.report().threshold(), "nothing is flagged");
        assertEquals(new Confusion(2, 0, 0, 0), allGood.report().confusion());
    }

    @Test
    void perfectSeparationAndRawScoresOfAnyRange() {
        BinaryMetrics m = new BinaryMetrics(new double[] {-1e6, -3, 250, 1e9}, labels(0, 0, 1, 1));
        assertEquals(1.0, m.auroc());
        assertEquals(1.0, m.report().mcc());
        assertEquals(250, m.report().threshold());
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BinaryMetrics(new double[] {1}, new boolean[2]));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new BinaryMetrics(new double[] {1, Double.NaN}, new boolean[2]));
        assertEquals("score 1 is NaN", nan.getMessage());
    }

    @Test
    void aurocEqualsThePairwiseProbabilityOnRandomData() {
        Random r = new Random(5);
        int n = 600;
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(5) == 0;
            s[i] = Math.round((r.nextGaussian() + (y[i] ? 1 : 0)) * 4) / 4.0; // coarse: many ties
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] && !y[j]) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / pairs, new BinaryMetrics(s, y).auroc(), 1e-12);
    }

    @Test
    void decisionsAtAFixedThresholdAndAtARecall() {
        // scores 0.9 0.8 0.7 0.6 0.5 0.4 with labels 1 0 1 1 0 0, as above
        BinaryMetrics m = new BinaryMetrics(new double[] {0.9, 0.8, 0.7, 0.6, 0.5, 0.4}, labels(1, 0, 1, 1, 0, 0));
        assertEquals(new Confusion(2, 2, 1, 1), m.at(0.7).confusion(), "a score equal to the threshold is flagged");
        assertEquals(new Confusion(3, 0, 3, 0), m.at(Math.nextUp(0.9)).confusion(), "above every score: none flagged");
        assertEquals(new Confusion(0, 3, 0, 3), m.at(0.0).confusion());
        // recall 2/3 is first reached at 0.7 (one negative above it); recall 0.5 needs 2 of 3 positives too
        assertEquals(0.7, m.atRecall(2.0 / 3).threshold());
        assertEquals(0.7, m.atRecall(0.5).threshold());
        assertEquals(1.0 / 3, m.atRecall(0.5).confusion().fpr(), 1e-12);
        assertEquals(0.9, m.atRecall(0.2).threshold());
        assertEquals(0.0, m.atRecall(0.2).confusion().fpr());
        assertEquals(0.6, m.atRecall(1.0).threshold());
        assertThrows(IllegalArgumentException.class, () -> m.atRecall(0));
    }
}
