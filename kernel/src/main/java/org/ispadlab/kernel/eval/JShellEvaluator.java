package org.ispadlab.kernel.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Java cells evaluated by JShell inside this JVM. Knows nothing about Jupyter: a cell goes in, the value
 * of its last expression (the real object) or a {@link CellException} comes out.
 */
public final class JShellEvaluator implements AutoCloseable {

    /** Imports every session starts with. */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "java.util.*", "java.util.function.*", "java.util.stream.*", "java.io.*", "java.nio.file.*",
            "java.math.*", "java.time.*", "java.awt.image.BufferedImage");

    /** Whether a cell's text is ready to run; mirrors Jupyter's is_complete states. */
    public enum Readiness { COMPLETE, INCOMPLETE, INVALID }

    /** Completion candidates replacing the cell text between {@code start} and {@code end}. */
    public record Completions(List<String> candidates, int start, int end) {
    }

    private final JShell shell;
    private final CellExecutionControl control;
    private final SourceCodeAnalysis analysis;

    public JShellEvaluator(List<String> imports) {
        SnippetLoaderDelegate loader = new SnippetLoaderDelegate(JShellEvaluator.class.getClassLoader());
        this.control = new CellExecutionControl(loader);
        this.shell = JShell.builder()
                .executionEngine(new FixedProvider(control), Map.of())
                .compilerOptions("-Xlint:none", "-proc:none")
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        for (String entry : imports) {
            shell.eval("import " + entry + ";");
        }
    }

    /**
     * Runs a cell. Returns the value of its last snippet when that is an expression, else null; as in
     * IPython, a semicolon after the last expression ({@code display(x);}) keeps its value from showing.
     */
    public Object eval(String cell) throws CellException {
        control.beginCell();
        Map<String, Integer> snippetLines = new LinkedHashMap<>();
        Object value = null;
        for (Segment segment : split(cell)) {
            List<SnippetEvent> events = shell.eval(segment.source());
            value = null;
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    continue; // updates of earlier snippets that depend on this one
                }
                Snippet snippet = event.snippet();
                snippetLines.put(snippet.id(), segment.line());
                if (control.stopRequested()) {
                    throw new CellInterruptedException();
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    throw compilationError(cell, segment, snippet);
                }
                JShellException thrown = event.exception();
                if (thrown != null) {
                    throw new CellRuntimeException(thrown, snippetLines);
                }
                Object result = control.takeLastValue();
                if (isExpression(snippet) && !endsWithSemicolon(cell, segment)) {
                    value = result;
                }
                if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                    // JShell keeps each expression's value as a variable $N and imports every live
                    // variable into each later snippet: dropping them keeps a cell's cost flat
                    shell.drop(snippet);
                }
            }
        }
        return value;
    }

    /** Stops the running cell, if any; safe to call from any thread. */
    public void interrupt() {
        control.stop();
    }

    /** Adds jars or folders (separated by the path separator) to what cells compile and run against. */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    public Readiness readiness(String cell) {
        String rest = cell;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE: return Readiness.INCOMPLETE;
                case UNKNOWN: return Readiness.INVALID;
                case EMPTY: return Readiness.COMPLETE;
                default: rest = info.remaining();
            }
        }
        return Readiness.COMPLETE;
    }

    /** Tab completion at {@code cursor}, within the snippet of the cell the cursor is in. */
    public Completions complete(String cell, int cursor) {
        Segment segment = segmentAt(cell, cursor);
        String code = cell.substring(segment.start(), Math.max(segment.start(), segment.end()));
        int local = cursor - segment.start();
        int[] anchor = {-1};
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(code, local, anchor);
        Set<String> candidates = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> candidates.add(s.continuation()));
        suggestions.forEach(s -> candidates.add(s.continuation()));
        int start = anchor[0] < 0 ? cursor : segment.start() + anchor[0];
        return new Completions(List.copyOf(candidates), start, cursor);
    }

    /** Shift-Tab help: signatures and javadoc of what is under the cursor, or a variable's type and value. */
    public Optional<String> inspect(String cell, int cursor) {
        Segment segment = segmentAt(cell, cursor);
        String code = cell.substring(segment.start(), Math.max(segment.start(), segment.end()));
        int local = Math.min(code.length(), Math.max(0, cursor - segment.start()));
        String word = wordAt(code, local);
        int wordEnd = local;
        while (wordEnd < code.length() && Character.isJavaIdentifierPart(code.charAt(wordEnd))) {
            wordEnd++;
        }
        Optional<String> variable = shell.variables()
                .filter(v -> v.name().equals(word) && shell.status(v).isActive())
                .reduce((a, b) -> b)
                .map(v -> v.typeName() + " " + v.name() + " = " + shell.varValue(v));
        if (variable.isPresent()) {
            return variable;
        }
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, wordEnd, true);
        if (docs.isEmpty() && wordEnd < code.length() && code.charAt(wordEnd) == '(') {
            docs = analysis.documentation(code, wordEnd + 1, true);
        }
        if (docs.isEmpty()) {
            // JShell documents a method from inside its parentheses: "Math.abs" is asked as "Math.abs("
            docs = analysis.documentation(code.substring(0, wordEnd) + "(", wordEnd + 1, true);
        }
        if (!docs.isEmpty()) {
            return Optional.of(docs.stream()
                    .map(d -> d.signature() + (d.javadoc() == null ? "" : "\n\n" + d.javadoc().strip()))
                    .collect(Collectors.joining("\n\n")));
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        shell.close();
    }

    // ---- cells split into JShell snippets

    /**
     * One snippet of a cell: its source as JShell wants it (leading blanks included, so compiler
     * positions count from {@code start}), where it lies in the cell, and the line its code starts on
     * (JShell numbers stack-trace lines from there).
     */
    private record Segment(String source, int start, int end, int line) {
    }

    private List<Segment> split(String cell) {
        List<Segment> segments = new ArrayList<>();
        int offset = 0;
        while (offset < cell.length()) {
            String remaining = cell.substring(offset);
            int lead = leadingBlank(remaining);
            if (lead == remaining.length()) {
                break;
            }
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            int end = cell.length() - info.remaining().length();
            if (end <= offset) {
                end = cell.length();
            }
            String source = info.completeness().isComplete() ? info.source() : remaining;
            segments.add(new Segment(source, offset, end, lineOf(cell, offset + lead)));
            offset = end;
        }
        return segments;
    }

    private Segment segmentAt(String cell, int cursor) {
        Segment last = new Segment(cell, 0, cell.length(), 1);
        for (Segment s : split(cell)) {
            last = s;
            if (cursor <= s.end()) {
                break;
            }
        }
        return last.end() < cursor ? new Segment(cell, last.start(), cell.length(), last.line()) : last;
    }

    private CompilationException compilationError(String cell, Segment segment, Snippet snippet) {
        List<CompilationException.Problem> problems = new ArrayList<>();
        List<Diag> diags = shell.diagnostics(snippet).filter(Diag::isError).toList();
        for (Diag d : diags) {
            int pos = d.getStartPosition() < 0 ? 0 : (int) d.getStartPosition();
            int endPos = d.getEndPosition() < 0 ? pos + 1 : (int) d.getEndPosition();
            int at = cellOffset(cell, segment, pos);
            int line = lineOf(cell, at);
            int lineStart = cell.lastIndexOf('\n', at - 1) + 1;
            int lineEnd = cell.indexOf('\n', at);
            String text = cell.substring(lineStart, lineEnd < 0 ? cell.length() : lineEnd);
            int column = at - lineStart + 1;
            int length = Math.max(1, Math.min(endPos - pos, text.length() - column + 1));
            problems.add(new CompilationException.Problem(line, column,
                    d.getMessage(Locale.ENGLISH), text, length));
        }
        if (problems.isEmpty()) {
            String text = cell.substring(segment.start(), Math.min(cell.length(), segment.end())).strip();
            problems.add(new CompilationException.Problem(segment.line(), 1,
                    "this snippet is not valid Java: " + snippet.kind(), text.lines().findFirst().orElse(""), 1));
        }
        return new CompilationException(problems);
    }

    /** Maps a position in the snippet's source to the cell; JShell may have appended a semicolon. */
    private static int cellOffset(String cell, Segment segment, int pos) {
        return Math.min(Math.max(segment.start(), segment.start() + pos), Math.max(0, cell.length() - 1));
    }

    private static boolean endsWithSemicolon(String cell, Segment segment) {
        return cell.substring(segment.start(), Math.min(cell.length(), segment.end())).strip().endsWith(";");
    }

    private static boolean isExpression(Snippet snippet) {
        return switch (snippet.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND, ASSIGNMENT_SUBKIND -> true;
            default -> snippet.kind() == Snippet.Kind.EXPRESSION;
        };
    }

    private static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String wordAt(String code, int cursor) {
        int start = cursor;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        return code.substring(start, end);
    }

    /** Hands JShell the one execution control this evaluator owns. */
    private record FixedProvider(ExecutionControl control) implements ExecutionControlProvider {
        @Override
        public String name() {
            return "ispad-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
