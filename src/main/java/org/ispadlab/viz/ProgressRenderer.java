package org.ispadlab.viz;

import java.util.List;
import java.util.Locale;
import org.ispadlab.kernel.display.DisplayRenderer;

/** Draws a {@link ProgressBar.State} as an HTML bar with counts, elapsed time and time left. */
public final class ProgressRenderer implements DisplayRenderer<ProgressBar.State> {

    @Override
    public Class<ProgressBar.State> type() {
        return ProgressBar.State.class;
    }

    @Override
    public List<String> mimeTypes() {
        return List.of("text/html", "text/plain");
    }

    @Override
    public Object render(ProgressBar.State s, String mimeType) {
        if (!mimeType.equals("text/html")) {
            return s.toString();
        }
        double eta = s.etaSeconds();
        String left = s.done() >= s.total() ? "done" : Double.isNaN(eta) ? "" : String.format(Locale.ROOT, "%.1f s left", eta);
        return String.format(Locale.ROOT,
                "<div class=\"ispad-progress\" style=\"font-family:monospace\">%s "
                        + "<progress value=\"%d\" max=\"%d\" style=\"width:40%%;vertical-align:middle\"></progress> "
                        + "%d/%d (%.0f%%) %.1f s %s %s</div>",
                TableHtml.escape(s.label()), s.done(), Math.max(1, s.total()), s.done(), s.total(),
                s.fraction() * 100, s.seconds(), left, TableHtml.escape(s.note()));
    }
}
