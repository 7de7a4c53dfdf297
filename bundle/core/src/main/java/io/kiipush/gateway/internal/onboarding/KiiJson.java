package io.kiipush.gateway.internal.onboarding;

import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import io.kiipush.gateway.internal.endpoint.MqttEndpoint;

/**
 * Tolerant reading of Kii answers (Gson 2.7 API only). Field names are matched case-insensitively because Kii's own
 * SDKs disagree on them ({@code username}/{@code userName}, {@code ttl}/{@code X-MQTT-TTL}; docs/kii-protocol.md
 * §2.4, §3.2).
 */
final class KiiJson {

    private KiiJson() {
    }

    /** @return the text as a JSON object, or {@code null} if it is not one */
    static JsonObject parseObject(String text) {
        if (text == null || text.trim().isEmpty()) {
            return null;
        }
        try {
            JsonElement e = new JsonParser().parse(text);
            return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** @return the first field whose name matches one of {@code names} ignoring case, or {@code null} */
    static JsonElement field(JsonObject o, String... names) {
        for (String name : names) {
            JsonElement exact = o.get(name);
            if (exact != null && !exact.isJsonNull()) {
                return exact;
            }
        }
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            for (String name : names) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isJsonNull()) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    /** @return the field as text (strings and numbers), or {@code null} */
    static String string(JsonObject o, String... names) {
        JsonElement e = field(o, names);
        if (e == null || !e.isJsonPrimitive()) {
            return null;
        }
        String s = e.getAsString();
        return s.isEmpty() ? null : s;
    }

    /** @return the field as a number (numbers and numeric strings), or {@code fallback} */
    static long number(JsonObject o, long fallback, String... names) {
        JsonElement e = field(o, names);
        if (e == null || !e.isJsonPrimitive()) {
            return fallback;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        try {
            return p.isNumber() ? p.getAsLong() : Long.parseLong(p.getAsString().trim());
        } catch (RuntimeException ex) {
            return fallback;
        }
    }

    /** @return the field as an object, or {@code null} */
    static JsonObject object(JsonObject o, String... names) {
        JsonElement e = field(o, names);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    /**
     * Reads an mqtt-endpoint answer or the {@code mqttEndpoint} object of an onboarding answer.
     *
     * @param o the JSON object
     * @param ttlHeader value of the {@code X-MQTT-TTL} response header, may be {@code null}
     * @param installationId the installation asked for, used when the answer does not repeat it; may be {@code null}
     * @param now the fetch time, ms since the epoch
     * @return the endpoint
     * @throws IllegalArgumentException naming the first missing field
     */
    static MqttEndpoint endpoint(JsonObject o, String ttlHeader, String installationId, long now) {
        String host = require(o, "host");
        String username = require(o, "username", "userName");
        String password = require(o, "password");
        String topic = require(o, "mqttTopic");
        long ttl = number(o, -1, "ttl", "X-MQTT-TTL");
        if (ttl < 0 && ttlHeader != null) {
            try {
                ttl = Long.parseLong(ttlHeader.trim());
            } catch (NumberFormatException e) {
                ttl = -1;
            }
        }
        if (ttl <= 0) {
            ttl = MqttEndpoint.TTL_FOREVER;
        }
        String id = string(o, "installationID");
        return new MqttEndpoint(id != null ? id : installationId, host, port(o, "portTCP"), port(o, "portSSL"),
                port(o, "portWS"), port(o, "portWSS"), username, password, topic, ttl, now);
    }

    private static int port(JsonObject o, String name) {
        long p = number(o, 0, name);
        return p > 0 && p < 65536 ? (int) p : 0;
    }

    private static String require(JsonObject o, String... names) {
        String v = string(o, names);
        if (v == null) {
            throw new IllegalArgumentException("the answer has no '" + names[0] + "'");
        }
        return v;
    }
}
