package org.ispadlab.eval;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ispadlab.data.DataFormatException;

/**
 * Per-image scores of any method as CSV (RFC 4180, read with Apache Commons CSV: quoted fields, commas and line
 * breaks inside quotes), with a header naming the columns: an id ({@code path} or {@code id}), {@code label}
 * (1/0, defective/good, true/false, anomalous/normal, nok/ok) and {@code score} (higher = more likely defective).
 * Errors name the file, the line and what was expected; an id that appears twice is refused (an image scored
 * twice would count twice).
 */
public record ScoresFile(double[] scores, boolean[] defective) {

    private static final List<String> POSITIVE = List.of("1", "defective", "true", "anomalous", "nok", "bad");
    private static final List<String> NEGATIVE = List.of("0", "good", "false", "normal", "ok");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get();

    public static ScoresFile read(Path file) {
        return read(file, "score");
    }

    /**
     * The scores of column {@code scoreColumn} (case-insensitive), e.g. one model of the defect-group explorer's
     * table, which holds one score column per model beside {@code label}.
     */
    public static ScoresFile read(Path file, String scoreColumn) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "a CSV file of scores", "no such file");
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVParser.builder().setReader(in).setFormat(FORMAT).get()) {
            var records = csv.iterator();
            if (!records.hasNext()) {
                throw new DataFormatException(file, "a header line with label and score columns", "an empty file");
            }
            List<String> columns = records.next().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
            int label = columns.indexOf("label");
            int score = columns.indexOf(scoreColumn.toLowerCase(Locale.ROOT));
            int id = columns.contains("path") ? columns.indexOf("path") : columns.indexOf("id");
            if (label < 0 || score < 0) {
                throw new DataFormatException(file, "columns 'label' and '" + scoreColumn + "' in the header (and "
                        + "'path' or 'id')", "columns " + columns);
            }
            double[] scores = new double[1024];
            boolean[] labels = new boolean[1024];
            Map<String, Long> seen = new HashMap<>();
            int n = 0;
            while (hasNext(file, records, csv)) {
                CSVRecord r = records.next();
                long line = csv.getCurrentLineNumber();
                if (r.size() != columns.size()) {
                    throw new DataFormatException(file, columns.size() + " fields on line " + line, r.size() + " fields");
                }
                if (id >= 0) {
                    Long first = seen.putIfAbsent(r.get(id), line);
                    if (first != null) {
                        throw new DataFormatException(file, "each image once (an image scored twice counts twice)",
                                "'" + r.get(id) + "' on line " + first + " and again on line " + line);
                    }
                }
                if (n == scores.length) {
                    scores = Arrays.copyOf(scores, 2 * n);
                    labels = Arrays.copyOf(labels, 2 * n);
                }
                labels[n] = parseLabel(file, line, r.get(label));
                scores[n] = parseScore(file, line, r.get(score), columns.get(score));
                n++;
            }
            if (n == 0) {
                throw new DataFormatException(file, "at least one scored image", "a header only");
            }
            return new ScoresFile(Arrays.copyOf(scores, n), Arrays.copyOf(labels, n));
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file, "a UTF-8 text file of scores", "bytes that are not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Defective images in the file. */
    public int positives() {
        int n = 0;
        for (boolean d : defective) {
            n += d ? 1 : 0;
        }
        return n;
    }

    /** Commons CSV reports malformed text (an unclosed quote) as an unchecked exception: name file and line. */
    private static boolean hasNext(Path file, java.util.Iterator<CSVRecord> records, CSVParser csv) {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new DataFormatException(file, "a UTF-8 text file of scores", "bytes that are not UTF-8 text");
            }
            throw new DataFormatException(file, "well-formed CSV after line " + csv.getCurrentLineNumber(),
                    String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
    }

    private static double parseScore(Path file, long line, String value, String column) {
        try {
            double v = Double.parseDouble(value);
            if (!Double.isFinite(v)) {
                throw new DataFormatException(file, "a finite number as " + column + " on line " + line, "'" + value + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, "a number as " + column + " on line " + line, "'" + value + "'");
        }
    }

    private static boolean parseLabel(Path file, long line, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (POSITIVE.contains(v)) {
            return true;
        }
        if (NEGATIVE.contains(v)) {
            return false;
        }
        throw new DataFormatException(file, "a label (1/0, defective/good, true/false) on line " + line, "'" + value + "'");
    }
}
