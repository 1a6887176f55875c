package org.ispadlab.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.LabeledPatch;

/**
 * The nested real-defect fractions of Sec. 5.2: all collected real defects (both groups) are shuffled once
 * with a seed, then fractions 1/16, 1/8, 1/4, 1/2 and 1 are taken in order, so each contains the smaller ones.
 * The single-group rows of Tables 3 and 4 take as many defects of one group as the smallest mixed fraction
 * holds, again in the shuffled order.
 */
public final class RealDefectFractions {

    /** The fractions of Tables 3 and 4, smallest first. */
    public static final List<Integer> DENOMINATORS = List.of(16, 8, 4, 2, 1);

    private final List<LabeledPatch> shuffled;

    public RealDefectFractions(List<LabeledPatch> realDefects, long seed) {
        if (realDefects.isEmpty()) {
            throw new IllegalArgumentException("no real defects to draw fractions from");
        }
        List<LabeledPatch> copy = new ArrayList<>(realDefects);
        Collections.shuffle(copy, new Random(seed));
        this.shuffled = List.copyOf(copy);
    }

    /** All real defects, in the shuffled order. */
    public List<LabeledPatch> all() {
        return shuffled;
    }

    /** The first 1/denominator of the shuffled defects (rounded down, at least one). */
    public List<LabeledPatch> mixed(int denominator) {
        if (denominator < 1) {
            throw new IllegalArgumentException("a fraction is 1/n with n >= 1, got n = " + denominator);
        }
        return shuffled.subList(0, Math.max(1, shuffled.size() / denominator));
    }

    /** The first {@code count} defects of one group in the shuffled order (fewer if the group has fewer). */
    public List<LabeledPatch> group(DefectGroup group, int count) {
        return shuffled.stream().filter(p -> p.group() == group).limit(count).toList();
    }
}
