package org.ispadlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The curriculum anneals from the workshop's visibility to the target, one stage per pretraining epoch. */
class DifficultyDialLevelsTest {

    @Test
    void theFirstStageIsTheWorkshopsAndTheLastTheTarget() {
        for (double target : new double[] {0, 0.25, 0.5}) {
            assertEquals(1.0, DifficultyDial.level(target, 0, 6), 0.0);
            assertEquals(target, DifficultyDial.level(target, 5, 6), 1e-12);
            for (int k = 1; k < 6; k++) {
                assertTrue(DifficultyDial.level(target, k, 6) < DifficultyDial.level(target, k - 1, 6));
            }
        }
        assertEquals(0.5, DifficultyDial.level(0.5, 0, 1), 0.0, "a single stage is the target itself");
    }
}
