package org.ispadlab.kernel.jupyter;

import java.nio.charset.StandardCharsets;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

/**
 * The base library's standard streams and display, which it attaches to execute requests only; the kernel also
 * attaches them while it handles a comm message, so a widget's callback prints and displays under that message, and
 * knows which request they are attached to (where clear_output goes).
 */
final class KernelIO extends JupyterIO {

    private ShellReplyEnvironment env;

    KernelIO() {
        super(StandardCharsets.UTF_8);
    }

    @Override
    protected synchronized void setEnv(ShellReplyEnvironment env) {
        this.env = env;
        super.setEnv(env);
    }

    @Override
    protected synchronized void retractEnv(ShellReplyEnvironment env) {
        out.flush();
        err.flush();
        if (this.env == env) {
            this.env = null;
        }
        super.retractEnv(env);
    }

    /** The request being handled, or null. */
    synchronized ShellReplyEnvironment env() {
        return env;
    }

    /**
     * Runs {@code body} with the streams and display attached to {@code request} and {@code System.out} and
     * {@code System.err} swapped to them by {@code attach} (the kernel's own {@code replaceOutputStreams}); both are
     * undone when the request's handling ends. Nothing changes when they are attached already (an execute request's
     * own comm traffic, the end of a burst after a cell).
     */
    void during(ShellReplyEnvironment request, java.util.function.Consumer<ShellReplyEnvironment> attach, Runnable body) {
        boolean attached;
        synchronized (this) {
            attached = env != null;
        }
        if (!attached) {
            setEnv(request);
            attach.accept(request); // System.out and System.err to the streams; put back when the request ends
            request.defer(() -> retractEnv(request)); // deferrals run last-in first: flushed before the idle
        }
        body.run();
    }
}
