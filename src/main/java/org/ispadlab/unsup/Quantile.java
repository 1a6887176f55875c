package org.ispadlab.unsup;

import java.util.Arrays;

/** Quantiles as the methods' reference code takes them with {@code torch.quantile}. */
public final class Quantile {

    private Quantile() {
    }

    /** The {@code q} quantile of {@code values}, linearly interpolated between the two nearest ranks. */
    public static float of(float[] values, double q) {
        if (values.length == 0 || !(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("a quantile needs values and q in [0, 1], got " + values.length
                    + " values and q = " + q);
        }
        float[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return (float) (v[lo] + (pos - lo) * (v[hi] - v[lo]));
    }
}
