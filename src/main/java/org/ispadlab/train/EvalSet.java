package org.ispadlab.train;

import java.util.List;
import org.ispadlab.data.Image8;

/**
 * Labelled images a model is scored on: the test split, which the paper also used for validation (early
 * stopping and model selection, Sec. 4.2), hence thresholds and numbers "on the evaluated set".
 *
 * @param groups the defect group of each image ("good", "points", "area"), for false negatives by group
 */
public record EvalSet(List<Image8> images, boolean[] defective, List<String> groups, List<String> names) {

    public EvalSet {
        if (images.size() != defective.length || images.size() != groups.size() || images.size() != names.size()) {
            throw new IllegalArgumentException("images, labels, groups and names must have the same length");
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an evaluation set needs at least one image");
        }
    }

    public int size() {
        return images.size();
    }
}
