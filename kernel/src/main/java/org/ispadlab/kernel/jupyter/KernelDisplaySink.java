package org.ispadlab.kernel.jupyter;

import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.ispadlab.kernel.display.DisplaySink;
import org.ispadlab.kernel.widgets.Widget;
import org.ispadlab.kernel.widgets.Widgets;

/** Sends {@code Display.display} and {@code updateDisplay} calls to the notebook as display_data. */
final class KernelDisplaySink implements DisplaySink {

    private final JavaKernel kernel;

    KernelDisplaySink(JavaKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public String display(Object value, String... mimeTypes) {
        DisplayData data = value instanceof Widget widget ? widgetView(widget) : kernel.renderForDisplay(value, mimeTypes);
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        data.setDisplayId(id);
        kernel.getIO().display.display(data);
        return id;
    }

    /**
     * A widget's view exactly as its protocol generation wants it: the renderers would add a text/plain the classic
     * Notebook prints under the widget.
     */
    private static DisplayData widgetView(Widget widget) {
        DisplayData data = new DisplayData();
        Widgets.current().display(widget).forEach(data::putData);
        return data;
    }

    @Override
    public void update(String displayId, Object value, String... mimeTypes) {
        kernel.getIO().display.updateDisplay(displayId, kernel.renderForDisplay(value, mimeTypes));
    }
}
