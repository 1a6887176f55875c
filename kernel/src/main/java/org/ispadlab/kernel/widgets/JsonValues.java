package org.ispadlab.kernel.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;

/** A page's JSON value as the Java type the trait holds (a slider's Integer stays an Integer). */
final class JsonValues {

    private JsonValues() {
    }

    static Object like(JsonElement e, Object current) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            if (current instanceof int[]) {
                int[] out = new int[a.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = a.get(i).getAsInt();
                }
                return out;
            }
            List<Object> out = new ArrayList<>();
            a.forEach(x -> out.add(like(x, null)));
            return out;
        }
        if (e.isJsonPrimitive()) {
            var p = e.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return p.getAsBoolean();
            }
            if (p.isNumber()) {
                if (current instanceof Integer) {
                    return (int) Math.round(p.getAsDouble());
                }
                if (current instanceof Double || current == null) {
                    return p.getAsDouble();
                }
                return p.getAsNumber();
            }
            return p.getAsString();
        }
        return e;
    }
}
