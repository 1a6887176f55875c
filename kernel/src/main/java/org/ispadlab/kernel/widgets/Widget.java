package org.ispadlab.kernel.widgets;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One widget model: its traits (the synchronised state, named as ipywidgets names them) and the comm that keeps the
 * front end's copy in step. The comm opens the first time the model is needed there (shown, or referenced by a model
 * that is); before that, and outside a notebook, a widget is a plain object whose values can be set and read.
 * Subclasses say what the model is called in each protocol generation and translate the traits that differ.
 */
public abstract class Widget {

    private final Protocol.Module module;
    private final Map<String, Object> traits = new LinkedHashMap<>();
    private final Map<String, List<Consumer<Object>>> listeners = new LinkedHashMap<>();
    private final List<Consumer<JsonElement>> customListeners = new CopyOnWriteArrayList<>();
    private String id;
    private Protocol protocol;

    protected Widget(Protocol.Module module) {
        this.module = module;
    }

    /** The model's name in a generation, e.g. {@code IntSliderModel}. */
    protected abstract String modelName(Protocol p);

    /** The view's name, or null for a model without a view (layout, style). */
    protected abstract String viewName(Protocol p);

    /** The module of the model's view: the model's own unless a subclass says otherwise. */
    protected Protocol.Module viewModule() {
        return module;
    }

    /** Translates outgoing traits (a full state or a change) into a generation's names and forms. */
    protected void toWire(Protocol p, Map<String, Object> state) {
    }

    /** Translates a page's change from a generation's names and forms back into the traits. */
    protected void fromWire(Protocol p, Map<String, Object> change) {
    }

    /** A trait's value. */
    protected final synchronized Object get(String name) {
        return traits.get(name);
    }

    /** Sets a trait; the front end's copy follows when the model is open. */
    protected final void set(String name, Object value) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put(name, value);
        apply(change, true);
    }

    /** Sets traits without telling the front end (construction). */
    protected final synchronized void init(String name, Object value) {
        traits.put(name, value);
    }

    private void apply(Map<String, Object> change, boolean sync) {
        List<Runnable> notify = new ArrayList<>();
        synchronized (this) {
            change.forEach((k, v) -> {
                Object old = traits.put(k, v);
                if (!java.util.Objects.equals(old, v) && !(old instanceof int[] a && v instanceof int[] b
                        && java.util.Arrays.equals(a, b))) {
                    for (Consumer<Object> l : listeners.getOrDefault(k, List.of())) {
                        notify.add(() -> l.accept(v));
                    }
                }
            });
        }
        if (sync && protocol != null) {
            Map<String, Object> wire = new LinkedHashMap<>(change);
            toWire(protocol, wire);
            Widgets.current().send(this, protocol.update(wire));
        }
        notify.forEach(Widgets.current()::callback);
    }

    /** Calls {@code listener} with a trait's new value whenever it changes (the page's changes included). */
    protected final synchronized void listen(String name, Consumer<Object> listener) {
        listeners.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Calls {@code listener} with the content of every custom message the page sends (a button's click). */
    protected final void onCustom(Consumer<JsonElement> listener) {
        customListeners.add(listener);
    }

    /** This model's id (its comm's): opens the comm first when a kernel is there. */
    public final synchronized String id() {
        if (id == null) {
            Widgets manager = Widgets.current();
            if (manager.connected()) {
                protocol = manager.protocol();
                id = manager.open(this, protocol, wireState(protocol));
            } else {
                id = UUID.randomUUID().toString().replace("-", "");
            }
        }
        return id;
    }

    /** How other models and saved state refer to this one. */
    public final String reference() {
        return "IPY_MODEL_" + id();
    }

    /** The protocol generation the model was opened with; null before it is open. */
    public final synchronized Protocol protocol() {
        return protocol;
    }

    /** The whole state as a generation sends it: the model's identity, then every trait. */
    final synchronized Map<String, Object> wireState(Protocol p) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("_model_module", p.module(module));
        state.put("_model_module_version", p.moduleVersion(module));
        state.put("_model_name", modelName(p));
        String view = viewName(p);
        Protocol.Module viewModule = viewModule();
        state.put("_view_module", view == null ? null : p.module(viewModule));
        state.put("_view_module_version", view == null ? "" : p.moduleVersion(viewModule));
        state.put("_view_name", view);
        state.putAll(traits);
        toWire(p, state);
        return state;
    }

    /** A message the page sent on this model's comm. */
    final void receive(JsonObject data, List<byte[]> buffers) {
        String method = data.has("method") ? data.get("method").getAsString() : "";
        switch (method) {
            case "backbone", "update" -> {
                Map<String, Object> change = Protocol.incomingState(data, buffers);
                Map<String, Object> echo = new LinkedHashMap<>(change);
                fromWire(protocol, change);
                Map<String, Object> typed = new LinkedHashMap<>();
                synchronized (this) {
                    change.forEach((k, v) -> typed.put(k, v instanceof JsonElement e ? JsonValues.like(e, traits.get(k)) : v));
                }
                apply(typed, false);
                Widgets.current().echo(this, echo);
            }
            case "request_state" -> Widgets.current().send(this, protocol.update(wireState(protocol)));
            case "custom" -> {
                JsonElement content = data.get("content");
                customListeners.forEach(l -> Widgets.current().callback(() -> l.accept(content)));
            }
            default -> System.err.println("widget " + id + ": unknown message method '" + method + "' ignored");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + traits.entrySet().stream()
                .filter(e -> !(e.getValue() instanceof Widget) && !(e.getValue() instanceof byte[]))
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
