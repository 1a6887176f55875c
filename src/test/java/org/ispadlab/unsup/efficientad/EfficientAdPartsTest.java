package org.ispadlab.unsup.efficientad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.ispadlab.data.Image8;
import org.ispadlab.unsup.Grids;
import org.junit.jupiter.api.Test;

class EfficientAdPartsTest {

    @Test
    void pdnOutputSidesAreTheReferencesWithAndWithoutPadding() {
        try (NDManager m = NDManager.newBaseManager();
             Pdn small = new Pdn(m, "s", Pdn.Size.SMALL, 1, 8, new SplittableRandom(1));
             Pdn medium = new Pdn(m, "m", Pdn.Size.MEDIUM, 3, 8, new SplittableRandom(1))) {
            // 256 px: 56 x 56 unpadded (the reference's worked shapes), 64 x 64 padded (H/4)
            assertEquals(new Shape(1, 8, 56, 56), small.forward(m.zeros(new Shape(1, 1, 256, 256)), false).getShape());
            assertEquals(new Shape(1, 8, 64, 64), small.forward(m.zeros(new Shape(1, 1, 256, 256)), true).getShape());
            assertEquals(new Shape(2, 8, 24, 24), small.forward(m.zeros(new Shape(2, 1, 128, 128)), false).getShape());
            assertEquals(new Shape(1, 8, 56, 56), medium.forward(m.zeros(new Shape(1, 3, 256, 256)), false).getShape());
            assertEquals(new Shape(1, 8, 64, 64), medium.forward(m.zeros(new Shape(1, 3, 256, 256)), true).getShape());
        }
    }

    @Test
    void theAutoencoderReconstructsAtTheTeachersSideAndRefusesSmallInputs() {
        try (NDManager m = NDManager.newBaseManager();
             AutoEncoder ae = new AutoEncoder(m, 1, 16, 128, 24, new SplittableRandom(2))) {
            NDArray x = m.randomNormal(new Shape(2, 1, 128, 128));
            assertEquals(new Shape(2, 16, 24, 24), ae.forward(x, null).getShape());
            // dropout from the seed: same seed, same output; without it, deterministic too
            float[] a = ae.forward(x, new SplittableRandom(5)).toFloatArray();
            float[] b = ae.forward(x, new SplittableRandom(5)).toFloatArray();
            assertArrayEquals(a, b);
            assertNotEquals(ae.forward(x, null).getFloat(0, 0, 0, 0), Float.NaN);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> new AutoEncoder(m, 1, 16, 64, 8, new SplittableRandom(2)));
        }
    }

    @Test
    void resizingByMatricesEqualsTheBilinearResizeOfTheMaps() {
        SplittableRandom r = new SplittableRandom(3);
        float[] src = new float[2 * 5 * 7];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(src, new Shape(1, 2, 5, 7));
            float[] viaMatrices = AutoEncoder.resize(m, x, 9).toFloatArray();
            float[] expected = Grids.resize(src, 2, 5, 7, 9, 9);
            assertArrayEquals(expected, viaMatrices, 1e-5f);
        }
        // each row of an interpolation matrix sums to one
        float[] mat = Grids.interpolationMatrix(4, 11);
        for (int i = 0; i < 11; i++) {
            float s = 0;
            for (int j = 0; j < 4; j++) {
                s += mat[i * 4 + j];
            }
            assertEquals(1f, s, 1e-6f);
        }
    }

    @Test
    void channelsAreAveragedAsAdaptivePooling() {
        float[] row = {9, 1, 2, 3, 4, 5, 6, 9};
        // 6 values of row[1..6] to 4: torch.nn.functional.adaptive_avg_pool1d gives [1.5, 2.5, 4.5, 5.5]
        assertArrayEquals(new float[] {1.5f, 2.5f, 4.5f, 5.5f}, EfficientAd.pooled(row, 1, 6, 4), 1e-6f);
        // 3 to 6 repeats each value twice, as torch does
        assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3}, EfficientAd.pooled(row, 1, 3, 6), 1e-6f);
    }

    @Test
    void colourJitterBlendsAsTorchvision() {
        Image8 grey = new Image8(2, 1, 1, new byte[] {100, (byte) 200});
        for (int seed = 0; seed < 20; seed++) {
            Image8 j = ColourJitter.apply(grey, new SplittableRandom(seed));
            // brightness scales both, contrast pulls both toward 150; either way the order stays and 0..255 holds
            assertEquals(true, j.get(0, 0, 0) < j.get(1, 0, 0));
            assertEquals(true, Math.abs(j.get(0, 0, 0) - 100) <= 20 + 1 && Math.abs(j.get(1, 0, 0) - 200) <= 40 + 1);
        }
        assertArrayEquals(ColourJitter.apply(grey, new SplittableRandom(4)).pixels(),
                ColourJitter.apply(grey, new SplittableRandom(4)).pixels(), "same seed, same bytes");
    }
}
