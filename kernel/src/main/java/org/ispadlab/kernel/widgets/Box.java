package org.ispadlab.kernel.widgets;

import java.util.List;

/** Widgets side by side ({@link HBox}) or one above another ({@link VBox}). */
public abstract class Box extends DOMWidget {

    protected Box(Widget... children) {
        super(Protocol.Module.CONTROLS, null);
        init("children", List.of(children));
        init("box_style", "");
    }

    @SuppressWarnings("unchecked")
    public List<Widget> children() {
        return (List<Widget>) get("children");
    }

    public void setChildren(Widget... children) {
        set("children", List.of(children));
    }
}
