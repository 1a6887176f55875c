package org.ispadlab.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ispadlab.kernel.eval.JShellEvaluator;

/**
 * Line magics, run by the kernel between the Java parts of a cell:
 * {@code %classpath PATH...} adds jars, folders or globs such as {@code lib/*.jar} to the session;
 * {@code %load FILE} runs a JShell script ({@code .jsh}) as if its text were in the cell.
 * A magic is a line that starts with {@code %}; the Java around it runs in order.
 */
public final class Magics {

    private final JShellEvaluator evaluator;

    public Magics(JShellEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** Runs a cell with magics; returns the value of the last part. */
    public Object run(String cell) {
        Object value = null;
        StringBuilder java = new StringBuilder();
        for (String line : cell.split("\n", -1)) {
            String stripped = line.strip();
            if (stripped.startsWith("%") && !stripped.startsWith("%%")) {
                if (!java.toString().isBlank()) {
                    evaluator.eval(java.toString());
                }
                java.setLength(0);
                value = runMagic(stripped.substring(1));
            } else {
                java.append(line).append('\n');
            }
        }
        if (!java.toString().isBlank()) {
            value = evaluator.eval(java.toString());
        }
        return value;
    }

    private Object runMagic(String line) {
        List<String> words = words(line);
        String name = words.isEmpty() ? "" : words.get(0);
        List<String> args = words.subList(Math.min(1, words.size()), words.size());
        return switch (name) {
            case "classpath" -> classpath(args);
            case "load" -> load(args);
            default -> throw new IllegalArgumentException("unknown magic %" + name
                    + "; this kernel knows %classpath PATH... and %load FILE.jsh");
        };
    }

    /** Adds every path; with no arguments, shows the kernel's own class path. */
    private Object classpath(List<String> args) {
        if (args.isEmpty()) {
            return System.getProperty("java.class.path");
        }
        for (String arg : args) {
            for (Path p : expand(arg)) {
                evaluator.addToClasspath(p.toAbsolutePath().toString());
            }
        }
        return null;
    }

    private Object load(List<String> args) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("%load takes one file, e.g. %load helpers.jsh");
        }
        Path file = Path.of(args.get(0));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("%load: no such file " + file.toAbsolutePath());
        }
        try {
            return run(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("%load: cannot read " + file.toAbsolutePath(), e);
        }
    }

    /** A path, or a glob in its last element ({@code lib/*.jar}); a glob that matches nothing is an error. */
    static List<Path> expand(String arg) {
        if (!arg.contains("*") && !arg.contains("?")) {
            Path p = Path.of(arg);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("%classpath: " + p.toAbsolutePath() + " does not exist");
            }
            return List.of(p);
        }
        Path glob = Path.of(arg);
        Path dir = glob.getParent() == null ? Path.of(".") : glob.getParent();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob.getFileName());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> matched = files.filter(p -> matcher.matches(p.getFileName())).sorted().toList();
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("%classpath: nothing matches " + arg + " in " + dir.toAbsolutePath());
            }
            return matched;
        } catch (IOException e) {
            throw new UncheckedIOException("%classpath: cannot list " + dir.toAbsolutePath(), e);
        }
    }

    /** Splits on blanks; double quotes group words with spaces. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }
}
