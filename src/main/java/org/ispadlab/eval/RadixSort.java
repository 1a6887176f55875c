package org.ispadlab.eval;

/**
 * LSD radix sorts, 11 bits a pass: of 64-bit keys by their upper 32 bits, read as unsigned (the lower bits ride
 * along), and of unsigned ints.
 */
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

    /**
     * Sorts {@code a[from, to)} in place as unsigned ints, with {@code tmp} (at least as long) as scratch; two calls
     * on disjoint ranges may run at once.
     */
    static void unsigned(int[] a, int from, int to, int[] tmp) {
        int n = to - from;
        if (n < 2) {
            return;
        }
        int[][] counts = new int[PASSES][BUCKETS];
        for (int i = from; i < to; i++) {
            int v = a[i];
            for (int p = 0; p < PASSES; p++) {
                counts[p][(v >>> (p * BITS)) & (BUCKETS - 1)]++;
            }
        }
        int[] src = a;
        int[] dst = tmp;
        boolean inA = true;
        for (int p = 0; p < PASSES; p++) {
            int[] c = counts[p];
            int shift = p * BITS;
            if (c[(a[from] >>> shift) & (BUCKETS - 1)] == n) {
                continue; // one digit for all: nothing would move
            }
            int[] start = new int[BUCKETS];
            start[0] = from;
            for (int b = 1; b < BUCKETS; b++) {
                start[b] = start[b - 1] + c[b - 1];
            }
            for (int i = from; i < to; i++) {
                int v = src[i];
                dst[start[(v >>> shift) & (BUCKETS - 1)]++] = v;
            }
            int[] t = src;
            src = dst;
            dst = t;
            inA = !inA;
        }
        if (!inA) {
            System.arraycopy(tmp, from, a, from, n);
        }
    }
}
