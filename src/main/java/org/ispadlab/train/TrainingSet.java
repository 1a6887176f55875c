package org.ispadlab.train;

import java.util.List;
import java.util.SplittableRandom;
import org.ispadlab.augment.Preprocess;
import org.ispadlab.data.Image8;
import org.ispadlab.data.Modality;
import org.ispadlab.data.PatchAugmenter;
import org.ispadlab.model.Tensors;

/**
 * What a run trains on: the slots of a {@link TrainingStream} (the fixed HDF5 stream or the endless balanced one),
 * each replaced with the sampler's probability by an augmented real defect. Batch (epoch, step) is a pure
 * function of the seeds, so batches can be built on any thread, in any order, and again after a resume.
 *
 * @param stream      the stream's entries (already augmented, as the paper's stream is)
 * @param realDefects real defective patches, larger than {@code size} (augmented, then centre-cropped)
 */
public record TrainingSet(Modality modality, int size, int channels, TrainingStream stream, List<Image8> realDefects,
                          InjectionSampler sampler, PatchAugmenter augmenter) {

    public TrainingSet {
        if (sampler.p() > 0 && realDefects.isEmpty()) {
            throw new IllegalArgumentException("p_inj = " + sampler.p() + " but no real defects were given");
        }
    }

    /** A batch ready for the network, and how many of its patches were injected real defects. */
    public record Batch(float[] pixels, int[] labels, int injected) {
    }

    /** Patches in one nominal pass of the stream. */
    public int size() {
        return stream.length();
    }

    /** Batch {@code step} of an epoch, read through the epoch's reader (made once per epoch by the caller). */
    public Batch batch(TrainingStream.Epoch reader, int epoch, int step, int batchSize, int stepsPerEpoch) {
        Image8[] images = new Image8[batchSize];
        int[] y = new int[batchSize];
        int injected = 0;
        for (int k = 0; k < batchSize; k++) {
            long inEpoch = (long) step * batchSize + k;
            long position = (long) epoch * stepsPerEpoch * batchSize + inEpoch;
            if (sampler.injects(position)) {
                SplittableRandom r = sampler.at(position);
                r.nextDouble(); // the draw that decided the injection
                Image8 defect = realDefects.get(r.nextInt(realDefects.size()));
                images[k] = Preprocess.apply(augmenter.augment(defect, modality, size, r.nextLong()), modality);
                y[k] = 1;
                injected++;
            } else {
                TrainingStream.Entry e = reader.entry(inEpoch, position);
                Image8 patch = e.image();
                images[k] = Preprocess.apply(patch.width() == size ? patch : patch.centreCrop(size), modality);
                y[k] = e.label();
            }
        }
        return new Batch(Tensors.encode(List.of(images), channels, size), y, injected);
    }
}
