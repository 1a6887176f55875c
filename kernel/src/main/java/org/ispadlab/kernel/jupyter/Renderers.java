package org.ispadlab.kernel.jupyter;

import java.awt.image.RenderedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.ispadlab.kernel.display.DisplayRenderer;
import org.ispadlab.kernel.display.Html;
import org.ispadlab.kernel.display.Markdown;
import org.ispadlab.kernel.widgets.Protocol;
import org.ispadlab.kernel.widgets.Widget;
import org.ispadlab.kernel.widgets.Widgets;

/** Registers the kernel's own renderers and every {@link DisplayRenderer} found on the class path. */
final class Renderers {

    private Renderers() {
    }

    static void registerAll(Renderer renderer) {
        List<DisplayRenderer<?>> all = new ArrayList<>(builtIn());
        try {
            for (DisplayRenderer<?> r : ServiceLoader.load(DisplayRenderer.class, Renderers.class.getClassLoader())) {
                all.add(r);
            }
        } catch (ServiceConfigurationError e) {
            System.err.println("A display renderer could not be loaded: " + e.getMessage());
        }
        all.forEach(r -> register(renderer, r));
        // a widget as a cell's value: its view (and, for the classic Notebook, the display comm message)
        renderer.createRegistration(Widget.class)
                .preferring(Protocol.VIEW_MIME)
                .supporting(Protocol.VIEW_MIME, "text/plain")
                .register((widget, context) -> Widgets.current().display(widget).forEach((mime, value) ->
                        context.renderIfRequested(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse(mime),
                                () -> value)));
    }

    private static <T> void register(Renderer renderer, DisplayRenderer<T> spi) {
        String[] mimes = spi.mimeTypes().toArray(String[]::new);
        renderer.createRegistration(spi.type())
                .preferring(mimes[0])
                .supporting(mimes)
                .register((value, context) -> {
                    for (String mime : mimes) {
                        context.renderIfRequested(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse(mime),
                                () -> encode(spi, value, mime));
                    }
                });
    }

    private static <T> Object encode(DisplayRenderer<T> spi, T value, String mime) {
        try {
            Object out = spi.render(value, mime);
            return out instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot render " + value.getClass().getName() + " as " + mime + ": " + e, e);
        }
    }

    static List<DisplayRenderer<?>> builtIn() {
        return List.of(
                simple(RenderedImage.class, List.of("image/png"), Renderers::png),
                simple(Html.class, List.of("text/html"), Html::html),
                simple(Markdown.class, List.of("text/markdown"), Markdown::markdown));
    }

    static byte[] png(RenderedImage image) {
        return org.ispadlab.kernel.display.Png.encode(image);
    }

    private interface Encoder<T> {
        Object encode(T value) throws Exception;
    }

    private static <T> DisplayRenderer<T> simple(Class<T> type, List<String> mimes, Encoder<T> encoder) {
        return new DisplayRenderer<>() {
            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public List<String> mimeTypes() {
                return mimes;
            }

            @Override
            public Object render(T value, String mimeType) throws Exception {
                return encoder.encode(value);
            }
        };
    }
}
