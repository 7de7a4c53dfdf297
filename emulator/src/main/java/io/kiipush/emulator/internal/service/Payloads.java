package io.kiipush.emulator.internal.service;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.Scope;
import io.kiipush.emulator.internal.state.Bucket;
import io.kiipush.emulator.internal.state.Command;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.util.Json;

/** Builds MQTT push payloads (docs/kii-protocol.md §6) and validates push message requests (§8.1). */
final class Payloads {

    /** Kii's MQTT payload limit in bytes. */
    static final int MAX_MQTT_PAYLOAD = 4096;
    private static final Set<String> NETWORKS = Set.of("fcm", "gcm", "apns", "jpush", "mqtt");

    private Payloads() {
    }

    /** Push to App: flat JSON, {@code origin: EVENT}; key order as in the Kii samples. */
    static JsonObject bucketEvent(String appId, Bucket bucket, String objectId, String type, Principal actor, long when) {
        JsonObject o = new JsonObject();
        o.addProperty("origin", "EVENT");
        if (actor != null && actor.isUserOrThing()) {
            o.addProperty("sender", actor.id());
        }
        addScope(o, appId, bucket.scope);
        o.addProperty("bucketID", bucket.plainName());
        o.addProperty("bucketType", bucket.type());
        if (objectId != null) {
            o.addProperty("objectID", objectId);
        }
        o.addProperty("type", type);
        o.addProperty("when", when);
        o.addProperty("appID", appId);
        return o;
    }

    /** Push to User: the data keys first (mqtt.data replaces data), then the fields the send flags ask for. */
    static JsonObject topicMessage(String appId, Scope scope, String topicId, Principal sender, JsonObject msg,
            long when) {
        JsonObject o = explicit(sender, msg, when);
        if (flag(msg, "sendTopicID", true)) {
            o.addProperty("topic", topicId);
        }
        if (flag(msg, "sendObjectScope", true)) {
            addScope(o, appId, scope);
        }
        if (flag(msg, "sendAppID", false)) {
            o.addProperty("appID", appId);
        }
        return o;
    }

    /** Direct push: data keys plus sender/when/origin/type per flags; no topic or scope fields. */
    static JsonObject directPush(String appId, Principal sender, JsonObject msg, long when) {
        JsonObject o = explicit(sender, msg, when);
        if (flag(msg, "sendAppID", false)) {
            o.addProperty("appID", appId);
        }
        return o;
    }

    private static JsonObject explicit(Principal sender, JsonObject msg, long when) {
        JsonObject o = new JsonObject();
        JsonObject data = mqttData(msg);
        if (data != null) {
            data.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        }
        if (flag(msg, "sendSender", true) && sender != null && sender.isUserOrThing()) {
            o.addProperty("sender", sender.id());
        }
        if (flag(msg, "sendWhen", false)) {
            o.addProperty("when", when);
        }
        if (flag(msg, "sendOrigin", false)) {
            o.addProperty("origin", "EXPLICIT");
        }
        String type = Json.str(msg, "pushMessageType");
        if (type != null) {
            o.addProperty("type", type);
        }
        return o;
    }

    /** Thing-IF command: {@code commandID} first (the thing SDK checks the payload prefix), then the request. */
    static JsonObject command(Command c) {
        JsonObject o = new JsonObject();
        o.addProperty("commandID", c.id);
        for (String k : new String[] {"actions", "issuer", "schema", "schemaVersion", "title", "description",
                "metadata"}) {
            if (c.request.has(k)) {
                o.add(k, c.request.get(k));
            }
        }
        return o;
    }

    private static void addScope(JsonObject o, String appId, Scope scope) {
        o.addProperty("objectScopeType", scope.type().objectScopeType());
        o.addProperty("objectScopeAppID", appId);
        switch (scope.type()) {
            case USER -> o.addProperty("objectScopeUserID", scope.id());
            case GROUP -> o.addProperty("objectScopeGroupID", scope.id());
            case THING -> o.addProperty("objectScopeThingID", scope.id());
            default -> { }
        }
    }

    /** @return true when the message goes to MQTT installations: an {@code mqtt} object not disabled */
    static boolean mqttEnabled(JsonObject msg) {
        JsonElement m = msg.get("mqtt");
        return m != null && m.isJsonObject() && flag(m.getAsJsonObject(), "enabled", true);
    }

    static boolean toDevelopment(JsonObject msg) {
        return flag(msg, "sendToDevelopment", true);
    }

    static boolean toProduction(JsonObject msg) {
        return flag(msg, "sendToProduction", true);
    }

    private static JsonObject mqttData(JsonObject msg) {
        JsonElement m = msg.get("mqtt");
        if (m != null && m.isJsonObject() && m.getAsJsonObject().get("data") != null
                && m.getAsJsonObject().get("data").isJsonObject()) {
            return m.getAsJsonObject().getAsJsonObject("data");
        }
        JsonElement d = msg.get("data");
        return d != null && d.isJsonObject() ? d.getAsJsonObject() : null;
    }

    static boolean flag(JsonObject o, String key, boolean dflt) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull() || !e.isJsonPrimitive()) {
            return dflt;
        }
        if (e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        return Boolean.parseBoolean(e.getAsString());
    }

    /** 400 INVALID_INPUT_DATA unless the message satisfies the push message rules. */
    static void validate(JsonObject msg) {
        if (NETWORKS.stream().noneMatch(n -> msg.has(n) && msg.get(n).isJsonObject())) {
            throw invalid("At least one of fcm, gcm, apns, jpush or mqtt is required", "mqtt");
        }
        JsonElement data = msg.get("data");
        if (data != null && !data.isJsonNull()) {
            if (!data.isJsonObject()) {
                throw invalid("data must be a JSON object", "data");
            }
            requireFlat(data.getAsJsonObject(), "data");
        }
        for (String n : new String[] {"gcm", "fcm"}) {
            JsonElement net = msg.get(n);
            if (net != null && net.isJsonObject() && flag(net.getAsJsonObject(), "enabled", true)) {
                JsonElement nd = net.getAsJsonObject().get("data");
                if (nd != null && nd.isJsonObject()) {
                    for (Map.Entry<String, JsonElement> e : nd.getAsJsonObject().entrySet()) {
                        if (!e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isString()) {
                            throw invalid(n + ".data values must be strings", n + ".data");
                        }
                    }
                }
                if (data != null && data.isJsonObject()) {
                    for (Map.Entry<String, JsonElement> entry : data.getAsJsonObject().entrySet()) {
                        String k = entry.getKey();
                        if (k.equals("from") || k.equals("collapse_key") || k.startsWith("google.")) {
                            throw invalid("data uses a key reserved by " + n + ": " + k, "data");
                        }
                    }
                }
            }
        }
        JsonElement mqtt = msg.get("mqtt");
        if (mqtt != null && mqtt.isJsonObject()) {
            JsonElement md = mqtt.getAsJsonObject().get("data");
            if (md != null && !md.isJsonNull()) {
                if (!md.isJsonObject()) {
                    throw invalid("mqtt.data must be a JSON object", "mqtt.data");
                }
                requireFlat(md.getAsJsonObject(), "mqtt.data");
            }
        }
    }

    private static void requireFlat(JsonObject o, String field) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (e.getValue().isJsonObject() || e.getValue().isJsonArray()) {
                throw invalid(field + " must be flat: '" + e.getKey() + "' holds an object or array", field);
            }
        }
    }

    /** 400 when a payload would exceed Kii's 4096-byte MQTT limit. */
    static String checkedText(JsonObject payload) {
        String text = Json.text(payload);
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_MQTT_PAYLOAD) {
            throw invalid("The MQTT payload would exceed " + MAX_MQTT_PAYLOAD + " bytes", "data");
        }
        return text;
    }

    private static KiiException invalid(String message, String field) {
        return KiiException.of(KiiError.INVALID_INPUT_DATA, message, "field", field);
    }
}
