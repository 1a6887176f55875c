package org.ispadlab.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.junit.jupiter.api.Test;

/**
 * An LSM-2 pinhole shines through the print where its ink is deepest: its hole lies well inside a cell, so its glow
 * falls on ink rather than beside the bare foil's gaps, which are as bright as the hole (light through a print).
 */
class PinholeTest {

    private static final int PINHOLES = 60;

    /** The clean patch's bare foil: pixels at 80 % of its brightest or more. */
    private static boolean foil(Image8 clean, int x, int y, double brightest) {
        return grey(clean, x, y) >= 0.8 * brightest;
    }

    private static double grey(Image8 image, int x, int y) {
        return (image.get(x, y, 0) + image.get(x, y, 1) + image.get(x, y, 2)) / 3.0;
    }

    @Test
    void aPinholeLiesInsideTheInkAwayFromTheBareFoil() {
        // both presets' sizes and contrasts: the paper's 256 px at 1, the workshop's 64 px at 4
        for (int size : new int[] {64, 256}) {
            PatchFactory factory = new PatchFactory(Modality.LSM_2, size, size == 64 ? 4 : 1, 1);
            SplittableRandom r = new SplittableRandom(21);
            double nearest = Double.MAX_VALUE;
            for (int i = 0; i < PINHOLES; i++) {
                PlateStyle style = PlateStyle.draw(r.split(), r.split());
                double x0 = Math.floor(r.nextDouble() * 15 * size);
                double y0 = Math.floor(r.nextDouble() * 15 * size);
                long seed = r.nextLong();
                Image8 hole = factory.defective(style, x0, y0, size, DefectClass.PINHOLE, 1, new SplittableRandom(seed)).image();
                Image8 clean = factory.good(style, x0, y0, size, new SplittableRandom(seed)).image();
                // the hole: the centre of what the pinhole brightened, weighted by how much; the foil: the clean
                // patch's brightest pixels
                double sum = 0;
                double sx = 0;
                double sy = 0;
                double most = 0;
                double brightest = 0;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double d = Math.max(0, grey(hole, x, y) - grey(clean, x, y));
                        d = d > 8 ? d : 0; // above the sensor noise
                        sum += d;
                        sx += d * x;
                        sy += d * y;
                        most = Math.max(most, d);
                        brightest = Math.max(brightest, grey(clean, x, y));
                    }
                }
                double hx = sx / sum;
                double hy = sy / sum;
                double toFoil = Double.MAX_VALUE;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        if (foil(clean, x, y, brightest)) {
                            toFoil = Math.min(toFoil, Math.hypot(x - hx, y - hy));
                        }
                    }
                }
                assertTrue(most > 40, "pinhole " + i + " at " + size + " px brightens its hole by only " + most);
                nearest = Math.min(nearest, toFoil);
            }
            // a cell is 12-21 px wide: its middle lies 6-10 px from its rim; the rim's soft edge takes 1-2 of them
            assertTrue(nearest >= 4, size + " px: a pinhole lies " + nearest + " px from the bare foil");
        }
    }
}
