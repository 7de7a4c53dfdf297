package io.kiipush.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * OSGi EventAdmin topics and property names published by the bundle.
 * <p>
 * Every push notification is posted asynchronously as one event under {@link #TOPIC_PUSH_PREFIX}:
 * <pre>
 * io/kiipush/gateway/push/BUCKET_EVENT/&lt;event type&gt;   e.g. .../BUCKET_EVENT/DATA_OBJECT_CREATED
 * io/kiipush/gateway/push/TOPIC_MESSAGE
 * io/kiipush/gateway/push/DIRECT_PUSH
 * io/kiipush/gateway/push/COMMAND
 * </pre>
 * Subscribe to {@link #TOPIC_PUSH_ALL} for everything, or to a narrower topic; narrow further with an
 * {@code event.filter} such as {@code (kii.bucketID=sensors)} or {@code (kii.topic=alerts)}.
 * <p>
 * Properties: every top-level Kii field {@code f} of the payload is published as {@code kii.f} (for example
 * {@code kii.bucketID}, {@code kii.objectID}, {@code kii.when}); every other top-level field {@code d} is custom data
 * published as {@code kii.data.d}. Values are {@code String}, {@code Long}, {@code Double} or {@code Boolean}; JSON
 * objects and arrays (for example a command's {@code actions}) are given as their JSON text; JSON {@code null}s are
 * left out. {@link #PROP_KIND}, {@link #PROP_RAW}, {@link #PROP_RECEIVED_AT} and {@link #PROP_SEQUENCE} are always
 * present.
 * <p>
 * A notification recovered by catch-up carries {@link #PROP_RECOVERED}. Session events ({@link #TOPIC_STATE_CHANGED},
 * {@link #TOPIC_MALFORMED}, {@link #TOPIC_GAP}) use the {@code kii.} properties listed
 * below. This class only holds constants.
 */
public final class PushEvents {

    /** Root of every topic the bundle posts. */
    public static final String TOPIC_ROOT = "io/kiipush/gateway";

    /** Prefix of every push notification topic; the next segment is the {@link NotificationKind} name. */
    public static final String TOPIC_PUSH_PREFIX = TOPIC_ROOT + "/push/";

    /** Matches every push notification (all kinds). */
    public static final String TOPIC_PUSH_ALL = TOPIC_PUSH_PREFIX + "*";

    /** Prefix of bucket event topics; the last segment is the Kii event type, e.g. {@code DATA_OBJECT_CREATED}. */
    public static final String TOPIC_BUCKET_EVENT_PREFIX = TOPIC_PUSH_PREFIX + "BUCKET_EVENT/";

    /** Matches every bucket event. */
    public static final String TOPIC_BUCKET_EVENT_ALL = TOPIC_BUCKET_EVENT_PREFIX + "*";

    /** Last topic segment of a bucket event whose {@code type} is missing or not a valid topic token. */
    public static final String BUCKET_EVENT_TYPE_UNKNOWN = "UNKNOWN";

    /** Topic of a message sent to a subscribed Kii topic. */
    public static final String TOPIC_TOPIC_MESSAGE = TOPIC_PUSH_PREFIX + "TOPIC_MESSAGE";

    /** Topic of a direct push to this user or thing. */
    public static final String TOPIC_DIRECT_PUSH = TOPIC_PUSH_PREFIX + "DIRECT_PUSH";

    /** Topic of a Thing-IF command. */
    public static final String TOPIC_COMMAND = TOPIC_PUSH_PREFIX + "COMMAND";

    /** Posted on every session state transition; see {@link #PROP_STATE} and {@link #PROP_PREVIOUS_STATE}. */
    public static final String TOPIC_STATE_CHANGED = TOPIC_ROOT + "/session/STATE_CHANGED";

    /** Posted when a received payload was rejected (not UTF-8, not JSON, not an object, too large or too deep). */
    public static final String TOPIC_MALFORMED = TOPIC_ROOT + "/session/MALFORMED";

    /**
     * Posted once per window in which notifications may have been missed, after catch-up delivered what it recovered
     * for it; see {@link Gap} and the {@code kii.gap.*} properties.
     *
     * @since 1.1
     */
    public static final String TOPIC_GAP = TOPIC_ROOT + "/session/GAP";

    /** Prefix of the property of each Kii field: {@code kii.} + field name. */
    public static final String PROP_FIELD_PREFIX = "kii.";

    /** Prefix of the property of each custom data field: {@code kii.data.} + field name. */
    public static final String PROP_DATA_PREFIX = "kii.data.";

    /** {@link NotificationKind} name (String), e.g. {@code BUCKET_EVENT}. */
    public static final String PROP_KIND = "kii.kind";

    /**
     * The {@link PushSession#getConnection() connection} (String) on every event: which Kii connection of the gateway
     * received the notification or changed state. Also the service property by which a {@link PushNotificationListener}
     * asks for one connection only: a listener registered with {@code kii.connection=<id>} hears only that
     * connection; one without it hears every connection.
     *
     * @since 1.2
     */
    public static final String PROP_CONNECTION = "kii.connection";

    /** The complete payload as received, as JSON text (String). */
    public static final String PROP_RAW = "kii.raw";

    /** When the gateway received the message, milliseconds since the epoch (Long). */
    public static final String PROP_RECEIVED_AT = "kii.receivedAt";

    /** Per-session receive sequence number, starting at 1 when the session component starts (Long). */
    public static final String PROP_SEQUENCE = "kii.seq";

    /**
     * {@code Boolean.TRUE} on a notification recovered by catch-up after a gap (absent on live pushes); such a
     * notification was rebuilt from what Kii stores, and its {@link #PROP_SEQUENCE} is 0.
     *
     * @since 1.1
     */
    public static final String PROP_RECOVERED = "kii.recovered";

    /** Gap events: window start, ms since the epoch (Long). @since 1.1 */
    public static final String PROP_GAP_START = "kii.gap.start";

    /** Gap events: window end (SUBACK of the new link), ms since the epoch (Long). @since 1.1 */
    public static final String PROP_GAP_END = "kii.gap.end";

    /** Gap events: {@link Gap.Reason} name (String). @since 1.1 */
    public static final String PROP_GAP_REASON = "kii.gap.reason";

    /** Gap events: whether the window starts at the last-alive time persisted by a previous run (Boolean). @since 1.1 */
    public static final String PROP_GAP_AFTER_RESTART = "kii.gap.afterRestart";

    /** Gap events: {@link Gap.CatchUp} name (String). @since 1.1 */
    public static final String PROP_GAP_CATCH_UP = "kii.gap.catchUp";

    /** Gap events: recovered bucket object events delivered for the window (Long). @since 1.1 */
    public static final String PROP_GAP_RECOVERED_OBJECTS = "kii.gap.recoveredObjects";

    /** Gap events: recovered Thing-IF commands delivered for the window (Long). @since 1.1 */
    public static final String PROP_GAP_RECOVERED_COMMANDS = "kii.gap.recoveredCommands";

    /** Gap events: recovered notifications of the window suppressed as duplicates (Long). @since 1.1 */
    public static final String PROP_GAP_DUPLICATES = "kii.gap.duplicates";

    /** Bucket event type ({@code DATA_OBJECT_CREATED}, ...) or the sender's {@code pushMessageType} (String). */
    public static final String PROP_TYPE = "kii.type";

    /** When Kii produced the event, milliseconds since the epoch (Long), if the sender asked for it. */
    public static final String PROP_WHEN = "kii.when";

    /** The user or thing ID that caused the notification (String). */
    public static final String PROP_SENDER = "kii.sender";

    /** {@code EVENT} for bucket events, {@code EXPLICIT} for sent messages, when present (String). */
    public static final String PROP_ORIGIN = "kii.origin";

    /** Source application ID, when the sender asked for it (String). */
    public static final String PROP_APP_ID = "kii.appID";

    /** Kii topic ID of a topic message (String). */
    public static final String PROP_TOPIC = "kii.topic";

    /** Bucket ID of a bucket event (String). */
    public static final String PROP_BUCKET_ID = "kii.bucketID";

    /** Bucket type of a bucket event, e.g. {@code rw} (String). */
    public static final String PROP_BUCKET_TYPE = "kii.bucketType";

    /** Object ID of an object event (String). */
    public static final String PROP_OBJECT_ID = "kii.objectID";

    /** Object modification time when present, milliseconds since the epoch (Long). */
    public static final String PROP_MODIFIED_AT = "kii.modifiedAt";

    /** Scope of the bucket or topic: {@code APP}, {@code APP_AND_USER}, {@code APP_AND_GROUP}, {@code APP_AND_THING}. */
    public static final String PROP_SCOPE_TYPE = "kii.objectScopeType";

    /** Application ID of the bucket or topic scope (String). */
    public static final String PROP_SCOPE_APP_ID = "kii.objectScopeAppID";

    /** User ID of a user-scope bucket or topic (String). */
    public static final String PROP_SCOPE_USER_ID = "kii.objectScopeUserID";

    /** Group ID of a group-scope bucket or topic (String). */
    public static final String PROP_SCOPE_GROUP_ID = "kii.objectScopeGroupID";

    /** Thing ID of a thing-scope bucket or topic (String). */
    public static final String PROP_SCOPE_THING_ID = "kii.objectScopeThingID";

    /** Thing-IF command ID (String). */
    public static final String PROP_COMMAND_ID = "kii.commandID";

    /** Thing-IF command issuer, e.g. {@code user:<userID>} (String). */
    public static final String PROP_ISSUER = "kii.issuer";

    /** Thing-IF command actions as JSON text (String). */
    public static final String PROP_ACTIONS = "kii.actions";

    /** Session events: the new {@link SessionState} name (String). */
    public static final String PROP_STATE = "kii.state";

    /** Session events: the previous {@link SessionState} name (String). */
    public static final String PROP_PREVIOUS_STATE = "kii.previousState";

    /** Session events: the consecutive failed attempt count, see {@link SessionStatus#getAttempt()} (Integer). */
    public static final String PROP_ATTEMPT = "kii.attempt";

    /**
     * Session events: the last error message while it is current, see {@link SessionStatus#isLastErrorCurrent()}
     * (String). Never contains credentials.
     */
    public static final String PROP_ERROR = "kii.error";

    /** Session events: the {@link ErrorKind} name of the current error, with {@link #PROP_ERROR} (String). */
    public static final String PROP_ERROR_KIND = "kii.errorKind";

    /** Session events: the broker URI without credentials, if known (String). */
    public static final String PROP_BROKER = "kii.broker";

    /** Malformed events: why the payload was rejected (String). */
    public static final String PROP_REASON = "kii.reason";

    /** Malformed events: payload size in bytes (Integer). */
    public static final String PROP_SIZE = "kii.size";

    private PushEvents() {
    }

    /**
     * The event topic of a notification: the kind's topic, with the bucket event type as last segment for
     * {@link NotificationKind#BUCKET_EVENT} (or {@link #BUCKET_EVENT_TYPE_UNKNOWN} when the type is missing or
     * contains characters a topic token may not hold).
     *
     * @param kind the notification kind
     * @param type the {@code type} field, may be {@code null}
     * @return the topic the notification is posted on
     */
    public static String topicOf(NotificationKind kind, String type) {
        switch (kind) {
            case BUCKET_EVENT:
                String known = type == null ? null : BUCKET_EVENT_TOPICS.get(type);
                if (known != null) {
                    return known;
                }
                return TOPIC_BUCKET_EVENT_PREFIX + (isTopicToken(type) ? type : BUCKET_EVENT_TYPE_UNKNOWN);
            case TOPIC_MESSAGE:
                return TOPIC_TOPIC_MESSAGE;
            case DIRECT_PUSH:
                return TOPIC_DIRECT_PUSH;
            default:
                return TOPIC_COMMAND;
        }
    }

    // The topics of Kii's seven bucket event types, built once instead of per message.
    private static final Map<String, String> BUCKET_EVENT_TOPICS = new HashMap<>();

    static {
        for (String t : new String[] { "DATA_OBJECT_CREATED", "DATA_OBJECT_UPDATED", "DATA_OBJECT_DELETED",
                "DATA_OBJECT_BODY_UPDATED", "DATA_OBJECT_BODY_DELETED", "DATA_OBJECT_ACL_MODIFIED", "BUCKET_DELETED" }) {
            BUCKET_EVENT_TOPICS.put(t, TOPIC_BUCKET_EVENT_PREFIX + t);
        }
    }

    // OSGi topic tokens allow only A-Z a-z 0-9 _ - (EventAdmin spec, 113.3.1).
    private static boolean isTopicToken(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
