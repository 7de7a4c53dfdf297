package io.kiipush.emulator.internal.service;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The {@code actionResults} of a Thing-IF command (docs/kii-protocol.md §6.4). Both shapes the SDKs send are
 * accepted: flat {@code [{"turnPower":{"succeeded":true}}, ...]} (thing SDKs, also for commands whose actions are
 * grouped by trait alias) and alias-grouped {@code [{"alias":[{"turnPower":{"succeeded":false,"errorMessage":"..."}}]}]};
 * {@code errorMessage} and {@code data} are optional.
 */
final class ActionResults {

    private ActionResults() {
    }

    /**
     * @param body the request body {@code {"actionResults": [...]}}
     * @return the validated array; 400 {@code INVALID_INPUT_DATA} when it has another shape
     */
    static JsonArray parse(JsonObject body) {
        JsonElement results = body.get("actionResults");
        if (results == null || !results.isJsonArray()) {
            throw Paging.invalid("actionResults must be an array");
        }
        forEachAction(results.getAsJsonArray(), (name, result) -> {
            JsonElement succeeded = result.isJsonObject() ? result.getAsJsonObject().get("succeeded") : null;
            if (succeeded == null || !succeeded.isJsonPrimitive() || !succeeded.getAsJsonPrimitive().isBoolean()) {
                throw Paging.invalid("The result of action " + name + " needs a boolean succeeded");
            }
            JsonElement message = result.getAsJsonObject().get("errorMessage");
            if (message != null && !(message.isJsonPrimitive() && message.getAsJsonPrimitive().isString())) {
                throw Paging.invalid("The errorMessage of action " + name + " must be a string");
            }
        });
        return results.getAsJsonArray();
    }

    /** @return true when every action of the command has a result and every result succeeded */
    static boolean allSucceeded(JsonArray actions, JsonArray results) {
        Set<String> names = new LinkedHashSet<>();
        forEachAction(actions, (name, params) -> names.add(name));
        Map<String, Boolean> outcome = new HashMap<>();
        forEachAction(results, (name, result) -> outcome.merge(name,
                result.getAsJsonObject().get("succeeded").getAsBoolean(), Boolean::logicalAnd));
        return names.stream().allMatch(n -> Boolean.TRUE.equals(outcome.get(n)))
                && outcome.values().stream().allMatch(Boolean::booleanValue);
    }

    /** Visits {@code name → value} of every action, flat or grouped by alias ({@code {"alias": [{...}, ...]}}). */
    private static void forEachAction(JsonArray list, BiConsumer<String, JsonElement> visitor) {
        for (JsonElement item : list) {
            if (!item.isJsonObject() || item.getAsJsonObject().size() != 1) {
                throw Paging.invalid("Each entry must be an object with one key: " + item);
            }
            Map.Entry<String, JsonElement> e = item.getAsJsonObject().entrySet().iterator().next();
            if (e.getValue().isJsonArray()) {
                forEachAction(e.getValue().getAsJsonArray(), visitor);
            } else {
                visitor.accept(e.getKey(), e.getValue());
            }
        }
    }
}
