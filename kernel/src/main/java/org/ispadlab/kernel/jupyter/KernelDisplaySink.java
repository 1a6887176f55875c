package org.ispadlab.kernel.jupyter;

import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.ispadlab.kernel.display.DisplaySink;

/** Sends {@code Display.display} and {@code updateDisplay} calls to the notebook as display_data. */
final class KernelDisplaySink implements DisplaySink {

    private final JavaKernel kernel;

    KernelDisplaySink(JavaKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public String display(Object value, String... mimeTypes) {
        DisplayData data = kernel.renderForDisplay(value, mimeTypes);
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        data.setDisplayId(id);
        kernel.getIO().display.display(data);
        return id;
    }

    @Override
    public void update(String displayId, Object value, String... mimeTypes) {
        kernel.getIO().display.updateDisplay(displayId, kernel.renderForDisplay(value, mimeTypes));
    }
}
