package io.kiipush.gateway.internal.bridge;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.event.Event;

import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;

/** Builds the OSGi events documented in {@link PushEvents}. Stateless apart from bounded caches of property names. */
public final class EventFactory {

    // Property names are the same few per message stream: concatenating them each time was 10 % of our allocation.
    private static final int NAME_CACHE_LIMIT = 1024;
    private static final Map<String, String> FIELD_NAMES = new ConcurrentHashMap<>();
    private static final Map<String, String> DATA_NAMES = new ConcurrentHashMap<>();

    private EventFactory() {
    }

    /**
     * @param n a notification
     * @return its event: topic by kind (and bucket event type), Kii fields as {@code kii.<field>}, custom data as
     *         {@code kii.data.<field>}, plus kind, raw JSON, receive time and sequence
     */
    public static Event notification(PushNotification n) {
        NotificationKind kind = n.getKind();
        Map<String, Object> fields = n.getFields();
        Map<String, Object> props = new HashMap<>((fields.size() + 4) * 4 / 3 + 1);
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            String name = e.getKey();
            // Data keys get their own prefix so a custom field can never shadow kii.kind, kii.raw or a Kii field.
            props.put(kind.isKiiField(name) ? propertyName(FIELD_NAMES, PushEvents.PROP_FIELD_PREFIX, name)
                    : propertyName(DATA_NAMES, PushEvents.PROP_DATA_PREFIX, name), e.getValue());
        }
        props.put(PushEvents.PROP_KIND, kind.name());
        props.put(PushEvents.PROP_RAW, n.getRawJson());
        props.put(PushEvents.PROP_RECEIVED_AT, n.getReceivedAt());
        props.put(PushEvents.PROP_SEQUENCE, n.getSequence());
        return new Event(PushEvents.topicOf(kind, n.getType()), props);
    }

    // Bounded, so a stream of random field names cannot grow it; past the limit names are built per message.
    private static String propertyName(Map<String, String> cache, String prefix, String field) {
        String name = cache.get(field);
        if (name == null) {
            name = prefix + field;
            if (cache.size() < NAME_CACHE_LIMIT) {
                cache.putIfAbsent(field, name);
            }
        }
        return name;
    }

    /**
     * @param status the status after a transition
     * @param previous the state before it
     * @return the {@link PushEvents#TOPIC_STATE_CHANGED} event; it names the last error only while it is current
     */
    public static Event stateChanged(SessionStatus status, SessionState previous) {
        Map<String, Object> props = new HashMap<>();
        props.put(PushEvents.PROP_STATE, status.getState().name());
        props.put(PushEvents.PROP_PREVIOUS_STATE, previous.name());
        props.put(PushEvents.PROP_ATTEMPT, status.getAttempt());
        if (status.getLastError() != null && status.isLastErrorCurrent()) {
            props.put(PushEvents.PROP_ERROR, status.getLastError());
            props.put(PushEvents.PROP_ERROR_KIND, status.getLastErrorKind().name());
        }
        if (status.getBroker() != null) {
            props.put(PushEvents.PROP_BROKER, status.getBroker());
        }
        return new Event(PushEvents.TOPIC_STATE_CHANGED, props);
    }

    /**
     * @param reason why the payload was rejected
     * @param size its size in bytes
     * @param receivedAt when it arrived
     * @return the {@link PushEvents#TOPIC_MALFORMED} event
     */
    public static Event malformed(String reason, int size, long receivedAt) {
        Map<String, Object> props = new HashMap<>();
        props.put(PushEvents.PROP_REASON, reason);
        props.put(PushEvents.PROP_SIZE, size);
        props.put(PushEvents.PROP_RECEIVED_AT, receivedAt);
        return new Event(PushEvents.TOPIC_MALFORMED, props);
    }
}
