package org.ispadlab.kernel.widgets;

/** A button; {@link #onClick} runs on every click. */
public final class Button extends DOMWidget {

    public Button(String description) {
        super(Protocol.Module.CONTROLS, "Button");
        init("description", description);
        init("tooltip", "");
        init("icon", "");
        init("button_style", "");
        init("disabled", false);
    }

    public Button onClick(Runnable action) {
        onCustom(content -> {
            if (content != null && content.isJsonObject() && content.getAsJsonObject().has("event")
                    && content.getAsJsonObject().get("event").getAsString().equals("click")) {
                action.run();
            }
        });
        return this;
    }

    /** One of "", "primary", "success", "info", "warning", "danger". */
    public Button buttonStyle(String style) {
        set("button_style", style);
        return this;
    }
}
