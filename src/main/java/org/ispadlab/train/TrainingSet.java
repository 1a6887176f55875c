package org.ispadlab.train;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.ispadlab.augment.Preprocess;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.ispadlab.data.PatchAugmenter;
import org.ispadlab.model.Tensors;

/**
 * What a run trains on: entries of a stream (the balanced synthetic stream, or only its fault-free patches for
 * oversampling), each replaced with the sampler's probability by an augmented real defect. Batch (epoch, step)
 * is a pure function of the seed, so batches can be built on any thread, in any order, and again after a resume.
 *
 * @param stream    entry k of the stream (already augmented when it was written, as the paper's stream is)
 * @param labels    label of each used entry, parallel to {@code entries}
 * @param entries   the stream positions used (all, or the fault-free ones)
 * @param realDefects real defective patches, larger than {@code size} (augmented, then centre-cropped)
 */
public record TrainingSet(Modality modality, int size, int channels, IntFunction<Image8> stream, int[] entries,
                          int[] labels, List<Image8> realDefects, InjectionSampler sampler, PatchAugmenter augmenter,
                          long seed) {

    public TrainingSet {
        if (entries.length == 0 || entries.length != labels.length) {
            throw new IllegalArgumentException("a training set needs entries with one label each, got "
                    + entries.length + " entries and " + labels.length + " labels");
        }
        if (sampler.p() > 0 && realDefects.isEmpty()) {
            throw new IllegalArgumentException("p_inj = " + sampler.p() + " but no real defects were given");
        }
    }

    /** A batch ready for the network, and how many of its patches were injected real defects. */
    public record Batch(float[] pixels, int[] labels, int injected) {
    }

    public int size() {
        return entries.length;
    }

    /**
     * Batch {@code step} of epoch {@code epoch}: the epoch's {@link #order} (computed once per epoch by the
     * caller) cut in batches.
     */
    public Batch batch(int[] order, int epoch, int step, int batchSize, int stepsPerEpoch) {
        Image8[] images = new Image8[batchSize];
        int[] y = new int[batchSize];
        int injected = 0;
        for (int k = 0; k < batchSize; k++) {
            long position = ((long) epoch * stepsPerEpoch + step) * batchSize + k;
            if (sampler.injects(position)) {
                SplittableRandom r = sampler.at(position);
                r.nextDouble(); // the draw that decided the injection
                Image8 defect = realDefects.get(r.nextInt(realDefects.size()));
                images[k] = Preprocess.apply(augmenter.augment(defect, modality, size, r.nextLong()), modality);
                y[k] = 1;
                injected++;
            } else {
                int i = order[(int) ((long) step * batchSize + k) % order.length];
                Image8 patch = stream.apply(entries[i]);
                images[k] = Preprocess.apply(patch.width() == size ? patch : patch.centreCrop(size), modality);
                y[k] = labels[i];
            }
        }
        return new Batch(Tensors.encode(List.of(images), channels, size), y, injected);
    }

    /** The seeded permutation of the entries that epoch {@code epoch} walks through. */
    public int[] order(int epoch) {
        int[] order = new int[entries.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random r = new Random(seed * 1_000_003L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
