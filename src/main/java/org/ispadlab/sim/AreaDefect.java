package org.ispadlab.sim;

/** Area defects change how the print itself is rendered, so they are parameters of the modality models. */
sealed interface AreaDefect {

    /** LSM-1: inside an ellipse the periodic cells are shifted and thinned (a disturbed screen). */
    record Grid(double cx, double cy, double rx, double ry, double shiftU, double shiftV, double fillScale)
            implements AreaDefect {
        /** 1 inside, 0 outside, soft over about two pixels. */
        double weight(double x, double y) {
            double d = Math.sqrt(Math.pow((x - cx) / rx, 2) + Math.pow((y - cy) / ry, 2));
            return Math.max(0, Math.min(1, (1 - d) * Math.min(rx, ry) / 2));
        }
    }

    /**
     * LSM-2: the second print layer shifted against the first over the whole patch, by {@code periods} of the
     * print's period (so it stays a misregistration whatever the plate's period) in direction {@code angle}.
     */
    record LayerShift(double periods, double angle) implements AreaDefect {
    }

    /** ASM: a long, low-contrast band along the flank of the reflection band. */
    record Squeegee(double offset, double width, double amplitude) implements AreaDefect {
    }
}
