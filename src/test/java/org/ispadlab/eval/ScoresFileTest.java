package org.ispadlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ispadlab.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoresFileTest {

    @TempDir
    Path tmp;

    @Test
    void readsLabelsInTheirCommonSpellingsAndAnyColumnOrder() throws Exception {
        Path f = Files.writeString(tmp.resolve("s.csv"), "score,label,path\n0.9,defective,a.png\n-2.5,good,b.png\n\n3,1,c\n1e-3,OK,d\n");
        ScoresFile s = ScoresFile.read(f);
        assertArrayEquals(new double[] {0.9, -2.5, 3, 1e-3}, s.scores());
        assertArrayEquals(new boolean[] {true, false, true, false}, s.defective());
    }

    @Test
    void errorsNameFileLineAndWhatWasExpected() throws Exception {
        Path noScore = Files.writeString(tmp.resolve("a.csv"), "path,label\nx,1\n");
        assertEquals(noScore + ": expected columns 'label' and 'score' in the header (and 'path' or 'id'), found columns [path, label]",
                assertThrows(DataFormatException.class, () -> ScoresFile.read(noScore)).getMessage());
        Path badLabel = Files.writeString(tmp.resolve("b.csv"), "id,label,score\nx,1,0.2\ny,maybe,0.3\n");
        assertEquals(badLabel + ": expected a label (1/0, defective/good, true/false) on line 3, found 'maybe'",
                assertThrows(DataFormatException.class, () -> ScoresFile.read(badLabel)).getMessage());
        Path badScore = Files.writeString(tmp.resolve("c.csv"), "id,label,score\nx,1,high\n");
        assertEquals(badScore + ": expected a number as score on line 2, found 'high'",
                assertThrows(DataFormatException.class, () -> ScoresFile.read(badScore)).getMessage());
        Path empty = Files.writeString(tmp.resolve("d.csv"), "id,label,score\n");
        assertEquals(empty + ": expected at least one scored image, found a header only",
                assertThrows(DataFormatException.class, () -> ScoresFile.read(empty)).getMessage());
    }
}
