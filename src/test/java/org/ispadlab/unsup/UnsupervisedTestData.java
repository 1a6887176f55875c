package org.ispadlab.unsup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.ispadlab.model.Backbone;
import org.ispadlab.model.Classifier;
import org.ispadlab.sim.PatchFactory;

/** Fault-free simulated patches and the same patches with an obvious anomaly (a bright square), for the methods' tests. */
final class UnsupervisedTestData {

    static final int SIDE = 64;

    private UnsupervisedTestData() {
    }

    static List<Image8> faultFree(int count, long seed) {
        return greyPatches("LSM-1", count, seed);
    }

    /** Fault-free patches of another modality (ASM): images unlike the training ones, Efficient-AD's penalty set. */
    static List<Image8> otherModality(int count, long seed) {
        return greyPatches("ASM", count, seed);
    }

    private static List<Image8> greyPatches(String modality, int count, long seed) {
        PatchFactory factory = new PatchFactory(Modality.of(modality), SIDE, 1.0);
        List<Image8> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(factory.faultFree(SIDE, seed + i).grey());
        }
        return out;
    }

    /** A test set: 8 fault-free patches, then 8 others with a bright 14 px square at (30, 12); which are defective. */
    record Obvious(List<Image8> images, boolean[] defective) {
        static Obvious of() {
            List<Image8> images = new ArrayList<>(faultFree(8, 500));
            for (Image8 g : faultFree(8, 900)) {
                images.add(withSquare(g, 30, 12));
            }
            boolean[] defective = new boolean[images.size()];
            for (int i = 8; i < images.size(); i++) {
                defective[i] = true;
            }
            return new Obvious(images, defective);
        }

        /** Fails unless the map of the first defective image peaks on (or next to) its square. */
        static void assertPeaksOnTheSquare(Scores scores) {
            float[] map = scores.maps().get(8);
            int best = 0;
            for (int i = 1; i < map.length; i++) {
                best = map[i] > map[best] ? i : best;
            }
            int x = best % SIDE;
            int y = best / SIDE;
            assertTrue(x >= 22 && x < 52 && y >= 4 && y < 34,
                    "the map's peak (" + x + ", " + y + ") lies near the square");
        }
    }

    /** Paints a 14 px square of full brightness with its corner at (x, y). */
    static Image8 withSquare(Image8 image, int x, int y) {
        Image8 out = image.copy();
        for (int dy = 0; dy < 14; dy++) {
            for (int dx = 0; dx < 14; dx++) {
                out.set(x + dx, y + dy, 0, 255);
            }
        }
        return out;
    }

    static FeatureExtractor randomResNet18(long seed) {
        return new FeatureExtractor(Classifier.create(Backbone.RESNET_18, 1, SIDE, seed, null), List.of(1, 2), 2,
                "random initialisation");
    }
}
