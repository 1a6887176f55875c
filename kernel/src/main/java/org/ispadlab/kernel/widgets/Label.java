package org.ispadlab.kernel.widgets;

/** A line of plain text the kernel sets. */
public final class Label extends ValueWidget<String> {

    public Label(String value) {
        super("Label", "");
        init("value", value);
    }
}
