package org.ispadlab.kernel.display;

/** Markdown text, shown as text/markdown. */
public record Markdown(String markdown) {
    @Override
    public String toString() {
        return markdown;
    }
}
