package org.ispadlab.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ispadlab.data.Image8;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.unsup.glass.Glass;
import org.junit.jupiter.api.Test;

class GlassTest {

    @Test
    void separatesAnObviousAnomalyAndIsDeterministic() {
        List<Image8> train = UnsupervisedTestData.faultFree(24, 100);
        var obvious = UnsupervisedTestData.Obvious.of();
        List<Image8> test = obvious.images();
        boolean[] defective = obvious.defective();
        Glass.Settings settings = Glass.Settings.defaults(1).withEpochs(4);
        try (Glass glass = new Glass(UnsupervisedTestData.randomResNet18(3), settings)) {
            double[] last = {0};
            glass.fit(train, p -> last[0] = p);
            assertTrue(Math.abs(last[0] - 1) < 1e-9, "progress ends at 1: " + last[0]);
            Scores s = glass.score(test);
            double auroc = BinaryMetrics.of(s.image(), defective).auroc();
            assertTrue(auroc > 0.9, "image AUROC " + auroc);
        }
        float[][] once = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (Glass glass = new Glass(UnsupervisedTestData.randomResNet18(3), settings.withEpochs(1))) {
                glass.fit(train.subList(0, 8), p -> { });
                once[run] = glass.score(test).image();
            }
        }
        assertArrayEquals(once[0], once[1], "same seed, same scores");
    }
}
