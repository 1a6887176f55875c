package org.ispadlab.kernel.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Collection;
import java.util.Map;

/** Trait values to JSON: numbers, strings, booleans, lists, maps, and widgets as {@code IPY_MODEL_<id>}. */
final class Json {

    private Json() {
    }

    static JsonElement of(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof JsonElement e) {
            return e;
        }
        if (v instanceof Widget w) {
            return new JsonPrimitive(w.reference());
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof CharSequence s) {
            return new JsonPrimitive(s.toString());
        }
        if (v instanceof int[] ints) {
            JsonArray a = new JsonArray();
            for (int i : ints) {
                a.add(i);
            }
            return a;
        }
        if (v instanceof Collection<?> c) {
            JsonArray a = new JsonArray();
            c.forEach(x -> a.add(of(x)));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, x) -> o.add(String.valueOf(k), of(x)));
            return o;
        }
        throw new IllegalArgumentException("a widget trait cannot hold a " + v.getClass().getName());
    }
}
