package org.ispadlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefectStatsTest {

    /** A 40 x 4 bright bar (grey 150) on a background of 100. */
    private static Image8[] bar() {
        Image8 image = Image8.blank(64, 64, 1);
        Image8 mask = Image8.blank(64, 64, 1);
        java.util.Arrays.fill(image.pixels(), (byte) 100);
        for (int y = 30; y < 34; y++) {
            for (int x = 12; x < 52; x++) {
                image.set(x, y, 0, 150);
                mask.set(x, y, 0, 255);
            }
        }
        return new Image8[] {image, mask};
    }

    @Test
    void areaContrastElongationAndCentroidOfABar() {
        Image8[] b = bar();
        DefectStats s = DefectStats.of("bar", Modality.ASM, "points", b[0], b[1]);
        assertEquals(160, s.areaPx());
        assertEquals(160.0 / 4096, s.areaFraction(), 1e-12);
        assertEquals(50.0, s.contrast(), 1e-9);
        // principal axes of a 40 x 4 box: sqrt((40^2/12) / (4^2/12)) = 10
        assertEquals(10.0, s.elongation(), 1e-9);
        assertEquals(31.5 / 64, s.centroidX(), 1e-12);
        assertEquals(31.5 / 64, s.centroidY(), 1e-12);
    }

    @Test
    void dilationGrowsASquareByTheRadius() {
        boolean[] in = new boolean[11 * 11];
        in[5 * 11 + 5] = true;
        boolean[] out = DefectStats.dilate(in, 11, 11, 2);
        int n = 0;
        for (boolean b : out) {
            n += b ? 1 : 0;
        }
        assertEquals(25, n);
        assertTrue(out[3 * 11 + 3] && out[7 * 11 + 7] && !out[2 * 11 + 5]);
    }

    @Test
    void coverageIsTheSyntheticEnvelope() {
        Image8[] b = bar();
        DefectStats inside = DefectStats.of("a", Modality.ASM, "points", b[0], b[1]);
        Image8 dot = Image8.blank(64, 64, 1);
        dot.set(3, 3, 0, 255);
        DefectStats tiny = DefectStats.of("b", Modality.ASM, "points", b[0], dot);
        assertArrayEquals(new boolean[] {true, false}, DefectStats.coveredBy(List.of(inside, tiny), List.of(inside, inside, inside)));
    }
}
