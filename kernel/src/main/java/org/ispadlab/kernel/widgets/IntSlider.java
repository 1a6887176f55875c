package org.ispadlab.kernel.widgets;

/** A slider over whole numbers: {@code var s = new IntSlider("threshold", 0, 100, 50); s} shows it. */
public final class IntSlider extends ValueWidget<Integer> {

    public IntSlider(String description, int min, int max, int value) {
        super("Slider", description);
        if (min > max || value < min || value > max) {
            throw new IllegalArgumentException("an IntSlider needs min <= value <= max; got " + min + ", " + value + ", " + max);
        }
        init("min", min);
        init("max", max);
        init("step", 1);
        init("value", value);
        init("continuous_update", true);
        init("orientation", "horizontal");
        init("readout", true);
        init("readout_format", "d");
    }

    public IntSlider step(int step) {
        set("step", step);
        return this;
    }

    /** Updates only when the handle is released (for callbacks slower than a drag). */
    public IntSlider continuousUpdate(boolean on) {
        set("continuous_update", on);
        return this;
    }
}
