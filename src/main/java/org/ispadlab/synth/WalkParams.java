package org.ispadlab.synth;

/**
 * Step 1's parameters: a random walk with momentum (Haselmann and Gruber, 2017).
 *
 * @param steps        number of steps; few give punctate defects, many give filaments
 * @param stepLength   pixels per step
 * @param turningNoise standard deviation (radians) of the turn proposed at each step
 * @param momentum     0..1: how much of the previous direction carries over; high values give long, smooth
 *                     filaments, low ones compact blobs
 * @param thickness    stroke diameter in pixels
 */
public record WalkParams(int steps, double stepLength, double turningNoise, double momentum, double thickness) {

    public WalkParams {
        if (steps < 1 || stepLength <= 0 || turningNoise < 0 || momentum < 0 || momentum >= 1 || thickness <= 0) {
            throw new IllegalArgumentException("walk parameters out of range: steps >= 1, stepLength > 0, "
                    + "turningNoise >= 0, 0 <= momentum < 1, thickness > 0; got " + this);
        }
    }
}
