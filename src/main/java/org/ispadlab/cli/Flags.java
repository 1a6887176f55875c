package org.ispadlab.cli;

import java.util.Locale;

/**
 * Bounds on numeric flags, checked before anything runs: a value outside the range its {@code --help} states is
 * refused with the flag's name, the range and the value (NaN and infinities included). Null (flag not given)
 * passes through.
 */
final class Flags {

    private Flags() {
    }

    /** {@code min <= value <= max}, finite. */
    static Double within(String flag, Double value, double min, double max) {
        if (value != null && !(Double.isFinite(value) && value >= min && value <= max)) {
            throw refused(flag, String.format(Locale.ROOT, "a finite number in [%s, %s]", plain(min), plain(max)), value);
        }
        return value;
    }

    /** {@code 0 < value <= max}, finite. */
    static Double positive(String flag, Double value, double max) {
        if (value != null && !(Double.isFinite(value) && value > 0 && value <= max)) {
            throw refused(flag, String.format(Locale.ROOT, "a finite number in (0, %s]", plain(max)), value);
        }
        return value;
    }

    /** {@code min <= value <= max}. */
    static Integer within(String flag, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw refused(flag, "a whole number in [" + min + ", " + max + "]", value);
        }
        return value;
    }

    /** {@code min <= value <= max}. */
    static Long within(String flag, Long value, long min, long max) {
        if (value != null && (value < min || value > max)) {
            throw refused(flag, "a whole number in [" + min + ", " + max + "]", value);
        }
        return value;
    }

    /** A named value (scale, modality, stream) parsed, its error prefixed with the flag. */
    static <T> T parsed(String flag, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }

    /** A dataset folder given on the command line, which must exist (null: not given). */
    static java.nio.file.Path datasetFolder(String flag, java.nio.file.Path dir) {
        if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
            throw new org.ispadlab.data.DataFormatException(dir, "a dataset folder in ISP-AD's layout (" + flag + ")",
                    "no such folder");
        }
        return dir;
    }

    private static IllegalArgumentException refused(String flag, String expected, Object value) {
        return new IllegalArgumentException(flag + " takes " + expected + ", got " + value);
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
