package org.ispadlab.sim;

import java.util.SplittableRandom;

/**
 * The permitted variability of one printed sample ("plate") as the process produces it: print density,
 * colours, small rotation, scale and phase, illumination gradient, blur, sensor noise, and a drift shared by
 * the samples of one production batch. Every patch cut from the plate shares these.
 */
record PlateStyle(double period, double fill, double angle, double scale, double phaseX, double phaseY,
                  float[] colourA, float[] colourB, double gradX, double gradY, double blur, double noise,
                  double drift, double misregX, double misregY, double bandAngle, double bandOffset,
                  double bandWidth, long gainSeed) {

    /**
     * The process's registration tolerance, px per axis: a fault-free plate's print layers lie within it of each
     * other (LSM-2 shows the second layer; a misalignment defect is far outside it).
     */
    static final double REGISTRATION_TOLERANCE = 0.8;

    /** Draws a plate of batch {@code batch}; the batch fixes a drift all its plates share. */
    static PlateStyle draw(SplittableRandom plate, SplittableRandom batch) {
        double drift = Rng.range(batch, -10, 10);
        double density = Rng.range(batch, 0.92, 1.08);
        return new PlateStyle(
                26 * density * Rng.range(plate, 0.97, 1.03),
                Rng.range(plate, 0.55, 0.7),
                Math.toRadians(Rng.range(plate, -1.5, 1.5)),
                Rng.range(plate, 0.96, 1.04),
                Rng.range(plate, 0, 1000), Rng.range(plate, 0, 1000),
                colour(plate, 0.55, 0.75, 1.0), colour(plate, 0.95, 0.6, 0.35),
                Rng.range(plate, -0.08, 0.08), Rng.range(plate, -0.08, 0.08),
                Rng.range(plate, 0.5, 0.9), Rng.range(plate, 1.5, 3.0), drift,
                Rng.range(plate, -REGISTRATION_TOLERANCE, REGISTRATION_TOLERANCE),
                Rng.range(plate, -REGISTRATION_TOLERANCE, REGISTRATION_TOLERANCE),
                Math.toRadians(Rng.range(plate, -8, 8)), Rng.range(plate, -0.15, 0.15), Rng.range(plate, 0.22, 0.32),
                plate.nextLong());
    }

    private static float[] colour(SplittableRandom r, double red, double green, double blue) {
        return new float[] {(float) (red * Rng.range(r, 0.9, 1.1)), (float) (green * Rng.range(r, 0.9, 1.1)),
                (float) (blue * Rng.range(r, 0.9, 1.1))};
    }

    /** Plate coordinates of patch pixel (x, y) for a patch cut at (x0, y0): rotation and scale of the print. */
    double u(double x0, double y0, double x, double y) {
        return (Math.cos(angle) * (x0 + x) - Math.sin(angle) * (y0 + y)) / scale + phaseX;
    }

    double v(double x0, double y0, double x, double y) {
        return (Math.sin(angle) * (x0 + x) + Math.cos(angle) * (y0 + y)) / scale + phaseY;
    }

    /** The line-scan camera's gain for one plate row: slow drift plus small row-to-row jitter. */
    double lineGain(double row) {
        long r = (long) Math.floor(row);
        double jitter = ((Long.hashCode(r * 0x9E3779B97F4A7C15L ^ gainSeed) & 0xffff) / 65535.0 - 0.5) * 0.06;
        return 1 + 0.05 * Math.sin(row / 97.0 + gainSeed % 7) + jitter;
    }
}
