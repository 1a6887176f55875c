package org.ispadlab.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ispadlab.data.Image8;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.unsup.uflow.UFlow;
import org.junit.jupiter.api.Test;

class UFlowTest {

    @Test
    void separatesAnObviousAnomalyAndIsDeterministic() {
        List<Image8> train = UnsupervisedTestData.faultFree(24, 100);
        var obvious = UnsupervisedTestData.Obvious.of();
        try (UFlow flow = new UFlow(UnsupervisedTestData.randomResNet18(3), UFlow.Settings.defaults(60, 1))) {
            double[] last = {0};
            flow.fit(train, p -> last[0] = p);
            assertEquals(1.0, last[0], 1e-9, "progress ends at 1");
            Scores s = flow.score(obvious.images());
            double auroc = BinaryMetrics.of(s.image(), obvious.defective()).auroc();
            assertTrue(auroc > 0.9, "image AUROC " + auroc + "; " + flow.describe());
            for (float[] map : s.maps()) {
                for (float v : map) {
                    assertTrue(v >= 0 && v <= 1, "a likelihood map lies in [0, 1]: " + v);
                }
            }
            UnsupervisedTestData.Obvious.assertPeaksOnTheSquare(s);
            assertTrue(flow.describe().contains("final loss per value"), flow.describe());
        }
        float[][] once = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (UFlow flow = new UFlow(UnsupervisedTestData.randomResNet18(3), UFlow.Settings.defaults(3, 5))) {
                flow.fit(train.subList(0, 8), p -> { });
                once[run] = flow.score(obvious.images()).image();
            }
        }
        assertArrayEquals(once[0], once[1], "same seed, same scores");
    }
}
