package org.ispadlab.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import org.ispadlab.data.DefectSynthesizer;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.ispadlab.data.PatchAugmenter;
import org.ispadlab.io.Prefetcher;

/**
 * The balanced synthetic stream, endless and in memory: entry i is a fault-free patch drawn from a source,
 * augmented, and with probability {@code defectShare} (the paper: 50 %) given a synthetic defect. Entry i is
 * the same on every call and thread. {@link #batches} computes batches ahead on worker threads, so a training
 * loop finds the next batch ready.
 */
public final class BalancedStream {

    /** One entry: the patch, its mask (zeros when fault-free) and label. */
    public record Sample(long index, Image8 image, Image8 mask, boolean defective) {
    }

    private static final int SYNTHESIS_RETRIES = 10;

    private final IntFunction<Image8> source;
    private final int sourceCount;
    private final Modality modality;
    private final LongFunction<? extends DefectSynthesizer> synthesizerAt;
    private final PatchAugmenter augmenter;
    private final int outSize;
    private final long seed;
    private final double defectShare;

    /**
     * @param source      fault-free patch {@code k} of {@code sourceCount}, at least {@code outSize} (larger ones
     *                    are augmented, then centre-cropped)
     * @param augmenter   null for no augmentation
     */
    public BalancedStream(IntFunction<Image8> source, int sourceCount, Modality modality, DefectSynthesizer synthesizer,
                          PatchAugmenter augmenter, int outSize, long seed, double defectShare) {
        this(source, sourceCount, modality, position -> synthesizer, augmenter, outSize, seed, defectShare);
    }

    /**
     * A stream whose synthetic defects change with the position: entry i draws with {@code synthesizerAt.apply(i)}
     * (a {@link Curriculum}'s stages, say).
     */
    public BalancedStream(IntFunction<Image8> source, int sourceCount, Modality modality,
                          LongFunction<? extends DefectSynthesizer> synthesizerAt,
                          PatchAugmenter augmenter, int outSize, long seed, double defectShare) {
        if (sourceCount < 1) {
            throw new IllegalArgumentException("the stream needs at least one fault-free source patch");
        }
        if (defectShare < 0 || defectShare > 1) {
            throw new IllegalArgumentException("defectShare must lie in [0, 1], got " + defectShare);
        }
        this.source = source;
        this.sourceCount = sourceCount;
        this.modality = modality;
        this.synthesizerAt = synthesizerAt;
        this.augmenter = augmenter;
        this.outSize = outSize;
        this.seed = seed;
        this.defectShare = defectShare;
    }

    public Sample get(long index) {
        SplittableRandom r = new SplittableRandom(seed ^ (index * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
        Image8 raw = source.apply(r.nextInt(sourceCount));
        long augmentSeed = r.nextLong();
        Image8 patch = augmenter == null ? crop(raw) : augmenter.augment(raw, modality, outSize, augmentSeed);
        if (r.nextDouble() >= defectShare) {
            return new Sample(index, patch, Image8.blank(outSize, outSize, 1), false);
        }
        DefectSynthesizer.Synthetic defect = synthesizerAt.apply(index).firstVisible(patch, modality, r::nextLong,
                SYNTHESIS_RETRIES);
        return new Sample(index, defect.image(), defect.mask(), true);
    }

    private Image8 crop(Image8 raw) {
        return raw.width() == outSize && raw.height() == outSize ? raw.copy() : raw.centreCrop(outSize);
    }

    /**
     * Endless batches (entries 0..B-1, B..2B-1, ...), computed {@code ahead} batches in advance on
     * {@code threads} daemon threads. Closing the prefetcher stops the workers.
     */
    public Prefetcher<List<Sample>> batches(int batchSize, int threads, int ahead) {
        return new Prefetcher<>(b -> {
            List<Sample> batch = new ArrayList<>(batchSize);
            for (int k = 0; k < batchSize; k++) {
                batch.add(get((long) b * batchSize + k));
            }
            return batch;
        }, Integer.MAX_VALUE, threads, ahead);
    }
}
