package org.ispadlab.kernel.widgets;

/** A box to tick. */
public final class Checkbox extends ValueWidget<Boolean> {

    public Checkbox(String description, boolean value) {
        super("Checkbox", description);
        init("value", value);
        init("indent", true);
    }
}
