package org.ispadlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedIntervalTest {

    @Test
    void threeSeedsUseStudentsTWithTwoDegreesOfFreedom() {
        SeedInterval s = SeedInterval.of(0.6, 0.7, 0.8);
        assertEquals(0.7, s.mean(), 1e-12);
        // sd 0.1, t(0.975, 2) = 4.302653
        assertEquals(4.302653 * 0.1 / Math.sqrt(3), s.halfWidth(), 1e-6);
        assertEquals("0.70 +- 0.25", s.format(2));
    }

    @Test
    void oneSeedHasNoIntervalAndBadValuesAreRefused() {
        SeedInterval one = SeedInterval.of(0.5);
        assertTrue(Double.isNaN(one.halfWidth()));
        assertEquals("0.50", one.format(2));
        assertThrows(IllegalArgumentException.class, () -> SeedInterval.of());
        assertThrows(IllegalArgumentException.class, () -> SeedInterval.of(0.5, Double.NaN));
    }

    @Test
    void separatedIntervalsShareNoPoint() {
        assertTrue(SeedInterval.of(0.1, 0.11, 0.12).separatedFrom(SeedInterval.of(0.5, 0.51, 0.52)));
        assertFalse(SeedInterval.of(0.1, 0.3, 0.5).separatedFrom(SeedInterval.of(0.4, 0.5, 0.6)));
    }
}
