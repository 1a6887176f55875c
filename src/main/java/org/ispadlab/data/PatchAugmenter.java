package org.ispadlab.data;

/**
 * Augments a patch for the supervised stream: the seam between the data (which writes the stream) and an
 * augmentation method (org.ispadlab.augment implements Table 8's).
 */
public interface PatchAugmenter {

    /** {@code source} (larger than {@code outSize}, so no empty corners appear) augmented and centre-cropped. */
    Image8 augment(Image8 source, Modality m, int outSize, long seed);
}
