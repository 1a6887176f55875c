package org.ispadlab.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ispadlab.augment.Augmenter;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.sim.PatchFactory;
import org.ispadlab.train.EvalSet;
import org.ispadlab.train.FixedStream;
import org.ispadlab.train.InjectionSampler;
import org.ispadlab.train.TrainConfig;
import org.ispadlab.train.TrainListener;
import org.ispadlab.train.Trainer;
import org.ispadlab.train.TrainingSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grad-CAM and occlusion on the obvious-anomaly fixture: simulated LSM-1 patches with a bright square. */
class GradCamTest {

    private static final int SIDE = 64;
    private static final int SQUARE = 14;

    /** Patch {@code k}: a fault-free LSM-1 patch; odd ones carry a bright square at a seeded position. */
    private static Image8 patch(int k) {
        Image8 img = new PatchFactory(Modality.LSM_1, SIDE, 1.0).faultFree(SIDE, 500 + k).grey();
        if (k % 2 == 1) {
            int[] at = corner(k);
            for (int dy = 0; dy < SQUARE; dy++) {
                for (int dx = 0; dx < SQUARE; dx++) {
                    img.set(at[0] + dx, at[1] + dy, 0, 255);
                }
            }
        }
        return img;
    }

    private static int[] corner(int k) {
        SplittableRandom r = new SplittableRandom(k);
        return new int[] {2 + r.nextInt(SIDE - SQUARE - 4), 2 + r.nextInt(SIDE - SQUARE - 4)};
    }

    private static boolean[] mask(int k) {
        boolean[] m = new boolean[SIDE * SIDE];
        int[] at = corner(k);
        for (int dy = 0; dy < SQUARE; dy++) {
            for (int dx = 0; dx < SQUARE; dx++) {
                m[(at[1] + dy) * SIDE + at[0] + dx] = true;
            }
        }
        return m;
    }

    @Test
    void theMapsOfAClassifierThatLearnedTheSquarePeakInsideIt(@TempDir Path dir) {
        int n = 96;
        int[] entries = new int[n];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            entries[k] = k;
            labels[k] = k % 2;
        }
        TrainingSet set = new TrainingSet(Modality.LSM_1, SIDE, 1, new FixedStream(GradCamTest::patch, entries, labels,
                3), List.of(), InjectionSampler.none(), Augmenter.table8(0.9));
        List<Image8> val = new ArrayList<>();
        boolean[] defective = new boolean[16];
        for (int k = 0; k < 16; k++) {
            val.add(patch(1000 + k));
            defective[k] = k % 2 == 1;
        }
        List<String> groups = val.stream().map(i -> "x").toList();
        TrainConfig tiny = TrainConfig.forScale(org.ispadlab.Scale.SMOKE).withBatchSize(16).withMaxEpochs(12)
                .withStepsPerEpoch(6).withPatience(12).withLearningRate(2e-2, 1e-3).withSchedule(12, 2);
        try (Classifier model = Classifier.create(Backbone.RESNET_18, 1, SIDE, 1, null)) {
            new Trainer(tiny).train("square", model, set, new EvalSet(val, defective, groups, groups), dir,
                    TrainListener.SILENT);
            List<Image8> squares = new ArrayList<>();
            List<boolean[]> masks = new ArrayList<>();
            for (int k = 2001; k < 2041; k += 2) {
                squares.add(patch(k));
                masks.add(mask(k));
            }
            float[] p = model.defectProbabilities(squares, 16);
            for (float v : p) {
                assertTrue(v > 0.5, "the classifier learned the square: P(defective) " + v);
            }
            int stage = model.deepestStageOfAtLeast(Attention.MIN_CAM_SIDE);
            assertEquals(1, stage, "at 64 px ResNet-18's layer2 is the deepest stage of 8x8 or more");
            float[][] cams = model.gradCam(squares, 8, stage);
            int peaks = 0;
            double mass = 0;
            for (int i = 0; i < cams.length; i++) {
                assertEquals(SIDE * SIDE, cams[i].length);
                peaks += Attention.peakInMask(cams[i], masks.get(i)) ? 1 : 0;
                mass += Attention.massInMask(cams[i], masks.get(i)) / cams.length;
            }
            // measured: 19 of these 20 (36 of 40 with the next 20); a margin of two images for another CPU's numerics
            assertTrue(peaks >= 0.85 * cams.length, "Grad-CAM peaks inside the square in " + peaks + " of "
                    + cams.length);
            assertTrue(mass > 3 * SQUARE * SQUARE / (double) (SIDE * SIDE), "Grad-CAM's mass is concentrated on the "
                    + "square: " + mass);
            ExploredModel explored = ExploredModel.classifier("square", "square", "test", p, 0.5, dir.resolve(
                    "best.params"), Backbone.RESNET_18, 1);
            model.save(dir.resolve("best.params"));
            try (Attention attention = new Attention(explored, squares)) {
                int occluded = 0;
                for (int i = 0; i < 6; i++) {
                    occluded += Attention.peakInMask(attention.occlusion(i, 12, 6), masks.get(i)) ? 1 : 0;
                }
                assertTrue(occluded >= 5, "occlusion agrees: its peak inside the square in " + occluded + " of 6");
                assertArrayEquals(cams[3], attention.map(3), 1e-5f, "the explorer's map is Grad-CAM's");
            }
        }
    }

    private static void assertArrayEquals(float[] a, float[] b, float delta, String message) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, delta, message);
    }

    @Test
    void massInMaskIsTheShareOfTheShiftedMapInside() {
        float[] map = {1, 1, 3, 5};
        boolean[] mask = {false, false, true, true};
        assertEquals((2 + 4) / 6.0, Attention.massInMask(map, mask), 1e-12);
        assertTrue(Attention.peakInMask(map, mask));
        assertTrue(Double.isNaN(Attention.massInMask(new float[] {2, 2}, new boolean[] {true, false})));
    }
}
