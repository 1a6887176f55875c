package org.ispadlab.synth;

import org.ispadlab.data.Modality;

/**
 * Every knob of the random-walk synthesis, per modality. The paper withheld its values (Sec. 3.2), so these
 * are ours, chosen to give Fig. 3's morphologies: bright filaments in LSM-1, punctate pinholes in LSM-2, small
 * dark elongated deformations in ASM. Lengths and thicknesses are in pixels of a 256 px patch.
 *
 * @param punctateShare       share of punctate (short, thick) walks; the rest are filaments
 * @param momentum            momentum of a filament walk's direction, 0..1 (higher: longer, straighter filaments)
 * @param filamentSteps       steps of a filament walk (its length is steps x step length)
 * @param brightShare         share of defects brighter than the background
 * @param amplitude           peak change in grey levels, drawn from [amplitudeFloor x amplitude, amplitude]
 * @param amplitudeFloor      lowest share of the peak amplitude a defect is drawn with (paper preset: 0.2)
 * @param edgeSoftness        blur radius (px) of the defect's edge
 * @param visibilityThreshold minimum sum of squared residuals for a defect to be kept (step 4)
 */
public record SynthParams(double punctateShare, double momentum, int filamentSteps, double stepLength,
                          double turningNoise, double filamentThickness, double punctateThickness,
                          double brightShare, double amplitude, double edgeSoftness, double textureScale,
                          double grain, double visibilityThreshold, int maxAttempts, double amplitudeFloor) {

    public SynthParams {
        if (punctateShare < 0 || punctateShare > 1 || brightShare < 0 || brightShare > 1) {
            throw new IllegalArgumentException("shares must lie in [0, 1]: " + this);
        }
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must lie in [0, 1), got " + momentum);
        }
        if (filamentSteps < 2 || amplitude <= 0 || visibilityThreshold < 0 || maxAttempts < 1
                || !(amplitudeFloor > 0 && amplitudeFloor <= 1)) {
            throw new IllegalArgumentException("filamentSteps >= 2, amplitude > 0, visibilityThreshold >= 0, "
                    + "maxAttempts >= 1, amplitudeFloor in (0, 1] expected: " + this);
        }
    }

    public static SynthParams of(Modality m) {
        return switch (m) {
            case LSM_1 -> new SynthParams(0.35, 0.85, 90, 1.2, 0.9, 1.6, 3.0, 0.8, 70, 1.0, 6, 0.25, 2500, 8, 0.2);
            case LSM_2 -> new SynthParams(0.7, 0.8, 60, 1.2, 1.0, 1.8, 3.0, 0.7, 80, 1.0, 5, 0.25, 2500, 8, 0.2);
            case ASM -> new SynthParams(0.5, 0.85, 50, 1.1, 0.8, 2.2, 4.0, 0.3, 45, 1.5, 7, 0.2, 2000, 8, 0.2);
        };
    }

    public SynthParams withMomentum(double value) {
        return new SynthParams(punctateShare, value, filamentSteps, stepLength, turningNoise, filamentThickness,
                punctateThickness, brightShare, amplitude, edgeSoftness, textureScale, grain, visibilityThreshold, maxAttempts, amplitudeFloor);
    }

    public SynthParams withFilamentSteps(int value) {
        return new SynthParams(punctateShare, momentum, value, stepLength, turningNoise, filamentThickness,
                punctateThickness, brightShare, amplitude, edgeSoftness, textureScale, grain, visibilityThreshold, maxAttempts, amplitudeFloor);
    }

    public SynthParams withAmplitude(double value) {
        return new SynthParams(punctateShare, momentum, filamentSteps, stepLength, turningNoise, filamentThickness,
                punctateThickness, brightShare, value, edgeSoftness, textureScale, grain, visibilityThreshold, maxAttempts, amplitudeFloor);
    }

    public SynthParams withVisibilityThreshold(double value) {
        return new SynthParams(punctateShare, momentum, filamentSteps, stepLength, turningNoise, filamentThickness,
                punctateThickness, brightShare, amplitude, edgeSoftness, textureScale, grain, value, maxAttempts, amplitudeFloor);
    }

    /** Both thicknesses (filament and punctate) times {@code factor}. */
    public SynthParams withThicknessScale(double factor) {
        return new SynthParams(punctateShare, momentum, filamentSteps, stepLength, turningNoise, filamentThickness * factor,
                punctateThickness * factor, brightShare, amplitude, edgeSoftness, textureScale, grain, visibilityThreshold,
                maxAttempts, amplitudeFloor);
    }

    /** The share of bright defects (polarity): 1 all bright, 0 all dark. */
    public SynthParams withBrightShare(double value) {
        return new SynthParams(punctateShare, momentum, filamentSteps, stepLength, turningNoise, filamentThickness,
                punctateThickness, value, amplitude, edgeSoftness, textureScale, grain, visibilityThreshold, maxAttempts,
                amplitudeFloor);
    }

    public SynthParams withPunctateShare(double value) {
        return new SynthParams(value, momentum, filamentSteps, stepLength, turningNoise, filamentThickness,
                punctateThickness, brightShare, amplitude, edgeSoftness, textureScale, grain, visibilityThreshold, maxAttempts, amplitudeFloor);
    }

    /**
     * These parameters made more (or less) visible by a calibration: amplitude and both thicknesses scaled, the
     * visibility threshold scaled, the amplitude drawn from a higher floor.
     */
    public SynthParams calibrated(SynthCalibration c) {
        return new SynthParams(punctateShare, momentum, filamentSteps, stepLength, turningNoise,
                filamentThickness * c.thickness(), punctateThickness * c.thickness(), brightShare,
                Math.min(255, amplitude * c.amplitude()), edgeSoftness, textureScale, grain,
                visibilityThreshold * c.visibility(), maxAttempts, c.amplitudeFloor());
    }
}
