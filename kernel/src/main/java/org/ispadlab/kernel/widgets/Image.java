package org.ispadlab.kernel.widgets;

import java.awt.image.RenderedImage;
import java.util.Base64;
import java.util.Map;
import org.ispadlab.kernel.display.Png;

/**
 * An image the kernel redraws in place: PNG bytes, sent as a binary buffer (version 2) or as base64 text (version 1's
 * {@code _b64value}).
 */
public final class Image extends DOMWidget {

    public Image(byte[] png) {
        super(Protocol.Module.CONTROLS, null);
        init("format", "png");
        init("width", "");
        init("height", "");
        init("value", png.clone());
    }

    public Image(RenderedImage image) {
        this(Png.encode(image));
    }

    public byte[] value() {
        return ((byte[]) get("value")).clone();
    }

    public void setValue(byte[] png) {
        set("value", png.clone());
    }

    public void setValue(RenderedImage image) {
        set("value", Png.encode(image));
    }

    /** The width on the page, CSS (e.g. "256px"); "" keeps the image's own. */
    public Image width(String width) {
        set("width", width);
        return this;
    }

    @Override
    protected void toWire(Protocol p, Map<String, Object> state) {
        super.toWire(p, state);
        if (p == Protocol.V1 && state.get("value") instanceof byte[] bytes) {
            state.remove("value");
            state.put("_b64value", Base64.getEncoder().encodeToString(bytes));
        }
    }
}
