package org.ispadlab.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ispadlab.data.Image8;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.unsup.patchcore.Coreset;
import org.ispadlab.unsup.patchcore.PatchCore;
import org.junit.jupiter.api.Test;

class PatchCoreTest {

    @Test
    void separatesAnObviousAnomalyAndPointsAtIt() {
        List<Image8> train = UnsupervisedTestData.faultFree(24, 100);
        List<Image8> good = UnsupervisedTestData.faultFree(8, 500);
        List<Image8> test = new ArrayList<>(good);
        for (Image8 g : UnsupervisedTestData.faultFree(8, 900)) {
            test.add(UnsupervisedTestData.withSquare(g, 30, 12));
        }
        boolean[] defective = new boolean[test.size()];
        for (int i = good.size(); i < test.size(); i++) {
            defective[i] = true;
        }
        try (PatchCore pc = new PatchCore(UnsupervisedTestData.randomResNet18(3), PatchCore.Settings.defaults(1))) {
            pc.fit(train, p -> { });
            Scores s = pc.score(test);
            assertEquals(UnsupervisedTestData.SIDE, s.side());
            double auroc = BinaryMetrics.of(s.image(), defective).auroc();
            assertTrue(auroc > 0.95, "image AUROC " + auroc);
            float[] map = s.maps().get(test.size() - 1);
            int argMax = 0;
            for (int i = 1; i < map.length; i++) {
                argMax = map[i] > map[argMax] ? i : argMax;
            }
            int x = argMax % 64;
            int y = argMax / 64;
            assertTrue(x >= 22 && x < 52 && y >= 4 && y < 34, "the map peaks at " + x + "," + y);
        }
    }

    @Test
    void coresetIsDeterministicAndCoversTheSpace() {
        Random rnd = new Random(2);
        int n = 400;
        int d = 32;
        float[] f = new float[n * d];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) rnd.nextGaussian();
        }
        f[7 * d] = 100; // one far outlier: the first pick of a k-center greedy
        try (NDManager m = NDManager.newBaseManager()) {
            int[] a = Coreset.select(m, f, n, d, 40, 16, 5);
            int[] b = Coreset.select(m, f, n, d, 40, 16, 5);
            assertArrayEquals(a, b);
            assertEquals(40, java.util.Arrays.stream(a).distinct().count());
            assertTrue(a[0] == 7 || a[1] == 7, "the outlier is taken first: " + java.util.Arrays.toString(a));
        }
    }
}
