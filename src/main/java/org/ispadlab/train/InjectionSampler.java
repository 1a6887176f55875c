package org.ispadlab.train;

import java.util.SplittableRandom;

/**
 * The stochastic batch-level injection of Sec. 4.1: every patch of the training stream is, independently and
 * with probability {@code p}, replaced by an augmented real defective patch. Mixed training requires
 * {@code p} in [1/B, 0.25]: at least one real defect per batch in expectation, and real defects never dominate
 * the synthetic stream. The oversampling baseline (a pure fault-free stream with p = 0.5) is the one exception.
 * The decision for stream position i depends only on the seed and i, so a resumed run repeats it exactly.
 */
public final class InjectionSampler {

    /** The paper's p_inj for mixed training, at its batch of 128. */
    public static final double DEFAULT_P = 1.0 / 32;
    /** Real defects per batch the paper injected in expectation: 1/32 of 128. */
    public static final int PAPER_DEFECTS_PER_BATCH = 4;
    public static final double MAX_P = 0.25;
    /** Oversampling (Krassnig et al. 2024): half of every batch real defects, the other half fault-free. */
    public static final double OVERSAMPLING_P = 0.5;

    private final double p;
    private final long seed;

    private InjectionSampler(double p, long seed) {
        this.p = p;
        this.seed = seed;
    }

    /**
     * The p_inj that injects the paper's {@value #PAPER_DEFECTS_PER_BATCH} real defects per batch in expectation
     * at {@code batchSize}, within [1/B, 0.25]: 1/32 at the paper's batch of 128, 1/8 at the workshop's 32. At
     * 1/32 a batch of 32 holds one real defect, and 250 fine-tuning steps show each of 48 defects about five
     * times; the paper's runs showed each hundreds of times (README, calibration run 6).
     */
    public static double forBatch(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        return Math.min(MAX_P, Math.max(1.0 / batchSize, (double) PAPER_DEFECTS_PER_BATCH / batchSize));
    }

    /** Mixed training: {@code p} must lie in [1/batchSize, 0.25]. */
    public static InjectionSampler mixed(double p, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        double lower = 1.0 / batchSize;
        if (!(p >= lower - 1e-12 && p <= MAX_P)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "p_inj must lie in [1/B, 0.25] = [%.4f, 0.25] for batch size B = %d, got %s: below 1/B a batch "
                            + "often holds no real defect, above 0.25 real defects dominate the synthetic stream",
                    lower, batchSize, p));
        }
        return new InjectionSampler(p, seed);
    }

    /** The oversampling baseline: p = 0.5 on a pure fault-free stream. */
    public static InjectionSampler oversampling(long seed) {
        return new InjectionSampler(OVERSAMPLING_P, seed);
    }

    /** No injection (synthetic-only training). */
    public static InjectionSampler none() {
        return new InjectionSampler(0, 0);
    }

    public double p() {
        return p;
    }

    /** The random source of stream position {@code position}: whether it injects, and which defect and augmentation. */
    public SplittableRandom at(long position) {
        return new SplittableRandom(seed ^ (position * 0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL));
    }

    /** Whether position {@code position} of the stream is replaced by a real defect. */
    public boolean injects(long position) {
        return p > 0 && at(position).nextDouble() < p;
    }
}
