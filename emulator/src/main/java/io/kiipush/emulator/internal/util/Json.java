package io.kiipush.emulator.internal.util;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/** Gson helpers; one shared instance that keeps key order and never escapes HTML characters. */
public final class Json {

    public static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private static final TypeAdapter<JsonElement> ELEMENT = GSON.getAdapter(JsonElement.class);

    private Json() {
    }

    /**
     * Parses JSON text strictly (RFC 8259), as Kii does: no comments, no unquoted names or single quotes, no missing
     * values such as {@code [,1]}, nothing after the value. Gson's own {@code JsonParser} is lenient and would turn
     * those into nulls. Works with every Gson from 2.7 (what the bundle compiles against) up to 2.11.
     *
     * @throws JsonParseException with the position of the first error
     */
    public static JsonElement parse(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setLenient(false);
            JsonElement e = ELEMENT.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonSyntaxException("content after the JSON value");
            }
            return e;
        } catch (IOException | IllegalStateException e) {
            throw new JsonSyntaxException(e.getMessage(), e);
        }
    }

    /** @return the text parsed strictly as a JSON object; {@link JsonParseException} when it is not one */
    public static JsonObject parseObject(String text) {
        JsonElement e = parse(text);
        if (!e.isJsonObject()) {
            throw new JsonSyntaxException("a JSON object is required");
        }
        return e.getAsJsonObject();
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
