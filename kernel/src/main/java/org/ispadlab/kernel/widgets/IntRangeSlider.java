package org.ispadlab.kernel.widgets;

import java.util.Map;

/** A slider with two handles over whole numbers; its value is {@code {low, high}}. */
public final class IntRangeSlider extends ValueWidget<int[]> {

    public IntRangeSlider(String description, int min, int max, int low, int high) {
        super("Slider", description);
        if (!(min <= low && low <= high && high <= max)) {
            throw new IllegalArgumentException("an IntRangeSlider needs min <= low <= high <= max; got " + min + ", "
                    + low + ", " + high + ", " + max);
        }
        init("min", min);
        init("max", max);
        init("step", 1);
        init("value", new int[] {low, high});
        init("continuous_update", true);
        init("orientation", "horizontal");
        init("readout", true);
        init("readout_format", "d");
    }

    @Override
    public int[] value() {
        return super.value().clone();
    }

    @Override
    protected String modelName(Protocol p) {
        return p == Protocol.V1 ? "IntSliderModel" : "IntRangeSliderModel";
    }

    @Override
    protected String viewName(Protocol p) {
        return p == Protocol.V1 ? "IntSliderView" : "IntRangeSliderView";
    }

    @Override
    protected void toWire(Protocol p, Map<String, Object> state) {
        super.toWire(p, state);
        if (p == Protocol.V1 && state.containsKey("_model_name")) {
            state.put("_range", true); // version 1's range slider is the int slider with two handles
        }
    }
}
