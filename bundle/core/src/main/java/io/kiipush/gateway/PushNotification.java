package io.kiipush.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

import io.kiipush.gateway.internal.parse.FieldMap;

/**
 * One Kii push notification as received on the gateway's MQTT topic: an immutable value.
 * <p>
 * Kii sends a flat JSON object in which Kii's metadata fields (for example {@code bucketID}, {@code objectID},
 * {@code sender}, {@code when}) and the sender's custom data fields share one level. {@link #getFields()} holds all
 * top-level fields; {@link #getData()} only the custom ones. Field values are {@code String}, {@code Long},
 * {@code Double} or {@code Boolean}; a nested JSON object or array is given as its JSON text; JSON {@code null}s are
 * left out.
 * <p>
 * Provided by this bundle; consumers only read it.
 */
@ProviderType
public final class PushNotification {

    private final NotificationKind kind;
    private final Map<String, Object> fields;
    private final String rawJson;
    private final long receivedAt;
    private final long sequence;
    private final boolean recovered;
    private final String connection;
    private volatile Map<String, Object> data;

    /**
     * Creates a notification.
     *
     * @param kind the kind, see {@link NotificationKind#classify(Map)}
     * @param fields the top-level fields; copied (the gateway's own parser output, already immutable, is shared),
     *        values must be String, Long, Double or Boolean
     * @param rawJson the payload as received
     * @param receivedAt receive time in milliseconds since the epoch
     * @param sequence receive sequence number within the session
     */
    public PushNotification(NotificationKind kind, Map<String, ?> fields, String rawJson, long receivedAt, long sequence) {
        this(kind, fields, rawJson, receivedAt, sequence, false);
    }

    /**
     * Creates a notification, live or recovered.
     *
     * @param kind the kind, see {@link NotificationKind#classify(Map)}
     * @param fields the top-level fields, as for {@link #PushNotification(NotificationKind, Map, String, long, long)}
     * @param rawJson the payload as received, or as rebuilt by catch-up
     * @param receivedAt receive (or recovery) time in milliseconds since the epoch
     * @param sequence receive sequence number within the session, 0 for a recovered notification
     * @param recovered true if catch-up rebuilt it from what Kii stores after a {@link Gap}
     * @since 1.1
     */
    public PushNotification(NotificationKind kind, Map<String, ?> fields, String rawJson, long receivedAt, long sequence,
            boolean recovered) {
        this(kind, fields, rawJson, receivedAt, sequence, recovered, "");
    }

    /**
     * Creates a notification of one connection, live or recovered.
     *
     * @param kind the kind, see {@link NotificationKind#classify(Map)}
     * @param fields the top-level fields, as for {@link #PushNotification(NotificationKind, Map, String, long, long)}
     * @param rawJson the payload as received, or as rebuilt by catch-up
     * @param receivedAt receive (or recovery) time in milliseconds since the epoch
     * @param sequence receive sequence number within the session, 0 for a recovered notification
     * @param recovered true if catch-up rebuilt it from what Kii stores after a {@link Gap}
     * @param connection the {@link PushSession#getConnection() connection} that received it
     * @since 1.2
     */
    public PushNotification(NotificationKind kind, Map<String, ?> fields, String rawJson, long receivedAt, long sequence,
            boolean recovered, String connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.recovered = recovered;
        this.kind = Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fields, "fields");
        // The parser's FieldMap is immutable: sharing it saves a copy of every field per message.
        this.fields = fields instanceof FieldMap ? (FieldMap) fields
                : Collections.unmodifiableMap(new LinkedHashMap<String, Object>(fields));
        this.rawJson = Objects.requireNonNull(rawJson, "rawJson");
        this.receivedAt = receivedAt;
        this.sequence = sequence;
    }

    /**
     * @return the {@link PushSession#getConnection() connection} that received it; empty when made without one
     * @since 1.2
     */
    public String getConnection() {
        return connection;
    }

    /** @return the kind of notification */
    public NotificationKind getKind() {
        return kind;
    }

    /** @return all top-level fields in payload order, unmodifiable */
    public Map<String, Object> getFields() {
        return fields;
    }

    /** @return the custom data fields (the fields that are not Kii metadata for this kind), unmodifiable */
    public Map<String, Object> getData() {
        Map<String, Object> d = data;
        if (d == null) {
            Map<String, Object> custom = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                if (!kind.isKiiField(e.getKey())) {
                    custom.put(e.getKey(), e.getValue());
                }
            }
            d = Collections.unmodifiableMap(custom);
            data = d;
        }
        return d;
    }

    /** @return the payload exactly as received, as JSON text */
    public String getRawJson() {
        return rawJson;
    }

    /** @return when the gateway received the message, milliseconds since the epoch */
    public long getReceivedAt() {
        return receivedAt;
    }

    /**
     * @return true if catch-up recovered this notification after a {@link Gap} (rebuilt from the stored object or
     *         command, not pushed); false for a live push
     * @since 1.1
     */
    public boolean isRecovered() {
        return recovered;
    }

    /** @return the receive sequence number, starting at 1 when the session component starts; 0 if recovered */
    public long getSequence() {
        return sequence;
    }

    /**
     * @param field a top-level field name
     * @return the field's value as text (numbers and booleans converted), or {@code null} if absent
     */
    public String getString(String field) {
        Object v = fields.get(field);
        return v == null ? null : v.toString();
    }

    /**
     * @param field a top-level field name
     * @return the field's value if it is an integral number (or a string holding one), otherwise {@code null}
     */
    public Long getLong(String field) {
        Object v = fields.get(field);
        if (v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof String) {
            try {
                return Long.valueOf((String) v);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** @return the bucket event type ({@code DATA_OBJECT_CREATED}, ...) or the sender's push message type */
    public String getType() {
        return getString("type");
    }

    /** @return when Kii produced the event (ms since the epoch), or {@code null} if the sender did not include it */
    public Long getWhen() {
        return getLong("when");
    }

    /** @return the user or thing ID that caused the notification, or {@code null} */
    public String getSender() {
        return getString("sender");
    }

    /** @return the Kii topic ID of a {@link NotificationKind#TOPIC_MESSAGE}, or {@code null} */
    public String getTopicId() {
        return getString("topic");
    }

    /** @return the bucket ID of a {@link NotificationKind#BUCKET_EVENT}, or {@code null} */
    public String getBucketId() {
        return getString("bucketID");
    }

    /** @return the object ID of an object event, or {@code null} */
    public String getObjectId() {
        return getString("objectID");
    }

    /** @return the scope type of the bucket or topic ({@code APP}, {@code APP_AND_USER}, ...), or {@code null} */
    public String getScopeType() {
        return getString("objectScopeType");
    }

    /** @return the Thing-IF command ID of a {@link NotificationKind#COMMAND}, or {@code null} */
    public String getCommandId() {
        return getString("commandID");
    }

    /** @return the Thing-IF command actions as JSON text, or {@code null} */
    public String getActionsJson() {
        return getString("actions");
    }

    /** @return kind, sequence and the identifying fields; never the raw payload */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PushNotification[").append(kind).append(" #").append(sequence);
        if (recovered) {
            sb.append(" recovered");
        }
        appendIfPresent(sb, "type");
        appendIfPresent(sb, "bucketID");
        appendIfPresent(sb, "objectID");
        appendIfPresent(sb, "topic");
        appendIfPresent(sb, "commandID");
        return sb.append(']').toString();
    }

    private void appendIfPresent(StringBuilder sb, String field) {
        Object v = fields.get(field);
        if (v != null) {
            sb.append(' ').append(field).append('=').append(v);
        }
    }
}
