package io.kiipush.gateway.kura.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;

/** One notification of each kind, with the field types the core's parser produces. */
final class Notifications {

    static final String CONNECTION = "io.kiipush.gateway.KiiConnection-plant1";

    private Notifications() {
    }

    static PushNotification bucketEvent(String bucket) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("appID", "a1b2c3");
        f.put("sender", "user-1");
        f.put("origin", "EVENT");
        f.put("when", 1700000000123L);
        f.put("type", "DATA_OBJECT_CREATED");
        f.put("objectScopeAppID", "a1b2c3");
        f.put("objectScopeType", "APP");
        f.put("bucketID", bucket);
        f.put("bucketType", "rw");
        f.put("objectID", "obj-1");
        f.put("modifiedAt", 1700000000100L);
        f.put("temperature", 21.5);
        f.put("count", 3L);
        f.put("ok", Boolean.TRUE);
        f.put("label", "door");
        f.put("nested", "{\"a\":[1,2]}");
        return notification(NotificationKind.BUCKET_EVENT, f, 7, false);
    }

    static PushNotification topicMessage(String topic) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("topic", topic);
        f.put("sender", "user-2");
        f.put("when", 1700000001000L);
        f.put("objectScopeType", "APP");
        f.put("level", "high");
        f.put("kind", "clash with the metric name");
        return notification(NotificationKind.TOPIC_MESSAGE, f, 8, false);
    }

    static PushNotification directPush() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sender", "user-3");
        f.put("when", "not a number");
        f.put("message", "hello");
        return notification(NotificationKind.DIRECT_PUSH, f, 9, false);
    }

    static PushNotification command() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("commandID", "cmd-1");
        f.put("actions", "[{\"turnPower\":{\"power\":true}}]");
        f.put("issuer", "user:u-1");
        f.put("schema", "lamp");
        f.put("schemaVersion", 1L);
        f.put("target", "thing:th-1");
        f.put("title", "Power on");
        f.put("metadata", "{\"by\":\"app\"}");
        return notification(NotificationKind.COMMAND, f, 0, true);
    }

    static PushNotification notification(NotificationKind kind, Map<String, Object> fields, long sequence,
            boolean recovered) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            json.append(json.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":\"")
                    .append(e.getValue()).append('"');
        }
        return new PushNotification(kind, fields, json.append('}').toString(), 1700000002000L + sequence, sequence,
                recovered, CONNECTION);
    }
}
