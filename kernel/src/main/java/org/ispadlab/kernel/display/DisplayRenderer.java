package org.ispadlab.kernel.display;

import java.util.List;

/**
 * The display SPI: a library teaches the kernel to show its own types by listing an implementation in
 * {@code META-INF/services/org.ispadlab.kernel.display.DisplayRenderer}. The kernel knows nothing else
 * about those types.
 *
 * @param <T> the type rendered; subclasses and implementations are rendered too
 */
public interface DisplayRenderer<T> {

    /** The type this renderer shows. */
    Class<T> type();

    /** MIME types this renderer can produce, the default one first. */
    List<String> mimeTypes();

    /**
     * Renders {@code value} as {@code mimeType}, one of {@link #mimeTypes()}: a {@code String} for text
     * formats, a {@code byte[]} for binary ones (the kernel base64-encodes them).
     */
    Object render(T value, String mimeType) throws Exception;
}
