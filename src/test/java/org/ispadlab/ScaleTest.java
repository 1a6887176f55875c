package org.ispadlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScaleTest {

    @Test
    void parsesNamesInAnyCaseAndExplainsBadOnes() {
        assertEquals(Scale.WORKSHOP, Scale.parse(" Workshop "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scale.parse("huge"));
        assertTrue(e.getMessage().contains("unknown scale 'huge': expected one of smoke, workshop, paper"), e.getMessage());
    }
}
