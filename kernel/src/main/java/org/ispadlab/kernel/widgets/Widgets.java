package org.ispadlab.kernel.widgets;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel's widget manager: opens models' comms, routes the page's messages to them, answers the front end's
 * version and state requests, and picks the protocol generation from what the front end announces:
 * <ul>
 *   <li>a comm opened on {@code jupyter.widget.version}: the classic Notebook's {@code jupyter-js-widgets} 2.x, version 1
 *       (the kernel answers with the range it expects, {@value Protocol#V1_FRONTEND});</li>
 *   <li>a comm opened on {@code jupyter.widget.control}: ipywidgets 8's front end, version 2.1 (with echo_update);</li>
 *   <li>nothing: version 2, what JupyterLab with ipywidgets 7, nbclient (the headless runs) and VS Code speak. A front
 *       end that speaks neither shows no widget; {@code ISPAD_WIDGET_PROTOCOL=1} or {@code 2} forces a generation.</li>
 * </ul>
 * A model keeps the generation it was opened with. One manager per kernel ({@link #install}); without one (tests, the
 * command line) widgets are plain objects.
 */
public final class Widgets {

    private static volatile Widgets current = new Widgets(null);

    private final CommChannel channel;
    private final Map<String, Widget> open = new LinkedHashMap<>();
    private final Set<Runnable> pending = new LinkedHashSet<>();
    private Protocol announced;
    private boolean echoes;

    private Widgets(CommChannel channel) {
        this.channel = channel;
    }

    /** The kernel installs its channel once, at start-up. */
    public static synchronized Widgets install(CommChannel channel) {
        Widgets w = new Widgets(channel);
        channel.acceptTarget(Protocol.VERSION_TARGET, (commId, data) -> w.versionComm(commId));
        channel.acceptTarget(Protocol.CONTROL_TARGET, (commId, data) -> w.controlComm(commId));
        channel.acceptTarget(Protocol.TARGET, (commId, data) -> {
            System.err.println("a widget model opened by the page (" + data + ") is not supported; ignored");
            return (d, b) -> { };
        });
        current = w;
        return w;
    }

    /** Back to no kernel (tests). */
    static synchronized void uninstall() {
        current = new Widgets(null);
    }

    public static Widgets current() {
        return current;
    }

    boolean connected() {
        return channel != null;
    }

    /** The generation new models are opened with (see the class comment). */
    public synchronized Protocol protocol() {
        if (announced != null) {
            return announced;
        }
        String forced = System.getenv("ISPAD_WIDGET_PROTOCOL");
        return "1".equals(forced) ? Protocol.V1 : Protocol.V2;
    }

    /** How the generation was chosen, in words. */
    public synchronized String protocolReason() {
        if (announced == Protocol.V1) {
            return "version 1: the front end opened jupyter.widget.version (classic Notebook, jupyter-js-widgets 2.x)";
        }
        if (announced == Protocol.V2) {
            return "version 2.1: the front end opened jupyter.widget.control (ipywidgets 8)";
        }
        return "version " + (protocol() == Protocol.V1 ? "1 (forced by ISPAD_WIDGET_PROTOCOL)"
                : "2: no front end announced itself (JupyterLab with ipywidgets 7, nbclient, VS Code)");
    }

    private CommChannel.Listener versionComm(String commId) {
        synchronized (this) {
            announced = Protocol.V1;
        }
        JsonObject reply = new JsonObject();
        reply.addProperty("version", Protocol.V1_FRONTEND);
        channel.send(commId, reply, List.of());
        return (data, buffers) -> {
            if (data.has("validated") && !data.get("validated").getAsBoolean()) {
                System.err.println("the page's widget front end " + data.get("frontend_version")
                        + " does not satisfy " + Protocol.V1_FRONTEND + ": widgets may not show");
            }
        };
    }

    private CommChannel.Listener controlComm(String commId) {
        synchronized (this) {
            announced = Protocol.V2;
            echoes = true;
        }
        return (data, buffers) -> {
            if (data.has("method") && data.get("method").getAsString().equals("request_states")) {
                sendAllStates(commId);
            }
        };
    }

    /** Version 2.1's answer to {@code request_states}: every open model's full state in one message. */
    private void sendAllStates(String commId) {
        JsonObject states = new JsonObject();
        com.google.gson.JsonArray paths = new com.google.gson.JsonArray();
        java.util.List<byte[]> buffers = new java.util.ArrayList<>();
        for (Widget w : snapshot()) {
            Protocol.Message m = w.protocol().open(w.wireState(w.protocol()));
            JsonObject entry = new JsonObject();
            JsonObject state = m.data().getAsJsonObject("state");
            entry.add("model_name", state.get("_model_name"));
            entry.add("model_module", state.get("_model_module"));
            entry.add("model_module_version", state.get("_model_module_version"));
            entry.add("state", state);
            states.add(w.id(), entry);
            for (var p : m.data().getAsJsonArray("buffer_paths")) {
                com.google.gson.JsonArray full = new com.google.gson.JsonArray();
                full.add(w.id());
                full.add("state");
                p.getAsJsonArray().forEach(full::add);
                paths.add(full);
            }
            buffers.addAll(m.buffers());
        }
        JsonObject reply = new JsonObject();
        reply.addProperty("method", "update_states");
        reply.add("states", states);
        reply.add("buffer_paths", paths);
        channel.send(commId, reply, buffers);
    }

    private synchronized List<Widget> snapshot() {
        return List.copyOf(open.values());
    }

    String open(Widget w, Protocol p, Map<String, Object> state) {
        Protocol.Message m = p.open(state);
        String id = channel.open(Protocol.TARGET, m.data(), m.metadata(), m.buffers(), w::receive);
        synchronized (this) {
            open.put(id, w);
        }
        Map<String, Object> binary = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (v instanceof byte[]) {
                binary.put(k, v);
            }
        });
        if (p == Protocol.V1 && !binary.isEmpty()) {
            channel.send(id, p.update(binary).data(), p.update(binary).buffers()); // version 1 opens without buffers
        }
        return id;
    }

    void send(Widget w, Protocol.Message m) {
        channel.send(w.id(), m.data(), m.buffers());
    }

    /** Version 2.1 confirms each page change back (other views of the model follow it). */
    void echo(Widget w, Map<String, Object> change) {
        boolean on;
        synchronized (this) {
            on = echoes;
        }
        if (on && w.protocol() == Protocol.V2) {
            send(w, w.protocol().echo(change));
        }
    }

    /**
     * The MIME bundle that shows {@code w} as a cell's output; version 1 also sends the {@code display} comm message
     * the classic Notebook shows it by.
     */
    public Map<String, Object> display(Widget w) {
        String id = w.id();
        if (connected() && w.protocol() == Protocol.V1) {
            channel.send(id, Protocol.displayMessage(), List.of());
        }
        return (w.protocol() == null ? protocol() : w.protocol()).viewBundle(id, w.toString());
    }

    /** Runs a listener: an exception is printed (into the page, under the message that caused it), never thrown. */
    void callback(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | Error e) {
            System.err.println("a widget callback failed: " + e);
            e.printStackTrace();
        }
    }

    /** Runs {@code task} once the page's burst of changes is over (see {@link #flush}). */
    void whenIdle(Runnable task) {
        synchronized (this) {
            pending.add(task);
        }
        if (channel == null || !channel.moreIncoming()) {
            flush();
        }
    }

    /**
     * Runs the tasks waiting for the end of a burst, once each with the latest values; the kernel calls it after
     * every request when no other request waits, so a slow callback never works through a backlog of stale changes.
     */
    public void flush() {
        List<Runnable> run;
        synchronized (this) {
            run = List.copyOf(pending);
            pending.clear();
        }
        run.forEach(this::callback);
    }

    void clearOutput(boolean wait) {
        if (channel != null) {
            channel.clearOutput(wait);
        }
    }

    String parentMessageId() {
        return channel == null ? "" : channel.parentMessageId();
    }
}
