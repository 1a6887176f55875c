package org.ispadlab.kernel.widgets;

/** A line of text to type. */
public final class Text extends ValueWidget<String> {

    public Text(String description, String value) {
        super("Text", description);
        init("value", value);
        init("continuous_update", true);
    }
}
