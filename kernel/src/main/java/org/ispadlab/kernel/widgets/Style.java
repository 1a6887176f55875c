package org.ispadlab.kernel.widgets;

import java.util.Set;

/**
 * A widget's style (colours, the description's width), one model kind per control family as ipywidgets has them:
 * {@code Slider}, {@code Button}, {@code Description}, {@code ToggleButtons}, {@code Checkbox}, {@code Text},
 * {@code Label}, {@code HTML}. Version 1 knows only the slider's and the button's; elsewhere it has none.
 */
public final class Style extends Widget {

    private static final Set<String> IN_V1 = Set.of("Slider", "Button");

    private final String kind;

    Style(String kind) {
        super(Protocol.Module.CONTROLS);
        this.kind = kind;
    }

    /** Whether a generation has this kind of style model. */
    boolean existsIn(Protocol p) {
        return p == Protocol.V2 || IN_V1.contains(kind);
    }

    /** Sets a style property, e.g. {@code style.set("description_width", "initial")}; returns this style. */
    public Style css(String property, String value) {
        set(property, value);
        return this;
    }

    @Override
    protected String modelName(Protocol p) {
        return kind + "StyleModel";
    }

    @Override
    protected String viewName(Protocol p) {
        return "StyleView";
    }

    @Override
    protected Protocol.Module viewModule() {
        return Protocol.Module.BASE;
    }
}
