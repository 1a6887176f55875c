package org.ispadlab.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.junit.jupiter.api.Test;

class AugmentTest {

    @Test
    void table8IsReadFromThePapersTable() {
        AugmentSettings lsm2 = AugmentSettings.of(Modality.LSM_2);
        assertEquals(45.0, lsm2.rotationDeg());
        assertEquals(20.0, lsm2.shearDeg());
        assertEquals(0.75, lsm2.contrastMin());
        AugmentSettings asm = AugmentSettings.of(Modality.ASM);
        assertEquals(1.2, asm.scaleMax());
        assertEquals(1.0, asm.brightnessMin(), "the paper gives ASM no brightness change");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AugmentSettings.of(Modality.ASM, 0.5));
        assertTrue(e.getMessage().contains("[0.80, 0.95]"), e.getMessage());
    }

    /** A bright disc off-centre, and its mask. */
    private static Image8[] disc(int size) {
        Image8 image = Image8.blank(size, size, 1);
        Image8 mask = Image8.blank(size, size, 1);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.set(x, y, 0, 60);
                if (Math.hypot(x - size * 0.62, y - size * 0.4) < size * 0.08) {
                    image.set(x, y, 0, 220);
                    mask.set(x, y, 0, 255);
                }
            }
        }
        return new Image8[] {image, mask};
    }

    @Test
    void masksStayAlignedWithTheirImages() {
        Image8[] d = disc(256);
        Augmenter augmenter = new Augmenter(AugmentSettings.of(Modality.LSM_2, 0.95));
        for (int seed = 0; seed < 40; seed++) {
            Augmenter.Result r = augmenter.apply(d[0], d[1], 256, new SplittableRandom(seed));
            int both = 0;
            int either = 0;
            double threshold = r.image().mean() + 30;
            for (int i = 0; i < 256 * 256; i++) {
                boolean bright = (r.image().pixels()[i] & 0xff) > threshold;
                boolean masked = r.mask().pixels()[i] != 0;
                both += bright && masked ? 1 : 0;
                either += bright || masked ? 1 : 0;
            }
            assertTrue(both > 0.9 * either, "seed " + seed + ": image and mask overlap " + both + "/" + either + " " + r.transform());
            for (byte b : r.mask().pixels()) {
                assertTrue(b == 0 || b == (byte) 255, "the mask stays binary");
            }
        }
    }

    @Test
    void realDefectsAreCroppedAfterTheAffineStepSoNoCornerIsEmpty() {
        // 512 px, white except a 6 px black frame: any Table 8 transform cropped to 256 must stay white
        Image8 real = Image8.blank(512, 512, 3);
        for (int y = 6; y < 506; y++) {
            for (int x = 6; x < 506; x++) {
                for (int c = 0; c < 3; c++) {
                    real.set(x, y, c, 200);
                }
            }
        }
        for (Modality m : new Modality[] {Modality.LSM_1, Modality.LSM_2}) {
            Augmenter augmenter = new Augmenter(AugmentSettings.of(m, 0.95));
            for (int seed = 0; seed < 60; seed++) {
                Augmenter.Result r = augmenter.apply(real, null, 256, new SplittableRandom(seed));
                int min = 255;
                for (byte b : r.image().pixels()) {
                    min = Math.min(min, b & 0xff);
                }
                assertTrue(min > 100, m + " seed " + seed + " has a dark corner: " + r.transform());
            }
        }
    }

    @Test
    void theShareOfAffineTransformsFollowsTheProbability() {
        Augmenter augmenter = new Augmenter(AugmentSettings.of(Modality.LSM_1, 0.8));
        SplittableRandom r = new SplittableRandom(4);
        int affine = 0;
        for (int i = 0; i < 2000; i++) {
            affine += augmenter.draw(r).affine() ? 1 : 0;
        }
        assertEquals(1600, affine, 60);
    }

    @Test
    void identityLeavesThePatchAlone() {
        Image8[] d = disc(64);
        Image8 same = Augmenter.warp(d[0], new Augmenter.Transform(false, 0, 1, 0, false, false, 1, 1), 64, false);
        assertEquals(d[0], same);
        Image8 flipped = Augmenter.warp(d[1], new Augmenter.Transform(true, 0, 1, 0, true, false, 1, 1), 64, true);
        assertEquals(d[1].get(39, 25, 0), flipped.get(63 - 39, 25, 0));
    }

    @Test
    void preprocessingBrightensLsm1AndSmoothsEverything() {
        Image8 flat = Image8.blank(9, 9, 1);
        java.util.Arrays.fill(flat.pixels(), (byte) 100);
        assertEquals(150, Preprocess.apply(flat, Modality.LSM_1).get(4, 4, 0));
        assertEquals(100, Preprocess.apply(flat, Modality.ASM).get(4, 4, 0));
        Image8 impulse = Image8.blank(9, 9, 1);
        impulse.set(4, 4, 0, 255);
        Image8 smoothed = Preprocess.apply(impulse, Modality.ASM);
        // a 3x3 Gaussian with sigma 1: centre weight 0.2042, edge 0.1238, corner 0.0751
        assertEquals(Math.round(255 * 0.2042), smoothed.get(4, 4, 0));
        assertEquals(Math.round(255 * 0.1238), smoothed.get(5, 4, 0));
        assertEquals(Math.round(255 * 0.0751), smoothed.get(5, 5, 0));
    }
}
