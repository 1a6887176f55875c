package org.ispadlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ispadlab.data.Image8;
import org.ispadlab.io.Prefetcher;
import org.junit.jupiter.api.Test;

/** The endless balanced stream as a training source: determinism, balance, injection. */
class EndlessStreamTest {

    private static final int BATCH = 16;
    private static final int STEPS = 6;

    /** Every batch of two epochs, built by a prefetcher with {@code threads} loader threads. */
    private static List<TrainingSet.Batch> batches(TrainingSet set, int threads) {
        List<TrainingSet.Batch> out = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            final int e = epoch;
            TrainingStream.Epoch reader = set.stream().epoch(epoch);
            try (Prefetcher<TrainingSet.Batch> p = new Prefetcher<>(s -> set.batch(reader, e, s, BATCH, STEPS), STEPS,
                    threads, 2 * threads)) {
                for (int s = 0; s < STEPS; s++) {
                    out.add(p.next());
                }
            }
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameBatchesWhateverTheThreadCount() {
        InjectionSampler sampler = InjectionSampler.mixed(0.25, BATCH, 5);
        List<Image8> real = List.of(TrainerTest.endlessReal(1), TrainerTest.endlessReal(3));
        List<TrainingSet.Batch> one = batches(TrainerTest.endless(sampler, real, 11), 1);
        List<TrainingSet.Batch> three = batches(TrainerTest.endless(sampler, real, 11), 3);
        List<TrainingSet.Batch> otherSeed = batches(TrainerTest.endless(sampler, real, 12), 1);
        boolean differs = false;
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i).pixels(), three.get(i).pixels(), "batch " + i);
            assertArrayEquals(one.get(i).labels(), three.get(i).labels(), "batch " + i);
            differs |= !Arrays.equals(one.get(i).pixels(), otherSeed.get(i).pixels());
        }
        assertTrue(differs, "another seed, another stream");
    }

    @Test
    void noSampleRepeatsAcrossEpochsAndHalfAreDefective() {
        TrainingSet set = TrainerTest.endless(InjectionSampler.none(), List.of(), 4);
        List<TrainingSet.Batch> all = batches(set, 2);
        int defective = 0;
        int n = 0;
        for (TrainingSet.Batch b : all) {
            for (int label : b.labels()) {
                defective += label;
                n++;
            }
        }
        // 192 draws of p = 0.5: 5 standard deviations are +-35
        assertTrue(Math.abs(defective - n / 2.0) < 35, defective + " of " + n + " defective");
        assertFalse(Arrays.equals(all.get(0).pixels(), all.get(STEPS).pixels()),
                "epoch 2 reads new entries, not epoch 1's again");
    }

    @Test
    void realDefectsAreInjectedAtPInjOnTheEndlessStream() {
        double p = 1.0 / 8;
        TrainingSet set = TrainerTest.endless(InjectionSampler.mixed(p, BATCH, 21),
                List.of(TrainerTest.endlessReal(1)), 9);
        int injected = 0;
        int n = 0;
        for (int epoch = 0; epoch < 4; epoch++) {
            TrainingStream.Epoch reader = set.stream().epoch(epoch);
            for (int s = 0; s < STEPS; s++) {
                injected += set.batch(reader, epoch, s, BATCH, STEPS).injected();
                n += BATCH;
            }
        }
        double sd = Math.sqrt(n * p * (1 - p));
        assertEquals(n * p, injected, 4 * sd, injected + " of " + n + " injected at p = " + p);
    }
}
