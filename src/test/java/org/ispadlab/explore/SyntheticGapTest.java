package org.ispadlab.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticGapTest {

    /** Two clouds of 40 points in 10-D, 6 apart along the first axis. */
    private static double[][] clouds() {
        SplittableRandom r = new SplittableRandom(5);
        double[][] x = new double[80][10];
        for (int i = 0; i < 80; i++) {
            for (int d = 0; d < 10; d++) {
                x[i][d] = r.nextGaussian() + (d == 0 && i >= 40 ? 6 : 0);
            }
        }
        return x;
    }

    @Test
    void tsneIsTheSameForTheSameSeedAndKeepsTheClustersApart() {
        double[][] a = SyntheticGap.tsne(clouds(), 9);
        double[][] b = SyntheticGap.tsne(clouds(), 9);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], "same seed, same coordinates");
        }
        // every point lies nearer its own cloud's centre than the other's
        double[][] centre = new double[2][2];
        for (int i = 0; i < 80; i++) {
            centre[i / 40][0] += a[i][0] / 40;
            centre[i / 40][1] += a[i][1] / 40;
        }
        for (int i = 0; i < 80; i++) {
            int own = i / 40;
            assertTrue(dist(a[i], centre[own]) < dist(a[i], centre[1 - own]), "point " + i);
        }
    }

    @Test
    void theMissAurocRanksDistancesAgainstMisses() {
        assertEquals(1.0, SyntheticGap.missAuroc(new double[] {1, 2, 3, 4}, new boolean[] {false, false, true, true}));
        assertEquals(0.0, SyntheticGap.missAuroc(new double[] {1, 2, 3, 4}, new boolean[] {true, true, false, false}));
        assertTrue(Double.isNaN(SyntheticGap.missAuroc(new double[] {1, 2}, new boolean[] {false, false})));
        assertEquals(Math.sqrt(2), SyntheticGap.nearest(new double[] {0, 0}, new double[][] {{1, 1}, {3, 3}}), 1e-12);
    }

    private static double dist(double[] p, double[] q) {
        return Math.hypot(p[0] - q[0], p[1] - q[1]);
    }
}
