package org.ispadlab.eval;

/** LSD radix sort of 64-bit keys by their upper 32 bits, read as unsigned; the lower bits ride along. */
final class RadixSort {

    private static final int BITS = 11;
    private static final int BUCKETS = 1 << BITS;
    private static final int PASSES = (32 + BITS - 1) / BITS;

    private RadixSort() {
    }

    /** Sorts {@code keys} in place, stable, by {@code keys[i] >>> 32}. */
    static void byHighInt(long[] keys) {
        int n = keys.length;
        if (n == 0) {
            return;
        }
        int[][] counts = new int[PASSES][BUCKETS];
        for (long k : keys) {
            int high = (int) (k >>> 32);
            for (int p = 0; p < PASSES; p++) {
                counts[p][(high >>> (p * BITS)) & (BUCKETS - 1)]++;
            }
        }
        long[] from = keys;
        long[] to = null;
        for (int p = 0; p < PASSES; p++) {
            int[] c = counts[p];
            if (c[(int) (keys[0] >>> (32 + p * BITS)) & (BUCKETS - 1)] == n) {
                continue; // every key has the same digit here: the pass would not move anything
            }
            if (to == null) {
                to = new long[n];
            }
            int[] start = new int[BUCKETS];
            for (int b = 1; b < BUCKETS; b++) {
                start[b] = start[b - 1] + c[b - 1];
            }
            int shift = 32 + p * BITS;
            for (long k : from) {
                to[start[(int) (k >>> shift) & (BUCKETS - 1)]++] = k;
            }
            long[] t = from;
            from = to;
            to = t;
        }
        if (from != keys) {
            System.arraycopy(from, 0, keys, 0, n);
        }
    }
}
