package org.ispadlab.kernel.display;

/** An HTML fragment, shown as text/html. */
public record Html(String html) {
    @Override
    public String toString() {
        return html;
    }
}
