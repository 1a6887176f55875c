package org.ispadlab.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ispadlab.data.DataFormatException;

/**
 * Per-image scores of any method as CSV, with a header naming the columns: an id ({@code path} or
 * {@code id}), {@code label} (1/0, defective/good, true/false, anomalous/normal, nok/ok) and {@code score}
 * (higher = more likely defective). Errors name the file, the line and what was expected.
 */
public record ScoresFile(double[] scores, boolean[] defective) {

    private static final List<String> POSITIVE = List.of("1", "defective", "true", "anomalous", "nok", "bad");
    private static final List<String> NEGATIVE = List.of("0", "good", "false", "normal", "ok");

    public static ScoresFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "a CSV file of scores", "no such file");
        }
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            if (header == null) {
                throw new DataFormatException(file, "a header line with label and score columns", "an empty file");
            }
            List<String> columns = Arrays.stream(header.split(",", -1)).map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
            int label = columns.indexOf("label");
            int score = columns.indexOf("score");
            if (label < 0 || score < 0) {
                throw new DataFormatException(file, "columns 'label' and 'score' in the header (and 'path' or 'id')",
                        "columns " + columns);
            }
            double[] scores = new double[1024];
            boolean[] labels = new boolean[1024];
            int n = 0;
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != columns.size()) {
                    throw new DataFormatException(file, columns.size() + " fields on line " + lineNo, f.length + " fields");
                }
                if (n == scores.length) {
                    scores = Arrays.copyOf(scores, 2 * n);
                    labels = Arrays.copyOf(labels, 2 * n);
                }
                labels[n] = parseLabel(file, lineNo, f[label]);
                try {
                    scores[n] = Double.parseDouble(f[score].strip());
                } catch (NumberFormatException e) {
                    throw new DataFormatException(file, "a number as score on line " + lineNo, "'" + f[score] + "'");
                }
                if (Double.isNaN(scores[n])) {
                    throw new DataFormatException(file, "a number as score on line " + lineNo, "NaN");
                }
                n++;
            }
            if (n == 0) {
                throw new DataFormatException(file, "at least one scored image", "a header only");
            }
            return new ScoresFile(Arrays.copyOf(scores, n), Arrays.copyOf(labels, n));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean parseLabel(Path file, int lineNo, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (POSITIVE.contains(v)) {
            return true;
        }
        if (NEGATIVE.contains(v)) {
            return false;
        }
        throw new DataFormatException(file, "a label (1/0, defective/good, true/false) on line " + lineNo, "'" + value + "'");
    }
}
