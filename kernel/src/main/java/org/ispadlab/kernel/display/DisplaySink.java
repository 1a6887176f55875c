package org.ispadlab.kernel.display;

/** Where {@link Display} sends values: the running kernel, or plain text outside a notebook. */
public interface DisplaySink {

    /** Shows a value now, as the given MIME types or the value's defaults; returns its display id. */
    String display(Object value, String... mimeTypes);

    /** Replaces what a display id shows, in place. */
    void update(String displayId, Object value, String... mimeTypes);
}
