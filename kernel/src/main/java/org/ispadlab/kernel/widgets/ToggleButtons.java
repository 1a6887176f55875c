package org.ispadlab.kernel.widgets;

import java.util.List;

/** A row of buttons of which one is pressed. */
public final class ToggleButtons extends Selection {

    public ToggleButtons(String description, List<String> options, String value) {
        super("ToggleButtons", description, options, value);
        init("tooltips", List.of());
        init("button_style", "");
    }
}
