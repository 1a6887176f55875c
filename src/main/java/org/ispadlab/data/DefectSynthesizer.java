package org.ispadlab.data;

import java.util.Map;
import java.util.Optional;

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
}
