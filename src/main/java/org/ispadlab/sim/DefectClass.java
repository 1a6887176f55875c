package org.ispadlab.sim;

import java.util.List;
import org.ispadlab.data.DefectGroup;
import org.ispadlab.data.Modality;

/**
 * The simulated real-defect classes and where they occur (paper, Figs. 1-2 and Sec. 3.1). They are made
 * by process-like generators, deliberately unlike the random-walk synthesis, which is the gap the paper studies.
 */
public enum DefectClass {
    FIBRE(DefectGroup.POINTS),
    PINHOLE(DefectGroup.POINTS),
    DOT(DefectGroup.POINTS),
    SCRATCH(DefectGroup.POINTS),
    DEFORMATION(DefectGroup.POINTS),
    GRID(DefectGroup.AREA),
    MISALIGNMENT(DefectGroup.AREA),
    SQUEEGEE(DefectGroup.AREA);

    private final DefectGroup group;

    DefectClass(DefectGroup group) {
        this.group = group;
    }

    public DefectGroup group() {
        return group;
    }

    public String label() {
        return name().toLowerCase();
    }

    /** The classes of a group seen in a modality, most frequent first. */
    public static List<DefectClass> of(Modality m, DefectGroup g) {
        return switch (m) {
            case LSM_1 -> g == DefectGroup.POINTS ? List.of(FIBRE, PINHOLE, DOT) : List.of(GRID);
            case LSM_2 -> g == DefectGroup.POINTS ? List.of(PINHOLE, FIBRE, DOT) : List.of(MISALIGNMENT);
            case ASM -> g == DefectGroup.POINTS ? List.of(DEFORMATION, SCRATCH, DOT) : List.of(SQUEEGEE);
        };
    }
}
