package org.ispadlab.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jshell.EvalException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * An exception thrown by cell code. The report lists the user's frames first, mapped to lines of this
 * cell, then the library frames it called into; JShell, reflection and kernel frames are left out.
 */
public final class CellRuntimeException extends CellException {

    private static final int LIBRARY_FRAMES_SHOWN = 12;

    private final Throwable thrown;
    /** Snippet id to its first line in the cell, for the snippets of the failing cell. */
    private final Map<String, Integer> snippetLines;

    CellRuntimeException(Throwable thrown, Map<String, Integer> snippetLines) {
        super(describe(thrown));
        this.thrown = thrown;
        this.snippetLines = Map.copyOf(snippetLines);
    }

    /** What the cell threw, as Jupyter's error value: "java.lang.ArithmeticException: / by zero". */
    @Override
    public String getLocalizedMessage() {
        return describe(thrown);
    }

    /** The class name of what the cell threw, e.g. {@code java.lang.ArithmeticException}. */
    public String exceptionClassName() {
        return className(thrown);
    }

    @Override
    public String errorName() {
        return exceptionClassName();
    }

    @Override
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        Throwable t = thrown;
        boolean first = true;
        while (t != null) {
            lines.add((first ? "" : "Caused by: ") + describe(t));
            addFrames(t.getStackTrace(), lines);
            first = false;
            t = t.getCause() == t ? null : t.getCause();
        }
        return lines;
    }

    private void addFrames(StackTraceElement[] stack, List<String> lines) {
        List<String> user = new ArrayList<>();
        List<String> library = new ArrayList<>();
        for (StackTraceElement frame : stack) {
            if (isSnippet(frame)) {
                user.add("    at " + userFrame(frame));
            } else if (user.isEmpty() && !isInternal(frame)) {
                library.add("    at " + frame);
            }
        }
        lines.addAll(user);
        if (!library.isEmpty()) {
            lines.add("  thrown inside:");
            library.stream().limit(LIBRARY_FRAMES_SHOWN).forEach(lines::add);
            if (library.size() > LIBRARY_FRAMES_SHOWN) {
                lines.add("    ... " + (library.size() - LIBRARY_FRAMES_SHOWN) + " more");
            }
        }
    }

    private String userFrame(StackTraceElement frame) {
        String snippetId = frame.getFileName().substring(1);
        String name = frame.getMethodName();
        String method = name.isEmpty() || name.startsWith("do_it$") ? "" : name + ", ";
        Integer firstLine = snippetLines.get(snippetId);
        if (firstLine != null) {
            return method + "line " + (firstLine + frame.getLineNumber() - 1) + " of this cell";
        }
        return method + "snippet #" + snippetId + " line " + frame.getLineNumber() + " (an earlier cell)";
    }

    /** JShell names snippet frames' files "#id". */
    private static boolean isSnippet(StackTraceElement frame) {
        return frame.getFileName() != null && frame.getFileName().startsWith("#");
    }

    private static boolean isInternal(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.")
                || c.startsWith("jdk.jshell.") || c.startsWith("org.ispadlab.kernel.")
                || c.startsWith("java.util.concurrent.");
    }

    private static String className(Throwable t) {
        if (t instanceof EvalException e) {
            return e.getExceptionClassName();
        }
        return t.getClass().getName();
    }

    private static String describe(Throwable t) {
        if (t instanceof UnresolvedReferenceException u) {
            return "cannot run " + u.getSnippet().source().strip() + ": it uses something not yet declared";
        }
        String message = t.getMessage();
        return className(t) + (message == null ? "" : ": " + message);
    }
}
