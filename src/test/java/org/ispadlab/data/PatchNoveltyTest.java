package org.ispadlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The novelty ratio against what it must be on patches whose answer is known. */
class PatchNoveltyTest {

    /** A striped print (period 8 px, phase from the seed) with a little noise. */
    private static Image8 print(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int phase = r.nextInt(8);
        Image8 im = Image8.blank(48, 48, 1);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                im.set(x, y, 0, ((x + phase) % 8 < 4 ? 60 : 180) + r.nextInt(5));
            }
        }
        return im;
    }

    private static List<Image8> prints(int from, int n) {
        return IntStream.range(from, from + n).mapToObj(i -> print(i)).toList();
    }

    private static Image8 square(Image8 patch, int x0, int y0, int side, int value) {
        Image8 out = patch.copy();
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                out.set(x, y, 0, value);
            }
        }
        return out;
    }

    @Test
    void aBankPatchIsNotNovelAndHeldOutOnesAreTheUnit() {
        List<Image8> bank = prints(0, 20);
        List<Image8> heldOut = prints(100, 21);
        PatchNovelty novelty = new PatchNovelty(bank, heldOut);
        assertEquals(0, novelty.novelty(bank.get(3), null), 1e-9, "every window of a bank patch is in the bank");
        assertTrue(novelty.reference() > 0, "held-out noise differs from the bank's");
        long below = heldOut.stream().filter(p -> novelty.ratio(p, null) < 1).count();
        assertEquals(10, below, "the unit is the held-out patches' median");
    }

    @Test
    void aDefectStandsOutAndIsMeasuredWhereItsMaskIs() {
        PatchNovelty novelty = new PatchNovelty(prints(0, 20), prints(100, 21));
        Image8 defective = square(print(200), 30, 30, 6, 255);
        Image8 mask = square(Image8.blank(48, 48, 1), 30, 30, 6, 255);
        assertTrue(novelty.ratio(defective, mask) > 3, "a saturated square: " + novelty.ratio(defective, mask));
        // a mask elsewhere measures the print there, not the square
        Image8 elsewhere = square(Image8.blank(48, 48, 1), 2, 2, 4, 255);
        assertTrue(novelty.ratio(defective, elsewhere) < 2, "away from the square: " + novelty.ratio(defective, elsewhere));
        // grey luminance of an RGB patch: the same print in three equal channels measures the same
        Image8 rgb = Image8.blank(48, 48, 3);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb.set(x, y, c, defective.get(x, y, 0));
                }
            }
        }
        assertEquals(novelty.novelty(defective, mask), novelty.novelty(rgb, mask), 1e-9);
    }

    @Test
    void withoutFaultFreePatchesItSaysWhatIsMissing() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PatchNovelty(List.of(), prints(0, 3)));
        assertTrue(e.getMessage().contains("fault-free"), e.getMessage());
        var small = assertThrows(IllegalArgumentException.class,
                () -> new PatchNovelty(List.of(Image8.blank(8, 8, 1)), prints(0, 3)));
        assertTrue(small.getMessage().contains("16 px"), small.getMessage());
    }
}
