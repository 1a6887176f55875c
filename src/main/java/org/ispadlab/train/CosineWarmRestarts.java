package org.ispadlab.train;

/**
 * Cosine annealing with warm restarts (Loshchilov and Hutter 2016; PyTorch's CosineAnnealingWarmRestarts), per
 * step: the rate falls from {@code max} to {@code min} over a cycle of {@code t0} steps, restarts, and each next
 * cycle is {@code tMult} times longer.
 */
public record CosineWarmRestarts(double max, double min, long t0, int tMult) {

    public CosineWarmRestarts {
        if (!(min >= 0 && max >= min)) {
            throw new IllegalArgumentException("need 0 <= min <= max learning rate, got " + min + ", " + max);
        }
        if (t0 < 1 || tMult < 1) {
            throw new IllegalArgumentException("need T0 >= 1 and Tmult >= 1, got " + t0 + ", " + tMult);
        }
    }

    /** The learning rate at step {@code step} (0-based). */
    public double at(long step) {
        long cycle = t0;
        long t = step;
        while (t >= cycle) {
            t -= cycle;
            cycle *= tMult;
        }
        return min + (max - min) * (1 + Math.cos(Math.PI * t / cycle)) / 2;
    }
}
