package org.ispadlab.kernel.widgets;

/** Widgets one above another. */
public final class VBox extends Box {

    public VBox(Widget... children) {
        super(children);
    }
}
