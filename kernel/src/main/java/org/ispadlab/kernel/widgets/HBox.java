package org.ispadlab.kernel.widgets;

/** Widgets side by side. */
public final class HBox extends Box {

    public HBox(Widget... children) {
        super(children);
    }
}
