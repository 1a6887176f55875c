package org.ispadlab.kernel.eval;

import java.util.ArrayList;
import java.util.List;

/** The cell does not compile: each problem with its line, column and a caret under the source. */
public final class CompilationException extends CellException {

    /** One compiler message, located in the cell (1-based line and column). */
    public record Problem(int line, int column, String message, String sourceLine, int length) {
    }

    private final List<Problem> problems;

    CompilationException(List<Problem> problems) {
        super(problems.isEmpty() ? "compile error" : problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    @Override
    public String errorName() {
        return "CompilationException";
    }

    @Override
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        for (Problem p : problems) {
            lines.add("Compile error, line " + p.line() + ", column " + p.column() + ": " + p.message());
            lines.add("    " + p.sourceLine());
            lines.add("    " + " ".repeat(Math.max(0, p.column() - 1)) + "^".repeat(Math.max(1, p.length())));
        }
        return lines;
    }
}
