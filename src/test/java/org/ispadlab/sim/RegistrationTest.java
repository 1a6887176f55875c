package org.ispadlab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ispadlab.data.Modality;
import org.junit.jupiter.api.Test;

/**
 * LSM-2's print layers are registered on every fault-free plate, and a misalignment is a misregistration no
 * fault-free patch shows: the inks lie on each other over a large part of the patch (the generator's own measure,
 * {@link ModalityModel.TransmissionLineScan#overlapShare}).
 */
class RegistrationTest {

    private static final int PLATES = 300;

    @Test
    void faultFreePlatesAreRegisteredWithinTheTolerance() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < PLATES; i++) {
            PlateStyle s = PlateStyle.draw(r.split(), r.split());
            assertTrue(Math.abs(s.misregX()) <= PlateStyle.REGISTRATION_TOLERANCE
                    && Math.abs(s.misregY()) <= PlateStyle.REGISTRATION_TOLERANCE, "plate " + i);
            for (int size : new int[] {64, 256}) {
                double x0 = Math.floor(r.nextDouble() * 15 * size);
                double y0 = Math.floor(r.nextDouble() * 15 * size);
                assertEquals(0, ModalityModel.TransmissionLineScan.overlapShare(s, x0, y0, size, null),
                        "fault-free plate " + i + " at " + size + " px: its inks overlap");
            }
        }
    }

    @Test
    void everyMisalignmentPutsTheInksOnEachOtherAcrossThePatch() {
        // the paper's contrast and the workshop's (area x2), at each preset's patch size
        for (PatchFactory factory : new PatchFactory[] {new PatchFactory(Modality.LSM_2, 256, 1, 1),
                new PatchFactory(Modality.LSM_2, 64, 4, 2)}) {
            SplittableRandom r = new SplittableRandom(12);
            double least = 1;
            for (int i = 0; i < PLATES; i++) {
                PlateStyle s = PlateStyle.draw(r.split(), r.split());
                AreaDefect shift = factory.area(DefectClass.MISALIGNMENT, 32, 32, r);
                least = Math.min(least, ModalityModel.TransmissionLineScan.overlapShare(s, 100, 200, 64, shift));
            }
            // at least 4 % of the patch's pixels carry both inks (a fault-free patch: none)
            assertTrue(least >= 0.04, "the faintest misalignment overlaps on only " + least + " of the patch");
        }
    }
}
