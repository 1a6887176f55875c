package org.ispadlab.data;

/** The paper's two defect groups (Figs. 1 and 2). */
public enum DefectGroup {
    /** Small, punctual or thin defects: fibres, pinholes, dots, scratches, deformations. */
    POINTS("points"),
    /** Defects spread over a region or the whole patch: grid defects, misalignment, squeegee strokes. */
    AREA("area");

    private final String folder;

    DefectGroup(String folder) {
        this.folder = folder;
    }

    /** The folder name of the group in the MVTec layout: "points" or "area". */
    public String folder() {
        return folder;
    }

    public static DefectGroup ofFolder(String name) {
        for (DefectGroup g : values()) {
            if (g.folder.equals(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown defect group '" + name + "': expected points or area");
    }
}
