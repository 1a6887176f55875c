package org.ispadlab.kernel.widgets;

import java.util.Map;

/** A widget with a view: a layout, a style where its family has one, and its model and view named after the class. */
public abstract class DOMWidget extends Widget {

    private final Layout layout = new Layout();
    private final Style style;

    protected DOMWidget(Protocol.Module module, String styleKind) {
        super(module);
        this.style = styleKind == null ? null : new Style(styleKind);
        init("layout", layout);
        if (style != null) {
            init("style", style);
        }
    }

    public Layout layout() {
        return layout;
    }

    /** The style, or null for a widget without one. */
    public Style style() {
        return style;
    }

    @Override
    protected String modelName(Protocol p) {
        return getClass().getSimpleName() + "Model";
    }

    @Override
    protected String viewName(Protocol p) {
        return getClass().getSimpleName() + "View";
    }

    @Override
    protected void toWire(Protocol p, Map<String, Object> state) {
        if (style != null && !style.existsIn(p)) {
            state.remove("style");
        }
    }
}
