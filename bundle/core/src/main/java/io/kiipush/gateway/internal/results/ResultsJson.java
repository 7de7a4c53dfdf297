package io.kiipush.gateway.internal.results;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import io.kiipush.gateway.ActionResult;

/**
 * The {@code actionResults} JSON of docs/kii-protocol.md §6.4 in the flat form the thing SDKs send:
 * {@code {"actionResults":[{"turnPower":{"succeeded":true}}, {"x":{"succeeded":false,"errorMessage":"..."}}]}},
 * built from {@link ActionResult}s and read back from the array a consumer posts on the EventAdmin topic. Every
 * problem is an {@link IllegalArgumentException} whose message says what is wrong.
 */
final class ResultsJson {

    /** More actions than any command carries; keeps one report (and the outbox) small. */
    static final int MAX_RESULTS = 100;

    private static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);

    private ResultsJson() {
    }

    /**
     * @param results the results of one command
     * @return the request body
     * @throws IllegalArgumentException when the list is empty, too long, or a result's data is not a JSON object
     */
    static String body(List<ActionResult> results) {
        if (results == null || results.isEmpty()) {
            throw new IllegalArgumentException("at least one action result is needed");
        }
        if (results.size() > MAX_RESULTS) {
            throw new IllegalArgumentException(results.size() + " action results, at most " + MAX_RESULTS);
        }
        JsonArray array = new JsonArray();
        for (ActionResult r : results) {
            if (r == null) {
                throw new IllegalArgumentException("an action result is null");
            }
            JsonObject result = new JsonObject();
            result.addProperty("succeeded", r.isSucceeded());
            if (r.getErrorMessage() != null) {
                result.addProperty("errorMessage", r.getErrorMessage());
            }
            if (r.getDataJson() != null) {
                result.add("data", dataObject(r.getAction(), r.getDataJson()));
            }
            JsonObject entry = new JsonObject();
            entry.add(r.getAction(), result);
            array.add(entry);
        }
        JsonObject body = new JsonObject();
        body.add("actionResults", array);
        return body.toString();
    }

    /**
     * @param json a JSON array in the flat {@code actionResults} form
     * @return the results it lists
     * @throws IllegalArgumentException naming the first problem
     */
    static List<ActionResult> parseArray(String json) {
        JsonElement parsed = parse(json, "the results");
        if (!parsed.isJsonArray()) {
            throw new IllegalArgumentException("the results must be a JSON array like [{\"turnPower\":{\"succeeded\""
                    + ":true}}], not " + abbreviate(json));
        }
        List<ActionResult> out = new ArrayList<>();
        for (JsonElement item : parsed.getAsJsonArray()) {
            if (!item.isJsonObject() || item.getAsJsonObject().size() != 1) {
                throw new IllegalArgumentException("each result must be an object with one key, the action's name: "
                        + abbreviate(item.toString()));
            }
            Map.Entry<String, JsonElement> e = item.getAsJsonObject().entrySet().iterator().next();
            out.add(result(e.getKey(), e.getValue()));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the results array is empty");
        }
        return out;
    }

    private static ActionResult result(String action, JsonElement value) {
        JsonElement succeeded = value.isJsonObject() ? value.getAsJsonObject().get("succeeded") : null;
        if (succeeded == null || !succeeded.isJsonPrimitive() || !succeeded.getAsJsonPrimitive().isBoolean()) {
            throw new IllegalArgumentException("the result of action '" + action + "' needs a boolean succeeded");
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement message = o.get("errorMessage");
        if (message != null && !message.isJsonNull()
                && !(message.isJsonPrimitive() && message.getAsJsonPrimitive().isString())) {
            throw new IllegalArgumentException("the errorMessage of action '" + action + "' must be a string");
        }
        JsonElement data = o.get("data");
        if (data != null && !data.isJsonNull() && !data.isJsonObject()) {
            throw new IllegalArgumentException("the data of action '" + action + "' must be a JSON object");
        }
        String text = message == null || message.isJsonNull() ? null : message.getAsString();
        ActionResult r = succeeded.getAsBoolean() ? ActionResult.succeeded(action) : ActionResult.failed(action, text);
        return data == null || data.isJsonNull() ? r : r.withData(data.toString());
    }

    private static JsonObject dataObject(String action, String json) {
        JsonElement data = parse(json, "the data of action '" + action + "'");
        if (!data.isJsonObject()) {
            throw new IllegalArgumentException("the data of action '" + action + "' must be a JSON object, not "
                    + abbreviate(json));
        }
        return data.getAsJsonObject();
    }

    /** Strict parsing (Gson 2.7 API): {@code JsonParser} would accept lenient JSON and trailing text. */
    private static JsonElement parse(String json, String what) {
        if (json == null || json.trim().isEmpty()) {
            throw new IllegalArgumentException(what + ": no JSON text");
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setLenient(false);
            JsonElement e = ELEMENT.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the JSON value");
            }
            return e;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new IllegalArgumentException(what + " is not valid JSON (" + rootMessage(e) + "): "
                    + abbreviate(json));
        } catch (StackOverflowError e) {
            // Gson reads nested values recursively; an error must not escape into EventAdmin or the caller.
            throw new IllegalArgumentException(what + " is nested too deeply: " + abbreviate(json));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static String abbreviate(String text) {
        String s = String.valueOf(text).replace('\r', ' ').replace('\n', ' ');
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
