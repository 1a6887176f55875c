package org.ispadlab.kernel.widgets;

/**
 * ipywidgets' {@code interact} for Java: controls above an {@link Output}, and a callback that draws into it, run once
 * now and again after every change of a control, its previous output replaced in place. Changes that arrive while it
 * runs are coalesced: it runs once more, with the latest values, when the page's burst is over, never once per stale
 * change. <pre>{@code
 * var m = new FloatSlider("momentum", 0, 1, 0.7);
 * Interact.of(() -> display(draw(m.value())), m)
 * }</pre>
 */
public final class Interact extends Box {

    private final Output output;
    private final Runnable callback;
    private final Runnable rerun = this::run; // one task, so a burst of changes queues it once
    private int runs;

    private Interact(Runnable callback, Output output, ValueWidget<?>... controls) {
        super(new VBox(controls), output);
        this.output = output;
        this.callback = callback;
    }

    /** The controls, the output, and the callback run once now (inside the cell). */
    public static Interact of(Runnable callback, ValueWidget<?>... controls) {
        Interact i = new Interact(callback, new Output(), controls);
        for (ValueWidget<?> c : controls) {
            c.onChange(v -> Widgets.current().whenIdle(i.rerun));
        }
        i.run();
        return i;
    }

    @Override
    protected String modelName(Protocol p) {
        return "VBoxModel"; // on the page an interact is a VBox
    }

    @Override
    protected String viewName(Protocol p) {
        return "VBoxView";
    }

    /** The area the callback draws into. */
    public Output output() {
        return output;
    }

    /** How often the callback has run (once at creation, then once per burst of changes). */
    public synchronized int runs() {
        return runs;
    }

    private void run() {
        synchronized (this) {
            runs++;
        }
        output.capture(() -> {
            output.clear(true);
            callback.run();
        });
    }
}
