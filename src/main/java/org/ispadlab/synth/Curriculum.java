package org.ispadlab.synth;

import java.util.List;
import org.ispadlab.data.DefectSynthesizer;

/**
 * Synthetic defects that change over a run: its {@code positions} stream positions fall into equal stages, stage k
 * drawn by {@code stages.get(k)}, the last stage holding on past the end. A curriculum starts with easy (visible)
 * defects and ends with the ones the model is meant for.
 *
 * @param description what the stages are, in words; part of where a run with it is kept
 */
public record Curriculum(List<? extends DefectSynthesizer> stages, long positions, String description) {

    public Curriculum {
        if (stages.isEmpty() || positions < stages.size()) {
            throw new IllegalArgumentException("a curriculum needs at least one stage and a position per stage; got "
                    + stages.size() + " stage(s) over " + positions + " positions");
        }
        stages = List.copyOf(stages);
    }

    /** The stage of stream position {@code position}. */
    public int stage(long position) {
        return (int) Math.min(stages.size() - 1, Math.max(0, position) / Math.max(1, positions / stages.size()));
    }

    /** The synthesizer that draws position {@code position}'s defect. */
    public DefectSynthesizer at(long position) {
        return stages.get(stage(position));
    }
}
