package org.ispadlab.kernel.widgets;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A choice of one label among options. The trait is the chosen {@code index} as version 2 has it; version 1 sends
 * and receives the chosen label as {@code value} instead.
 */
public abstract class Selection extends ValueWidget<String> {

    private final List<String> options;

    protected Selection(String styleKind, String description, List<String> options, String value) {
        super(styleKind, description);
        this.options = List.copyOf(options);
        if (options.isEmpty() || !options.contains(value)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " '" + description + "': " + value
                    + " is not one of its options " + options);
        }
        init("_options_labels", this.options);
        init("index", this.options.indexOf(value));
    }

    public List<String> options() {
        return options;
    }

    public int index() {
        return (Integer) get("index");
    }

    @Override
    public String value() {
        return options.get(index());
    }

    @Override
    public void setValue(String value) {
        int i = options.indexOf(value);
        if (i < 0) {
            throw new IllegalArgumentException(value + " is not one of " + options);
        }
        set("index", i);
    }

    @Override
    public Selection onChange(Consumer<String> listener) {
        listen("index", i -> listener.accept(options.get((Integer) i)));
        return this;
    }

    @Override
    protected void toWire(Protocol p, Map<String, Object> state) {
        super.toWire(p, state);
        if (p == Protocol.V1 && state.containsKey("index")) {
            state.put("value", options.get((Integer) state.remove("index")));
        }
    }

    @Override
    protected void fromWire(Protocol p, Map<String, Object> change) {
        if (change.containsKey("value") && change.get("value") instanceof com.google.gson.JsonElement label) {
            int i = options.indexOf(label.getAsString());
            change.remove("value");
            if (i >= 0) {
                change.put("index", i);
            }
        }
    }
}
