package org.ispadlab.kernel.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two generations of the Jupyter widget protocol (ipywidgets' {@code packages/schema/messages.md}), one
 * serializer each. Version 1 is what classic Notebook 6.4 with {@code jupyter-js-widgets} 2.1 speaks: the state flat in
 * {@code comm_open}, binary values named by {@code buffers} (kernel to page) and {@code buffer_keys} (page to kernel),
 * page changes as {@code backbone} messages, a {@code display} comm message to show a widget. Version 2 (ipywidgets
 * 7 and 8: JupyterLab, Notebook 7, VS Code, nbclient) nests the state with {@code buffer_paths}, uses {@code update}
 * both ways and shows a widget with display_data of {@link #VIEW_MIME}; 2.1 adds {@code echo_update}.
 */
public enum Protocol {
    V1, V2;

    public static final String VIEW_MIME = "application/vnd.jupyter.widget-view+json";
    /** The comm target of every widget model. */
    public static final String TARGET = "jupyter.widget";
    /** The front end of version 1 opens a comm here to check the kernel's expected front-end version. */
    public static final String VERSION_TARGET = "jupyter.widget.version";
    /** The front end of version 2.1 opens a comm here to ask for every widget's state at once. */
    public static final String CONTROL_TARGET = "jupyter.widget.control";
    /** The front-end version range a version-1 kernel expects (Debian 12's {@code jupyter-js-widgets} is 2.1.4). */
    public static final String V1_FRONTEND = "~2.1.4";
    public static final String V2_VERSION = "2.1.0";

    /** Which JavaScript module a model comes from. */
    public enum Module { CONTROLS, BASE, OUTPUT }

    public String module(Module m) {
        if (this == V1) {
            return "jupyter-js-widgets";
        }
        return switch (m) {
            case CONTROLS -> "@jupyter-widgets/controls";
            case BASE -> "@jupyter-widgets/base";
            case OUTPUT -> "@jupyter-widgets/output";
        };
    }

    public String moduleVersion(Module m) {
        if (this == V1) {
            return V1_FRONTEND;
        }
        return m == Module.OUTPUT ? "1.0.0" : "2.0.0";
    }

    /** A comm message's data and binary buffers. */
    public record Message(JsonObject data, Map<String, Object> metadata, List<byte[]> buffers) {
    }

    /** The {@code comm_open} that creates a model with {@code state} in the front end. */
    public Message open(Map<String, Object> state) {
        Split split = Split.of(state);
        if (this == V1) {
            JsonObject data = split.json.deepCopy();
            // version 1 has no buffers in comm_open: binary values follow in an update
            return new Message(data, Map.of(), List.of());
        }
        JsonObject data = new JsonObject();
        data.add("state", split.json);
        data.add("buffer_paths", split.paths());
        return new Message(data, Map.of("version", V2_VERSION), split.buffers);
    }

    /** An {@code update} with {@code state} (a part or all of it); binary values as buffers. */
    public Message update(Map<String, Object> state) {
        return stateMessage("update", state);
    }

    /** Version 2.1's {@code echo_update}: the kernel's confirmation of a change the page sent. */
    public Message echo(Map<String, Object> state) {
        return stateMessage("echo_update", state);
    }

    private Message stateMessage(String method, Map<String, Object> state) {
        Split split = Split.of(state);
        JsonObject data = new JsonObject();
        data.addProperty("method", method);
        data.add("state", split.json);
        if (this == V1) {
            JsonArray keys = new JsonArray();
            split.keys.forEach(keys::add);
            data.add("buffers", keys);
        } else {
            data.add("buffer_paths", split.paths());
        }
        return new Message(data, Map.of(), split.buffers);
    }

    /**
     * The state a page's change carries, whichever generation sent it: version 1's {@code backbone} with
     * {@code sync_data} and {@code buffer_keys}, version 2's {@code update} with {@code state} and top-level
     * {@code buffer_paths}. Binary values come back as {@code byte[]}.
     */
    public static Map<String, Object> incomingState(JsonObject data, List<byte[]> buffers) {
        JsonObject state = data.has("sync_data") ? data.getAsJsonObject("sync_data")
                : data.has("state") ? data.getAsJsonObject("state") : new JsonObject();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : state.entrySet()) {
            out.put(e.getKey(), e.getValue());
        }
        List<String> keys = new ArrayList<>();
        if (data.has("buffer_keys")) {
            data.getAsJsonArray("buffer_keys").forEach(k -> keys.add(k.getAsString()));
        } else if (data.has("buffer_paths")) {
            data.getAsJsonArray("buffer_paths").forEach(p -> keys.add(p.getAsJsonArray().get(0).getAsString()));
        }
        for (int i = 0; i < keys.size() && i < buffers.size(); i++) {
            out.put(keys.get(i), buffers.get(i));
        }
        return out;
    }

    /** The MIME bundle that shows a model (version 1 shows it by a comm message too: {@link #displayMessage}). */
    public Map<String, Object> viewBundle(String modelId, String text) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        if (this == V1) {
            // as ipywidgets does for the classic Notebook: no text/plain, or the page would show it under the widget
            bundle.put(VIEW_MIME, Map.of("model_id", modelId));
        } else {
            bundle.put("text/plain", text);
            bundle.put(VIEW_MIME, Map.of("model_id", modelId, "version_major", 2, "version_minor", 1));
        }
        return bundle;
    }

    /** Version 1's comm message that shows a model in the cell of the request being handled. */
    public static JsonObject displayMessage() {
        JsonObject data = new JsonObject();
        data.addProperty("method", "display");
        return data;
    }

    /** A state split into its JSON part and its binary values (top-level keys only, as every model here needs). */
    private record Split(JsonObject json, List<String> keys, List<byte[]> buffers) {
        static Split of(Map<String, Object> state) {
            JsonObject json = new JsonObject();
            List<String> keys = new ArrayList<>();
            List<byte[]> buffers = new ArrayList<>();
            state.forEach((k, v) -> {
                if (v instanceof byte[] bytes) {
                    keys.add(k);
                    buffers.add(bytes);
                } else {
                    json.add(k, Json.of(v));
                }
            });
            return new Split(json, keys, buffers);
        }

        JsonArray paths() {
            JsonArray paths = new JsonArray();
            for (String k : keys) {
                JsonArray path = new JsonArray();
                path.add(k);
                paths.add(path);
            }
            return paths;
        }
    }
}
