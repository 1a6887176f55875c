package org.ispadlab.unsup;

import java.util.SplittableRandom;

/** Seeded random orders (Fisher-Yates), so the methods' sampling gives the same bytes for the same seed. */
public final class Permutations {

    private Permutations() {
    }

    /** 0..n-1 in a random order drawn from {@code r}. */
    public static int[] shuffled(int n, SplittableRandom r) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
