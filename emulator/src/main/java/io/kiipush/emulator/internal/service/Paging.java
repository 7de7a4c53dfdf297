package io.kiipush.emulator.internal.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import io.kiipush.emulator.internal.util.Json;

/**
 * Best-effort pages as Kii serves them: a client asks for at most {@code bestEffortLimit} entries and continues with
 * the opaque {@code nextPaginationKey} of the previous page until an answer has none. Here a key says where the
 * previous page ended (a position in the sort order, never an offset), so entries added or changed between pages
 * are not skipped because others moved.
 */
final class Paging {

    private Paging() {
    }

    /** @return the page size: {@code requested} when in 1..max, else {@code max} (Kii's SDK docs on bestEffortLimit) */
    static int size(Integer requested, int max) {
        return requested == null || requested <= 0 || requested > max ? max : requested;
    }

    /** @return {@code bestEffortLimit} of a JSON request; 400 when it is not a number */
    static Integer requested(JsonObject request) {
        JsonElement e = request.get("bestEffortLimit");
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw invalid("bestEffortLimit must be a number");
        }
        return e.getAsInt();
    }

    /** @return the opaque key for a position */
    static String key(JsonObject position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(position));
    }

    /** @return the position a key stands for, or {@code null} without a key; 400 for a key this server never gave */
    static JsonObject position(String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        try {
            return Json.parseObject(new String(Base64.getUrlDecoder().decode(key), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JsonParseException e) {
            throw invalid("Unknown paginationKey " + key);
        }
    }

    /** @return the creation-order number a position holds; 400 when the key held none */
    static long seq(JsonObject position) {
        JsonElement s = position.get("s");
        if (s == null || !s.isJsonPrimitive() || !s.getAsJsonPrimitive().isNumber()) {
            throw invalid("Unknown paginationKey");
        }
        return s.getAsLong();
    }

    static KiiException invalid(String message) {
        return KiiException.of(KiiError.INVALID_INPUT_DATA, message);
    }
}
