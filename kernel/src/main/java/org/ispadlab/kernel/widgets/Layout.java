package org.ispadlab.kernel.widgets;

/**
 * A widget's layout: CSS properties with ipywidgets' names ({@code width}, {@code height}, {@code margin},
 * {@code padding}, {@code border}, {@code display}, {@code flex_flow}, {@code align_items}, {@code justify_content}...).
 */
public final class Layout extends Widget {

    public Layout() {
        super(Protocol.Module.BASE);
    }

    /** Sets a CSS property, e.g. {@code layout.set("width", "300px")}; returns this layout. */
    public Layout css(String property, String value) {
        set(property, value);
        return this;
    }

    public Layout width(String value) {
        return css("width", value);
    }

    public Layout height(String value) {
        return css("height", value);
    }

    @Override
    protected String modelName(Protocol p) {
        return "LayoutModel";
    }

    @Override
    protected String viewName(Protocol p) {
        return "LayoutView";
    }
}
