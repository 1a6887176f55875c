package org.ispadlab.viz;

import java.time.Duration;
import org.ispadlab.kernel.display.Display;

/**
 * A progress bar that updates in place in a notebook (one output, redrawn) and prints lines elsewhere.
 * Redraws are limited to a few per second, so a tight training loop does not flood the notebook.
 *
 * <pre>{@code
 * var bar = ProgressBar.show("epoch 1", batches);
 * for (...) { ...; bar.step(); }
 * bar.done();
 * }</pre>
 */
public final class ProgressBar {

    private static final long MIN_REDRAW_NANOS = Duration.ofMillis(200).toNanos();

    /** What the bar shows at one moment; rendered by {@link ProgressRenderer}. */
    public record State(String label, long done, long total, double seconds, String note) {

        public double fraction() {
            return total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        }

        /** Remaining time at the current rate, in seconds; NaN before the first step. */
        public double etaSeconds() {
            return done == 0 ? Double.NaN : seconds * (total - done) / done;
        }

        @Override
        public String toString() {
            return String.format("%s [%-30s] %d/%d %3.0f%% %.1fs%s", label,
                    "#".repeat((int) Math.round(fraction() * 30)), done, total, fraction() * 100, seconds,
                    note.isEmpty() ? "" : "  " + note);
        }
    }

    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final String displayId;
    private long done;
    private String note = "";
    private long lastDrawNanos;

    private ProgressBar(String label, long total) {
        if (total < 0) {
            throw new IllegalArgumentException("a progress bar needs a total >= 0, got " + total);
        }
        this.label = label;
        this.total = total;
        this.displayId = Display.display(state());
        this.lastDrawNanos = System.nanoTime();
    }

    /** Shows a new bar at 0 of {@code total}. */
    public static ProgressBar show(String label, long total) {
        return new ProgressBar(label, total);
    }

    /** One more unit done. */
    public void step() {
        advanceTo(done + 1, note);
    }

    /** Sets how much is done and a short note (a loss, a rate), redrawing if it is time. */
    public synchronized void advanceTo(long doneNow, String noteNow) {
        done = Math.min(total, Math.max(0, doneNow));
        note = noteNow == null ? "" : noteNow;
        long now = System.nanoTime();
        if (now - lastDrawNanos >= MIN_REDRAW_NANOS || done == total) {
            redraw(now);
        }
    }

    /** Marks the bar complete and draws it a last time. */
    public synchronized void done() {
        done = total;
        redraw(System.nanoTime());
    }

    public synchronized State state() {
        return new State(label, done, total, (System.nanoTime() - startNanos) / 1e9, note);
    }

    private void redraw(long now) {
        lastDrawNanos = now;
        if (Display.inNotebook()) {
            Display.updateDisplay(displayId, state());
        } else if (done == total) {
            System.out.println(state());
        }
    }
}
