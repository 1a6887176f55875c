package org.ispadlab.eval;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A metric over several seeds: the mean and the half-width of its 95 % confidence interval from Student's t
 * distribution with n - 1 degrees of freedom (commons-math's quantile, not a table), so three seeds give
 * mean +- 4.30 s / sqrt(3). One seed has no interval (half-width NaN).
 */
public record SeedInterval(double mean, double halfWidth, int n) {

    public static SeedInterval of(double... values) {
        if (values.length == 0 || Arrays.stream(values).anyMatch(v -> !Double.isFinite(v))) {
            throw new IllegalArgumentException("an interval needs at least one finite value, got "
                    + Arrays.toString(values));
        }
        int n = values.length;
        double mean = Arrays.stream(values).average().orElseThrow();
        if (n == 1) {
            return new SeedInterval(mean, Double.NaN, 1);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
        return new SeedInterval(mean, t * sd / Math.sqrt(n), n);
    }

    public double low() {
        return mean - halfWidth;
    }

    public double high() {
        return mean + halfWidth;
    }

    /** True when the two intervals share no point (both need n > 1). */
    public boolean separatedFrom(SeedInterval other) {
        return high() < other.low() || other.high() < low();
    }

    /** "0.62 +- 0.05", or "0.62" for one seed. */
    public String format(int digits) {
        String f = "%." + digits + "f";
        return n == 1 ? String.format(Locale.ROOT, f, mean)
                : String.format(Locale.ROOT, f + " +- " + f, mean, halfWidth);
    }

    @Override
    public String toString() {
        return format(3);
    }
}
