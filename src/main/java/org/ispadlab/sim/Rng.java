package org.ispadlab.sim;

import java.util.SplittableRandom;

/** Seeds derived from a root seed and a path of names and indices, so every patch has its own stream. */
final class Rng {

    private Rng() {
    }

    /** A generator for (seed, parts...): the same inputs give the same stream on any thread. */
    static SplittableRandom of(long seed, Object... parts) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (Object part : parts) {
            long v = part instanceof Number n ? n.longValue() : part.toString().hashCode() * 0x100000001B3L;
            h = mix(h ^ v);
        }
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static double range(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    static double gaussian(SplittableRandom r) {
        double u = Math.max(1e-12, r.nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
