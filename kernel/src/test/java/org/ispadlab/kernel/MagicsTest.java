package org.ispadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ispadlab.kernel.eval.JShellEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagicsTest {

    @TempDir
    Path tmp;

    @Test
    void wordsSplitOnBlanksAndKeepQuotedSpaces() {
        assertEquals(List.of("classpath", "a b.jar", "c.jar"), Magics.words("classpath \"a b.jar\"  c.jar"));
    }

    @Test
    void globsExpandInOrderAndEmptyGlobsAreAnError() throws Exception {
        Files.createFile(tmp.resolve("b.jar"));
        Files.createFile(tmp.resolve("a.jar"));
        Files.createFile(tmp.resolve("notes.txt"));
        assertEquals(List.of(tmp.resolve("a.jar"), tmp.resolve("b.jar")), Magics.expand(tmp + "/*.jar"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Magics.expand(tmp + "/*.zip"));
        assertTrue(e.getMessage().contains("nothing matches"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Magics.expand(tmp + "/missing.jar"));
    }

    @Test
    void loadRunsAScriptAndJavaAroundMagicsRunsInOrder() throws Exception {
        Path script = Files.writeString(tmp.resolve("helpers.jsh"), "int triple(int x) { return 3 * x; }\n");
        try (JShellEvaluator evaluator = new JShellEvaluator(JShellEvaluator.DEFAULT_IMPORTS)) {
            Magics magics = new Magics(evaluator);
            assertEquals(21, magics.run("int seven = 7;\n%load " + script + "\ntriple(seven)"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> magics.run("%nope"));
            assertTrue(e.getMessage().contains("%classpath PATH... and %load FILE.jsh"), e.getMessage());
        }
    }
}
