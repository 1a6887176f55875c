package org.ispadlab.kernel.widgets;

import java.util.function.Consumer;

/** A control with a value the page can change: read it, set it, react to it. */
public abstract class ValueWidget<T> extends DOMWidget {

    protected ValueWidget(String styleKind, String description) {
        super(Protocol.Module.CONTROLS, styleKind);
        init("description", description);
        init("disabled", false);
    }

    /** The value the page shows now. */
    @SuppressWarnings("unchecked")
    public T value() {
        return (T) get("value");
    }

    public void setValue(T value) {
        set("value", value);
    }

    /** Calls {@code listener} with every new value (the page's and the kernel's), as soon as it arrives. */
    @SuppressWarnings("unchecked")
    public ValueWidget<T> onChange(Consumer<T> listener) {
        listen("value", v -> listener.accept((T) v));
        return this;
    }

    public String description() {
        return (String) get("description");
    }

    public void setDisabled(boolean disabled) {
        set("disabled", disabled);
    }
}
