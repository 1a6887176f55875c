package org.ispadlab.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ispadlab.data.Image8;
import org.ispadlab.eval.BinaryMetrics;
import org.ispadlab.unsup.ddad.Ddad;
import org.junit.jupiter.api.Test;

class DdadTest {

    @Test
    void separatesAnObviousAnomalyAndIsDeterministic() {
        List<Image8> train = UnsupervisedTestData.faultFree(24, 100);
        var obvious = UnsupervisedTestData.Obvious.of();
        var settings = Ddad.Settings.defaults(100, 1);
        try (Ddad ddad = new Ddad(UnsupervisedTestData.randomResNet18(3), settings)) {
            double[] last = {0};
            ddad.fit(train, p -> last[0] = p);
            assertEquals(1.0, last[0], 1e-9, "progress ends at 1");
            Scores s = ddad.score(obvious.images());
            double auroc = BinaryMetrics.of(s.image(), obvious.defective()).auroc();
            assertTrue(auroc > 0.9, "image AUROC " + auroc + "; " + ddad.describe());
            UnsupervisedTestData.Obvious.assertPeaksOnTheSquare(s);
            // a score does not depend on the image's batch neighbours
            Scores alone = ddad.score(obvious.images().subList(8, 9));
            assertEquals(s.image()[8], alone.image()[0], 1e-4f);
        }
        float[][] once = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (Ddad ddad = new Ddad(UnsupervisedTestData.randomResNet18(3), Ddad.Settings.defaults(3, 5))) {
                ddad.fit(train.subList(0, 8), p -> { });
                once[run] = ddad.score(obvious.images()).image();
            }
        }
        // same seed, same scores: to 1e-5, not to the bit, because oneDNN's AVX-512 convolutions on this U-Net's
        // shapes were seen to differ in the last digits from run to run in one process (the U-Net is the lab's
        // only network where they do; every random choice here is seeded)
        assertArrayEquals(once[0], once[1], 1e-5f, "same seed, same scores");
    }

    @Test
    void adaptationTunesOnlyTheStagesTheMapReads() {
        List<Image8> train = UnsupervisedTestData.faultFree(16, 100);
        var obvious = UnsupervisedTestData.Obvious.of();
        FeatureExtractor features = UnsupervisedTestData.randomResNet18(3);
        List<float[]> read = values(features.trainable());
        List<ai.djl.nn.Parameter> all = features.backbone().trainable();
        List<ai.djl.nn.Parameter> unread = all.subList(features.trainable().size(), all.size());
        List<float[]> unreadBefore = values(unread);
        // 3 epochs of 2 steps (batch 8 of 16 images), a larger rate than the reference's so few steps show
        var adaptation = new Ddad.Adaptation(3, 8, 3, 0.1, 1e-3, 1e-2);
        try (Ddad ddad = new Ddad(features, Ddad.Settings.defaults(60, 1).withAdaptation(adaptation))) {
            ddad.fit(train, p -> { });
            assertTrue(ddad.describe().contains("domain-adapted: 3 epochs of batch 8 (6 steps"), ddad.describe());
            List<float[]> after = values(features.trainable());
            for (int i = 0; i < read.size(); i++) {
                assertFalse(java.util.Arrays.equals(read.get(i), after.get(i)), "parameter " + i + " was tuned");
            }
            List<float[]> unreadAfter = values(unread);
            for (int i = 0; i < unreadBefore.size(); i++) {
                assertArrayEquals(unreadBefore.get(i), unreadAfter.get(i), "a parameter the map does not read");
            }
            Scores s = ddad.score(obvious.images());
            double auroc = BinaryMetrics.of(s.image(), obvious.defective()).auroc();
            assertTrue(auroc > 0.9, "image AUROC after adaptation " + auroc);
        }
    }

    private static List<float[]> values(List<ai.djl.nn.Parameter> params) {
        return params.stream().map(p -> p.getArray().toFloatArray()).toList();
    }
}
