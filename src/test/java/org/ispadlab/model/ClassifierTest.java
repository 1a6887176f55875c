package org.ispadlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ispadlab.data.Image8;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {

    @Test
    void resnet18HasTorchvisionsParameterCount() {
        try (Classifier rgb = Classifier.create(Backbone.RESNET_18, 3, 64, 1, null);
             Classifier grey = Classifier.create(Backbone.RESNET_18, 1, 64, 1, null)) {
            assertEquals(11_177_538, rgb.trainableCount()); // torchvision resnet18(num_classes=2)
            assertEquals(11_177_538 - 2 * 64 * 7 * 7, grey.trainableCount());
            assertTrue(rgb.origin().contains("random initialisation"), rgb.origin());
        }
    }

    @Test
    void sameSeedSameWeightsAndSaveLoadRoundTrips(@TempDir Path dir) throws Exception {
        List<Image8> images = List.of(ramp(0), ramp(40), ramp(90));
        try (Classifier a = Classifier.create(Backbone.RESNET_18, 1, 32, 5, null);
             Classifier b = Classifier.create(Backbone.RESNET_18, 1, 32, 5, null);
             Classifier c = Classifier.create(Backbone.RESNET_18, 1, 32, 6, null)) {
            float[] pa = a.defectProbabilities(images, 2);
            assertArrayEquals(pa, b.defectProbabilities(images, 2));
            a.save(dir.resolve("a.params"));
            c.load(dir.resolve("a.params"));
            assertArrayEquals(pa, c.defectProbabilities(images, 2));
        }
        try (Classifier d = Classifier.create(Backbone.RESNET_18, 1, 32, 9, dir.resolve("a.params"))) {
            assertTrue(d.origin().startsWith("weights from"), d.origin());
        }
    }

    @Test
    void aCopyComputesTheSameAndIsIndependent() {
        List<Image8> images = List.of(ramp(0), ramp(40), ramp(90));
        try (Classifier a = Classifier.create(Backbone.RESNET_18, 1, 32, 5, null); Classifier b = a.copy()) {
            float[] pa = a.defectProbabilities(images, 3);
            assertArrayEquals(pa, b.defectProbabilities(images, 3));
            assertEquals(a.origin(), b.origin());
            InPlace.scale(b.trainable().get(0).getArray(), 0f);
            assertFalse(java.util.Arrays.equals(pa, b.defectProbabilities(images, 3)), "the copy changed");
            assertArrayEquals(pa, a.defectProbabilities(images, 3), "the original did not");
        }
    }

    @Test
    void aFileOfAnotherShapeIsRejectedWithItsName(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("rgb.params");
        try (Classifier rgb = Classifier.create(Backbone.RESNET_18, 3, 32, 1, null)) {
            rgb.save(bad);
        }
        Files.size(bad);
        try (Classifier grey = Classifier.create(Backbone.RESNET_18, 1, 32, 1, null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> grey.load(bad));
            assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        }
    }

    private static Image8 ramp(int offset) {
        Image8 img = Image8.blank(32, 32, 1);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                img.set(x, y, 0, offset + 3 * x + y);
            }
        }
        return img;
    }
}
