package org.ispadlab.kernel.widgets;

import java.util.List;

/**
 * An area that shows what a piece of code prints and displays. {@link #capture} tags the request being handled
 * ({@code msg_id}), so the front end (or nbclient, headless) routes the outputs published under it into this widget
 * instead of the cell: text, images and charts alike.
 */
public final class Output extends DOMWidget {

    public Output() {
        super(Protocol.Module.OUTPUT, null);
        init("msg_id", "");
        init("outputs", List.of());
    }

    /** Runs {@code body} with its outputs shown here; an exception is printed here too, never thrown. */
    public void capture(Runnable body) {
        id(); // the page must know this model before outputs are routed to it
        set("msg_id", Widgets.current().parentMessageId());
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            System.err.println(e);
            for (StackTraceElement at : e.getStackTrace()) {
                System.err.println("    at " + at);
            }
        } finally {
            System.out.flush();
            System.err.flush();
            set("msg_id", "");
        }
    }

    /** Clears what is shown; {@code wait}: only when the next output arrives (no flicker). Inside {@link #capture}. */
    public void clear(boolean wait) {
        Widgets.current().clearOutput(wait);
    }
}
