package org.ispadlab.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JShellEvaluatorTest {

    private static JShellEvaluator eval;

    @BeforeAll
    static void start() {
        eval = new JShellEvaluator(JShellEvaluator.DEFAULT_IMPORTS);
    }

    @AfterAll
    static void stop() {
        eval.close();
    }

    @Test
    void keepsStateAcrossCellsAndReturnsTheLastExpressionAsARealObject() throws Exception {
        assertNull(eval.eval("int counter = 40;"));
        eval.eval("counter += 1;\nString greet(String n) { return \"hi \" + n; }");
        assertEquals(42, eval.eval("counter + 1"));
        assertEquals("hi ada", eval.eval("greet(\"ada\")"));
        Object image = eval.eval("new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB)");
        assertEquals(3, assertInstanceOf(BufferedImage.class, image).getWidth());
        assertEquals(List.of(1, 2), eval.eval("var l = new ArrayList<Integer>();\nl.add(1); l.add(2);\nl"));
    }

    @Test
    void statementsAndDeclarationsShowNoValue() throws Exception {
        assertNull(eval.eval("int unused = 5;"));
        assertNull(eval.eval("System.out.println(\"printed\");"));
        assertNull(eval.eval("class Point { int x; }"));
        assertNull(eval.eval("String.valueOf(5);"), "a trailing semicolon hides the value, as in IPython");
        assertEquals("5", eval.eval("String.valueOf(5)"));
    }

    @Test
    void compileErrorsNameTheLineAndColumnWithACaret() {
        CompilationException e = assertThrows(CompilationException.class,
                () -> eval.eval("int a = 1;\nint b = a +\n    missingName;"));
        CompilationException.Problem p = e.problems().get(0);
        assertEquals(3, p.line());
        assertEquals(5, p.column());
        assertTrue(p.message().contains("cannot find symbol"), p.message());
        List<String> report = e.report();
        assertEquals("        ^^^^^^^^^^^", report.get(2));
        assertEquals("        missingName;", report.get(1));
    }

    @Test
    void runtimeErrorsListTheUsersFramesFirstWithCellLines() {
        CellRuntimeException e = assertThrows(CellRuntimeException.class,
                () -> eval.eval("int half(int x) {\n  return 10 / x;\n}\nint y = 3;\nhalf(y - 3);"));
        assertEquals("java.lang.ArithmeticException", e.exceptionClassName());
        List<String> report = e.report();
        assertEquals("java.lang.ArithmeticException: / by zero", report.get(0));
        assertEquals("    at half, line 2 of this cell", report.get(1));
        assertEquals("    at line 5 of this cell", report.get(2));
    }

    @Test
    void libraryFramesComeAfterTheUsersFrames() {
        CellRuntimeException e = assertThrows(CellRuntimeException.class,
                () -> eval.eval("List.of(1).get(5)"));
        List<String> report = e.report();
        assertTrue(report.get(0).startsWith("java.lang.ArrayIndexOutOfBoundsException")
                || report.get(0).startsWith("java.lang.IndexOutOfBoundsException"), report.get(0));
        assertEquals("    at line 1 of this cell", report.get(1));
        assertEquals("  thrown inside:", report.get(2));
        assertTrue(report.get(3).contains("java.util.ImmutableCollections"), report.get(3));
    }

    @Test
    void systemExitFailsTheCellButNotTheKernel() throws Exception {
        CellRuntimeException e = assertThrows(CellRuntimeException.class, () -> eval.eval("System.exit(3);"));
        assertTrue(e.report().get(0).contains("System.exit(3) was called in a cell"), e.report().get(0));
        assertThrows(CellRuntimeException.class, () -> eval.eval("Runtime.getRuntime().halt(1);"));
        assertEquals(2, eval.eval("1 + 1"));
    }

    @Test
    void interruptStopsABusyLoopAndTheRestOfTheCell() throws Exception {
        eval.eval("int after = 0;");
        CompletableFuture<Object> cell = CompletableFuture.supplyAsync(() -> {
            try {
                return eval.eval("long spins = 0;\nwhile (true) { spins++; }\nafter = 1;");
            } catch (CellException e) {
                return e;
            }
        });
        Thread.sleep(500);
        eval.interrupt();
        Object outcome = cell.get(10, TimeUnit.SECONDS);
        assertInstanceOf(CellInterruptedException.class, outcome);
        assertEquals(0, eval.eval("after"));
        assertEquals(7, eval.eval("3 + 4"));
    }

    @Test
    void interruptWakesASleepingCell() throws Exception {
        CompletableFuture<Object> cell = CompletableFuture.supplyAsync(() -> {
            try {
                return eval.eval("Thread.sleep(60_000);");
            } catch (CellException e) {
                return e;
            }
        });
        Thread.sleep(300);
        long t0 = System.nanoTime();
        eval.interrupt();
        assertInstanceOf(CellInterruptedException.class, cell.get(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void completesMembersAndNamesInTheSnippetUnderTheCursor() throws Exception {
        eval.eval("String text = \"abc\";");
        String cell = "int first = 1;\ntext.toUpp";
        JShellEvaluator.Completions c = eval.complete(cell, cell.length());
        assertTrue(c.candidates().contains("toUpperCase("), c.candidates().toString());
        assertEquals(cell.length() - "toUpp".length(), c.start());
        assertEquals(cell.length(), c.end());
    }

    @Test
    void inspectShowsSignaturesAndVariables() throws Exception {
        String doc = eval.inspect("Math.abs(3)", 6).orElseThrow();
        assertTrue(doc.contains("abs(int"), doc);
        eval.eval("double ratio = 0.25;");
        assertEquals("double ratio = 0.25", eval.inspect("ratio", 2).orElseThrow());
    }

    @Test
    void readinessFollowsJupytersIsComplete() {
        assertEquals(JShellEvaluator.Readiness.COMPLETE, eval.readiness("int x = 1;"));
        assertEquals(JShellEvaluator.Readiness.INCOMPLETE, eval.readiness("for (int i = 0; i < 3; i++) {"));
        assertEquals(JShellEvaluator.Readiness.COMPLETE, eval.readiness(""));
    }
}
