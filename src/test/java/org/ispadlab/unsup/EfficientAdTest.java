package org.ispadlab.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ispadlab.data.Image8;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.unsup.efficientad.EfficientAd;
import org.ispadlab.unsup.efficientad.Pdn;
import org.junit.jupiter.api.Test;

class EfficientAdTest {

    @Test
    void separatesAnObviousAnomalyAndIsDeterministic() {
        List<Image8> train = UnsupervisedTestData.faultFree(24, 100);
        List<Image8> generic = UnsupervisedTestData.otherModality(16, 300);
        var obvious = UnsupervisedTestData.Obvious.of();
        List<Image8> test = obvious.images();
        boolean[] defective = obvious.defective();
        // a quarter of the reference's distillation batch and few steps: enough for an obvious square
        var settings = new EfficientAd.Settings(Pdn.Size.SMALL, 384, 20, 4, 100, 1, 1e-4, 1e-5, 0.999, true, true, 2,
                1);
        try (EfficientAd ad = new EfficientAd(UnsupervisedTestData.randomResNet18(3), settings, generic)) {
            double[] last = {0};
            ad.fit(train, p -> last[0] = p);
            assertEquals(1.0, last[0], 1e-9, "progress ends at 1");
            Scores s = ad.score(test);
            assertEquals(UnsupervisedTestData.SIDE, s.side());
            double auroc = BinaryMetrics.of(s.image(), defective).auroc();
            assertTrue(auroc > 0.9, "image AUROC " + auroc);
            UnsupervisedTestData.Obvious.assertPeaksOnTheSquare(s);
        }
        float[][] once = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (EfficientAd ad = new EfficientAd(UnsupervisedTestData.randomResNet18(3),
                    new EfficientAd.Settings(Pdn.Size.SMALL, 384, 2, 2, 3, 1, 1e-4, 1e-5, 0.999, true, false, 2, 5),
                    generic)) {
                ad.fit(train.subList(0, 8), p -> { });
                once[run] = ad.score(test).image();
            }
        }
        assertArrayEquals(once[0], once[1], "same seed, same scores");
    }
}
