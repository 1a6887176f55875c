package org.ispadlab.synth;

/**
 * How much more visible than the paper-like preset a scale draws its synthetic defects: multipliers of the
 * amplitude, of the walk's thickness and of the visibility threshold, and the lowest share of the peak amplitude
 * a defect may have. {@link #PAPER} changes nothing.
 */
public record SynthCalibration(double amplitude, double thickness, double visibility, double amplitudeFloor) {

    public static final SynthCalibration PAPER = new SynthCalibration(1, 1, 1, 0.2);

    public SynthCalibration {
        if (!(amplitude > 0 && amplitude <= 8) || !(thickness > 0 && thickness <= 8) || !(visibility >= 0 && visibility <= 100)
                || !(amplitudeFloor > 0 && amplitudeFloor <= 1)) {
            throw new IllegalArgumentException("synthesis calibration out of range (amplitude and thickness in (0, 8], "
                    + "visibility in [0, 100], amplitude_floor in (0, 1]): " + this);
        }
    }
}
