package org.ispadlab.data;

import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Draws a synthetic defect onto a fault-free patch: the seam between the data (which writes the balanced
 * synthetic stream) and a synthesis method (org.ispadlab.synth implements the paper's random-walk one).
 */
public interface DefectSynthesizer {

    /** A synthesized defect: the modified patch, its pixel mask and the parameters drawn for it. */
    record Synthetic(Image8 image, Image8 mask, Map<String, Object> parameters) {
    }

    /**
     * A defect drawn for {@code faultFree} of modality {@code m} from {@code seed} (same seed, same defect),
     * or empty when every attempt was rejected as invisible.
     */
    Optional<Synthetic> synthesize(Image8 faultFree, Modality m, long seed);

    /** The first visible defect over up to {@code tries} seeds; an error naming the fix when none is. */
    default Synthetic firstVisible(Image8 faultFree, Modality m, LongSupplier seeds, int tries) {
        for (int i = 0; i < tries; i++) {
            Optional<Synthetic> defect = synthesize(faultFree, m, seeds.getAsLong());
            if (defect.isPresent()) {
                return defect.get();
            }
        }
        throw new IllegalStateException("no visible synthetic defect on a " + m.id() + " patch after " + tries
                + " seeds: lower the visibility threshold or raise the amplitude");
    }
}
