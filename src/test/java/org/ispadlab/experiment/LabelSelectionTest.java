package org.ispadlab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Random;
import org.ispadlab.unsup.patchcore.Coreset;
import org.junit.jupiter.api.Test;

/** The diversity strategy's k-center greedy against references. */
class LabelSelectionTest {

    @Test
    void kCenterGreedyTakesTheStartThenAlwaysTheFarthestPoint() {
        // on a line: from 0, the farthest is 10; then 4 (4 from 0, 6 from 10) beats 1 (1 from 0); then 1
        float[][] line = {{0}, {1}, {10}, {4}};
        assertArrayEquals(new int[] {0, 2, 3, 1}, LabelSelection.kCenterGreedy(line, 4, 0));
        assertArrayEquals(new int[] {3, 2}, LabelSelection.kCenterGreedy(line, 2, 3), "10 is 6 from 4, 0 only 4");
    }

    @Test
    void kCenterGreedyEqualsPatchCoresCoresetOnTheSameFeatures() {
        // PatchCore's coreset (DJL, on the engine) is the same greedy rule, its start drawn from the seed and not
        // itself taken: with the same start, its picks are ours after our first
        int n = 60;
        int dim = 24;
        Random r = new Random(11);
        float[][] features = new float[n][dim];
        float[] flat = new float[n * dim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                features[i][d] = (float) r.nextGaussian();
                flat[i * dim + d] = features[i][d];
            }
        }
        long seed = 5;
        int start = new Random(seed).nextInt(n); // Coreset's first draw without a projection
        int k = 12;
        int[] ours = LabelSelection.kCenterGreedy(features, k, start);
        int[] reference;
        try (NDManager manager = NDManager.newBaseManager()) {
            reference = Coreset.select(manager, flat, n, dim, k - 1, 0, seed);
        }
        assertEquals(start, ours[0]);
        assertArrayEquals(reference, Arrays.copyOfRange(ours, 1, k));
    }

    @Test
    void aBudgetBeyondThePoolOrAStartOutsideIsRefused() {
        float[][] two = {{0}, {1}};
        assertThrows(IllegalArgumentException.class, () -> LabelSelection.kCenterGreedy(two, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> LabelSelection.kCenterGreedy(two, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> LabelSelection.Strategy.of("entropy"));
    }
}
