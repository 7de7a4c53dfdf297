package io.kiipush.gateway.kura.internal;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;

import io.kiipush.gateway.PushNotification;

/**
 * A notification as one Kura message, for Kura Wires' Subscriber: flat metrics with one stable type per name, from
 * the set Wires converts (Boolean, byte[], Float, Double, Integer, Long, String), the raw JSON as body and the receive
 * time as timestamp. docs/events.md ("Kura Wires") lists every metric.
 */
public final class KuraMessages {

    /** Metric: the kind (BUCKET_EVENT, TOPIC_MESSAGE, DIRECT_PUSH, COMMAND), String. */
    public static final String KIND = "kind";
    /** Metric: the connection that received it, String. */
    public static final String CONNECTION = "connection";
    /** Metric: receive time in ms since the epoch, Long. */
    public static final String RECEIVED_AT = "receivedAt";
    /** Metric: receive sequence number (0 when recovered), Long. */
    public static final String SEQUENCE = "sequence";
    /** Metric: whether catch-up recovered it, Boolean. */
    public static final String RECOVERED = "recovered";
    /** Prefix of a custom data field's metric name; the value keeps its JSON type (String, Long, Double, Boolean). */
    public static final String DATA_PREFIX = "data.";
    /** Kii fields that are times in ms since the epoch: Long. */
    private static final String[] TIMES = { "when", "modifiedAt" };

    private KuraMessages() {
    }

    /**
     * @param notification a notification
     * @return its Kura message
     */
    public static KuraMessage toMessage(PushNotification notification) {
        KuraPayload payload = new KuraPayload();
        payload.setTimestamp(new Date(notification.getReceivedAt()));
        payload.setBody(notification.getRawJson().getBytes(StandardCharsets.UTF_8));
        payload.addMetric(KIND, notification.getKind().name());
        payload.addMetric(CONNECTION, notification.getConnection());
        payload.addMetric(RECEIVED_AT, notification.getReceivedAt());
        payload.addMetric(SEQUENCE, notification.getSequence());
        payload.addMetric(RECOVERED, notification.isRecovered());
        for (Map.Entry<String, Object> field : notification.getFields().entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            if (notification.getKind().isKiiField(name)) {
                addKiiField(payload, notification, name, value);
            } else {
                payload.addMetric(DATA_PREFIX + name, dataValue(value));
            }
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("kii.connection", notification.getConnection());
        properties.put("kii.kind", notification.getKind().name());
        return new KuraMessage(payload, properties);
    }

    private static void addKiiField(KuraPayload payload, PushNotification notification, String name, Object value) {
        for (String time : TIMES) {
            if (time.equals(name)) {
                Long millis = notification.getLong(name);
                // A time that is not an integer keeps the Long metric free for well-formed ones.
                payload.addMetric(millis != null ? name : name + ".text", millis != null ? millis : value.toString());
                return;
            }
        }
        // Every other Kii field is text (IDs, types, scopes; nested actions and metadata as JSON text).
        payload.addMetric(name, value.toString());
    }

    // The parser gives String, Long, Double or Boolean (nested values as JSON text): all Wires types already.
    private static Object dataValue(Object value) {
        if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
            return value;
        }
        return String.valueOf(value);
    }
}
