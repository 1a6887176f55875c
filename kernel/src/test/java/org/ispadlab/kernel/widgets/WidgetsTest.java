package org.ispadlab.kernel.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The widget models and both serializers against a recording channel: what goes out, what comes back in. */
class WidgetsTest {

    /** Records what the widgets send; plays the page's messages back. */
    static final class Recorder implements CommChannel {
        final Map<String, JsonObject> opened = new LinkedHashMap<>();
        final List<Object[]> sent = new ArrayList<>();
        final Map<String, Listener> listeners = new LinkedHashMap<>();
        final Map<String, Opener> targets = new LinkedHashMap<>();
        boolean queueFull;
        int next;

        @Override
        public String open(String target, JsonObject data, Map<String, Object> metadata, List<byte[]> buffers,
                           Listener listener) {
            String id = "c" + (next++);
            opened.put(id, data);
            listeners.put(id, listener);
            return id;
        }

        @Override
        public void send(String commId, JsonObject data, List<byte[]> buffers) {
            sent.add(new Object[] {commId, data, buffers});
        }

        @Override
        public void acceptTarget(String target, Opener opener) {
            targets.put(target, opener);
        }

        @Override
        public void clearOutput(boolean wait) {
        }

        @Override
        public String parentMessageId() {
            return "parent-1";
        }

        @Override
        public boolean moreIncoming() {
            return queueFull;
        }

        void page(String commId, String json) {
            listeners.get(commId).onMessage(JsonParser.parseString(json).getAsJsonObject(), List.of());
        }

        String idOf(String modelName) {
            return opened.entrySet().stream().filter(e -> {
                JsonObject d = e.getValue();
                JsonObject s = d.has("state") ? d.getAsJsonObject("state") : d;
                return s.get("_model_name").getAsString().equals(modelName);
            }).map(Map.Entry::getKey).reduce((a, b) -> b).orElseThrow();
        }
    }

    private final Recorder page = new Recorder();

    @AfterEach
    void uninstall() {
        Widgets.uninstall();
    }

    @Test
    void aSliderOpensItsLayoutAndStyleFirstAndIsShownByItsView() {
        Widgets.install(page);
        IntSlider s = new IntSlider("threshold", 0, 100, 50);
        Map<String, Object> bundle = Widgets.current().display(s);
        JsonObject state = page.opened.get(s.id()).getAsJsonObject("state");
        assertEquals("IntSliderModel", state.get("_model_name").getAsString());
        assertEquals(50, state.get("value").getAsInt());
        assertEquals("IPY_MODEL_" + page.idOf("LayoutModel"), state.get("layout").getAsString());
        assertEquals("IPY_MODEL_" + page.idOf("SliderStyleModel"), state.get("style").getAsString());
        assertEquals(Map.of("model_id", s.id(), "version_major", 2, "version_minor", 1), bundle.get(Protocol.VIEW_MIME));
    }

    @Test
    void aPageChangeReachesTheValueAndItsListeners() {
        Widgets.install(page);
        IntSlider s = new IntSlider("t", 0, 10, 1);
        List<Integer> seen = new ArrayList<>();
        s.onChange(seen::add);
        s.id();
        page.page(s.id(), "{\"method\": \"update\", \"state\": {\"value\": 7}, \"buffer_paths\": []}");
        assertEquals(7, s.value());
        assertEquals(List.of(7), seen);
        assertTrue(page.sent.isEmpty(), "a page's change is not sent back (no echo without the 2.1 control comm)");
    }

    @Test
    void version1SendsLabelsFlatStateAndBase64Images() {
        Widgets.install(page);
        page.targets.get(Protocol.VERSION_TARGET).opened("v", new JsonObject());
        assertEquals("{\"version\":\"~2.1.4\"}", ((JsonObject) page.sent.get(0)[1]).toString());
        Dropdown d = new Dropdown("m", List.of("a", "b", "c"), "b");
        JsonObject state = page.opened.get(d.id());
        assertEquals("b", state.get("value").getAsString());
        assertFalse(state.has("index"));
        assertEquals("jupyter-js-widgets", state.get("_model_module").getAsString());
        assertFalse(state.has("style"), "version 1 has no description style");
        page.page(d.id(), "{\"method\": \"backbone\", \"sync_data\": {\"value\": \"c\"}, \"buffer_keys\": []}");
        assertEquals("c", d.value());
        assertEquals(2, d.index());
        Image im = new Image(new byte[] {1, 2, 3});
        assertEquals("AQID", page.opened.get(im.id()).get("_b64value").getAsString());
    }

    @Test
    void anInteractRunsOnceMoreWithTheLatestValueAfterABurst() {
        Widgets.install(page);
        IntSlider n = new IntSlider("n", 0, 100, 0);
        List<Integer> runs = new ArrayList<>();
        Interact it = Interact.of(() -> runs.add(n.value()), n);
        it.id();
        page.queueFull = true;
        for (int v = 1; v <= 50; v++) {
            page.page(n.id(), "{\"method\": \"update\", \"state\": {\"value\": " + v + "}}");
        }
        assertEquals(List.of(0), runs, "while changes wait in the queue nothing runs");
        page.queueFull = false;
        Widgets.current().flush();
        assertEquals(List.of(0, 50), runs);
        assertEquals(2, it.runs());
    }

    @Test
    void withoutAKernelWidgetsArePlainObjects() {
        FloatSlider f = new FloatSlider("x", 0, 1, 0.5);
        f.setValue(0.25);
        assertEquals(0.25, f.value());
        assertEquals(32, f.id().length());
    }
}
