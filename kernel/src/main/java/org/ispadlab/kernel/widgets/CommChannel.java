package org.ispadlab.kernel.widgets;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * What the widgets need of a kernel: comms to the front end and back, display, and a view of the kernel's message
 * queue. The Jupyter kernel implements it; tests implement it with a recorder. Nothing here knows the kernel library.
 */
public interface CommChannel {

    /** Messages the front end sends on a comm. */
    interface Listener {
        void onMessage(JsonObject data, List<byte[]> buffers);

        default void onClose() {
        }
    }

    /** Opens a comm from the kernel on {@code target}; the front end's messages on it go to {@code listener}. */
    String open(String target, JsonObject data, Map<String, Object> metadata, List<byte[]> buffers, Listener listener);

    /** Sends {@code data} on an open comm. */
    void send(String commId, JsonObject data, List<byte[]> buffers);

    /**
     * Accepts comms the front end opens on {@code target}: {@code opener} gets the comm's id and its opening data and
     * returns the listener for its later messages.
     */
    void acceptTarget(String target, Opener opener);

    /** A front-end-opened comm. */
    interface Opener {
        Listener opened(String commId, JsonObject data);
    }

    /** Publishes clear_output, as a child of the request being handled. */
    void clearOutput(boolean wait);

    /** The id of the request being handled (an execute request, a comm message), or "" when there is none. */
    String parentMessageId();

    /** True when more requests wait on the shell channel: a change now is not the latest one. */
    boolean moreIncoming();
}
