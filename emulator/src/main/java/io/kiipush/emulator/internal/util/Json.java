package io.kiipush.emulator.internal.util;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/** Gson helpers; one shared instance that keeps key order and never escapes HTML characters. */
public final class Json {

    public static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private Json() {
    }

    /** @return the parsed element, or {@code null} when the text is not JSON */
    public static JsonElement parseOrNull(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return parse(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Parses JSON text. Uses the instance parser so the emulator runs with every Gson from 2.7 (what the bundle
     * compiles against, and may put first on a test classpath) up to 2.11.
     */
    @SuppressWarnings("deprecation")
    public static JsonElement parse(String text) {
        return new JsonParser().parse(text);
    }

    /** A shallow copy (Gson 2.7 has no public {@code deepCopy}); callers only add top-level keys. */
    public static JsonObject copy(JsonObject o) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            out.add(e.getKey(), e.getValue());
        }
        return out;
    }

    public static JsonObject obj(Object... keyValues) {
        JsonObject o = new JsonObject();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            put(o, (String) keyValues[i], keyValues[i + 1]);
        }
        return o;
    }

    public static void put(JsonObject o, String key, Object value) {
        if (value == null) {
            return;
        }
        o.add(key, toElement(value));
    }

    public static JsonElement toElement(Object value) {
        if (value instanceof JsonElement e) {
            return e;
        }
        if (value instanceof String s) {
            return new JsonPrimitive(s);
        }
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (value instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, v) -> {
                if (v == null) {
                    o.add(String.valueOf(k), com.google.gson.JsonNull.INSTANCE);
                } else {
                    o.add(String.valueOf(k), toElement(v));
                }
            });
            return o;
        }
        return GSON.toJsonTree(value);
    }

    public static String str(JsonObject o, String key) {
        if (o == null || !o.has(key) || o.get(key).isJsonNull() || !o.get(key).isJsonPrimitive()) {
            return null;
        }
        return o.get(key).getAsString();
    }

    public static byte[] bytes(JsonElement e) {
        return GSON.toJson(e).getBytes(StandardCharsets.UTF_8);
    }

    public static String text(JsonElement e) {
        return GSON.toJson(e);
    }
}
