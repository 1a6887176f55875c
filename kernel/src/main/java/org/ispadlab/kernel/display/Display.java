package org.ispadlab.kernel.display;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The notebook display API, imported statically into every cell and usable from library code.
 * Inside the kernel values go to the notebook; anywhere else they are printed as text, so library code
 * that displays progress also runs in tests and on the command line.
 */
public final class Display {

    private static volatile DisplaySink sink = new TextSink();

    private Display() {
    }

    /** Installed by the kernel at start-up. */
    public static void install(DisplaySink kernelSink) {
        sink = Objects.requireNonNull(kernelSink);
    }

    /** True when values reach a notebook rather than standard output. */
    public static boolean inNotebook() {
        return !(sink instanceof TextSink);
    }

    /** Shows a value now (not only as a cell's last value); returns the id to update it with. */
    public static String display(Object value, String... mimeTypes) {
        return sink.display(value, mimeTypes);
    }

    /** Replaces the output shown under {@code displayId} in place (progress bars, live charts). */
    public static void updateDisplay(String displayId, Object value, String... mimeTypes) {
        sink.update(displayId, value, mimeTypes);
    }

    public static Html html(String html) {
        return new Html(html);
    }

    public static Markdown markdown(String markdown) {
        return new Markdown(markdown);
    }

    /** Prints values; updates print again, which is the best a terminal can do. */
    private static final class TextSink implements DisplaySink {
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        public String display(Object value, String... mimeTypes) {
            System.out.println(value);
            return "text-" + ids.incrementAndGet();
        }

        @Override
        public void update(String displayId, Object value, String... mimeTypes) {
            System.out.println(value);
        }
    }
}
