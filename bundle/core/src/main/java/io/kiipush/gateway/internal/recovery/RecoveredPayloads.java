package io.kiipush.gateway.internal.recovery;

import java.nio.charset.StandardCharsets;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.kiipush.gateway.Subscription;

/**
 * Rebuilds the push a stored object or command would have caused, as the flat JSON Kii sends (docs/kii-protocol.md
 * §6.1, §6.4), so that a recovered notification goes through the same parser and carries the same fields as a live
 * one. An object event also carries the stored object under {@code object} (left out when the payload would exceed
 * the size limit).
 */
final class RecoveredPayloads {

    static final String CREATED = "DATA_OBJECT_CREATED";
    static final String UPDATED = "DATA_OBJECT_UPDATED";

    private static final String[] COMMAND_FIELDS = { "commandID", "actions", "issuer", "schema", "schemaVersion",
            "title", "description", "metadata", "target", "firedByTriggerID", "createdAt" };

    private RecoveredPayloads() {
    }

    /**
     * @param object a stored object as a bucket query returns it
     * @param bucket the subscribed bucket it is in
     * @param targets the identity (own scopes resolve to it)
     * @param maxBytes the payload size limit
     * @return the payload, or {@code null} if the object has no {@code _id} or {@code _modified}
     */
    static byte[] objectEvent(JsonObject object, Subscription bucket, KiiRecords.Targets targets, int maxBytes) {
        String id = string(object, "_id");
        Long modified = number(object, "_modified");
        if (id == null || modified == null) {
            return null;
        }
        Long created = number(object, "_created");
        JsonObject o = new JsonObject();
        o.addProperty("origin", "EVENT");
        addScope(o, bucket, targets);
        o.addProperty("bucketID", bucket.getName());
        o.addProperty("objectID", id);
        // Kii stores no history: an object modified since its creation reads as one update.
        o.addProperty("type", modified.equals(created) ? CREATED : UPDATED);
        o.addProperty("when", modified);
        o.addProperty("modifiedAt", modified);
        o.add("object", object);
        byte[] bytes = o.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            o.remove("object");
            bytes = o.toString().getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /**
     * @param command a command as the command list returns it
     * @return the payload a pushed command carries, or {@code null} if it has no {@code commandID}
     */
    static byte[] command(JsonObject command) {
        if (string(command, "commandID") == null) {
            return null;
        }
        JsonObject o = new JsonObject();
        for (String f : COMMAND_FIELDS) {
            JsonElement v = command.get(f);
            if (v != null && !v.isJsonNull()) {
                o.add(f, v);
            }
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    // The scope fields of a live bucket event (docs/kii-protocol.md §6): type, application and scope owner.
    private static void addScope(JsonObject o, Subscription bucket, KiiRecords.Targets targets) {
        o.addProperty("objectScopeAppID", targets.appId);
        switch (bucket.getScope()) {
            case USER:
                o.addProperty("objectScopeType", "APP_AND_USER");
                o.addProperty("objectScopeUserID", ownScope(bucket, targets));
                break;
            case GROUP:
                o.addProperty("objectScopeType", "APP_AND_GROUP");
                o.addProperty("objectScopeGroupID", bucket.getScopeId());
                break;
            case THING:
                o.addProperty("objectScopeType", "APP_AND_THING");
                o.addProperty("objectScopeThingID", ownScope(bucket, targets));
                break;
            default:
                o.addProperty("objectScopeType", "APP");
                break;
        }
    }

    private static String ownScope(Subscription bucket, KiiRecords.Targets targets) {
        return bucket.getScopeId() != null ? bucket.getScopeId() : targets.ownerId;
    }

    static String string(JsonObject o, String field) {
        JsonElement v = o.get(field);
        return v != null && v.isJsonPrimitive() ? v.getAsString() : null;
    }

    static Long number(JsonObject o, String field) {
        JsonElement v = o.get(field);
        if (v == null || !v.isJsonPrimitive()) {
            return null;
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        try {
            return p.isNumber() ? p.getAsLong() : Long.valueOf(p.getAsString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
