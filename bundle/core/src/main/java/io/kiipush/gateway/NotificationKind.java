package io.kiipush.gateway;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The four kinds of Kii push notification that arrive on the gateway's MQTT topic.
 * <p>
 * The name of each constant is also the topic segment of its OSGi event
 * (for example {@code io/kiipush/gateway/push/TOPIC_MESSAGE}) and the value of the
 * {@link PushEvents#PROP_KIND} property.
 */
public enum NotificationKind {

    /** "Push to App": an object or bucket changed in a subscribed bucket; {@code type} names the event. */
    BUCKET_EVENT,

    /** "Push to User": a message was sent to a subscribed Kii topic; {@code topic} names the topic. */
    TOPIC_MESSAGE,

    /** A message sent directly to this user or thing (no bucket, no topic). */
    DIRECT_PUSH,

    /** A Thing-IF command addressed to this thing; it carries {@code commandID} and {@code actions}. */
    COMMAND;

    /** Kii metadata field names of bucket events, topic messages and direct pushes (docs/kii-protocol.md §6). */
    private static final Set<String> PUSH_FIELDS = unmodifiable("appID", "sender", "origin", "when", "type", "topic",
            "objectScopeAppID", "objectScopeType", "objectScopeUserID", "objectScopeGroupID", "objectScopeThingID",
            "bucketID", "bucketType", "objectID", "modifiedAt");

    /** Field names of a Thing-IF command payload (docs/kii-protocol.md §6.4). */
    private static final Set<String> COMMAND_FIELDS = unmodifiable("commandID", "actions", "issuer", "schema",
            "schemaVersion", "title", "description", "metadata", "target", "sender", "when", "appID");

    /**
     * Classifies a parsed payload the way Kii's own SDKs do: a {@code commandID} field makes it a
     * {@link #COMMAND}; {@code origin == "EVENT"}, a {@code bucketID} or a {@code bucketType} make it a
     * {@link #BUCKET_EVENT}; otherwise a {@code topic} field makes it a {@link #TOPIC_MESSAGE}; anything else is a
     * {@link #DIRECT_PUSH}.
     *
     * @param fields the top-level fields of the payload
     * @return the kind, never {@code null}
     */
    public static NotificationKind classify(Map<String, ?> fields) {
        if (fields.containsKey("commandID")) {
            return COMMAND;
        }
        if ("EVENT".equals(fields.get("origin")) || fields.containsKey("bucketID") || fields.containsKey("bucketType")) {
            return BUCKET_EVENT;
        }
        return fields.containsKey("topic") ? TOPIC_MESSAGE : DIRECT_PUSH;
    }

    /**
     * Tells whether a top-level field is Kii metadata for this kind; every other field is custom data
     * (published as {@code kii.data.<name>}).
     *
     * @param field a top-level field name
     * @return {@code true} for Kii metadata fields
     */
    public boolean isKiiField(String field) {
        return this == COMMAND ? COMMAND_FIELDS.contains(field) : PUSH_FIELDS.contains(field);
    }

    private static Set<String> unmodifiable(String... names) {
        return Collections.unmodifiableSet(new HashSet<>(Arrays.asList(names)));
    }
}
