package org.ispadlab.kernel.widgets;

/** A slider over real numbers, {@code step} apart (default a hundredth of the range). */
public final class FloatSlider extends ValueWidget<Double> {

    public FloatSlider(String description, double min, double max, double value) {
        super("Slider", description);
        if (!(min <= value && value <= max)) {
            throw new IllegalArgumentException("a FloatSlider needs min <= value <= max; got " + min + ", " + value + ", " + max);
        }
        init("min", min);
        init("max", max);
        init("step", (max - min) / 100);
        init("value", value);
        init("continuous_update", true);
        init("orientation", "horizontal");
        init("readout", true);
        init("readout_format", ".2f");
    }

    /** A new range and value at once (the page never sees a value outside its range). */
    public FloatSlider reset(double min, double max, double value) {
        if (!(min <= value && value <= max)) {
            throw new IllegalArgumentException("a FloatSlider needs min <= value <= max; got " + min + ", " + value + ", " + max);
        }
        set("max", max);
        set("min", min);
        set("step", (max - min) / 200);
        setValue(value);
        return this;
    }

    public FloatSlider step(double step) {
        set("step", step);
        return this;
    }

    public FloatSlider continuousUpdate(boolean on) {
        set("continuous_update", on);
        return this;
    }

    public FloatSlider readoutFormat(String format) {
        set("readout_format", format);
        return this;
    }
}
