package io.kiipush.gateway.internal.bridge;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.osgi.service.event.Event;

import io.kiipush.gateway.Gap;
import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.internal.parse.FieldMap;

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
        Properties p = new Properties(n.getKind(), n.getFields().size() + 6);
        n.getFields().forEach(p);
        p.add(PushEvents.PROP_KIND, n.getKind().name());
        p.add(PushEvents.PROP_RAW, n.getRawJson());
        p.add(PushEvents.PROP_RECEIVED_AT, n.getReceivedAt());
        p.add(PushEvents.PROP_SEQUENCE, n.getSequence());
        if (!n.getConnection().isEmpty()) {
            p.add(PushEvents.PROP_CONNECTION, n.getConnection());
        }
        if (n.isRecovered()) {
            p.add(PushEvents.PROP_RECOVERED, Boolean.TRUE);
        }
        // The Event copies what it is given into its own map: give it arrays, not a second map of our own.
        return new Event(PushEvents.topicOf(n.getKind(), n.getType()), FieldMap.of(p.names, p.values));
    }

    /** A notification's event properties as they are collected: names and values side by side. */
    private static final class Properties implements BiConsumer<String, Object> {
        final NotificationKind kind;
        final String[] names;
        final Object[] values;
        int size;

        Properties(NotificationKind kind, int capacity) {
            this.kind = kind;
            this.names = new String[capacity];
            this.values = new Object[capacity];
        }

        @Override
        public void accept(String field, Object value) {
            // Data keys get their own prefix so a custom field can never shadow kii.kind, kii.raw or a Kii field.
            add(kind.isKiiField(field) ? propertyName(FIELD_NAMES, PushEvents.PROP_FIELD_PREFIX, field)
                    : propertyName(DATA_NAMES, PushEvents.PROP_DATA_PREFIX, field), value);
        }

        void add(String name, Object value) {
            names[size] = name;
            values[size++] = value;
        }
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
        putConnection(props, status.getConnection());
        return new Event(PushEvents.TOPIC_STATE_CHANGED, props);
    }

    /**
     * @param gap a window in which notifications may have been missed
     * @return the {@link PushEvents#TOPIC_GAP} event
     */
    public static Event gap(Gap gap) {
        Map<String, Object> props = new HashMap<>();
        props.put(PushEvents.PROP_GAP_START, gap.getStart());
        props.put(PushEvents.PROP_GAP_END, gap.getEnd());
        props.put(PushEvents.PROP_GAP_REASON, gap.getReason().name());
        props.put(PushEvents.PROP_GAP_AFTER_RESTART, gap.isAfterRestart());
        props.put(PushEvents.PROP_GAP_CATCH_UP, gap.getCatchUp().name());
        props.put(PushEvents.PROP_GAP_RECOVERED_OBJECTS, gap.getRecoveredObjects());
        props.put(PushEvents.PROP_GAP_RECOVERED_COMMANDS, gap.getRecoveredCommands());
        props.put(PushEvents.PROP_GAP_DUPLICATES, gap.getDuplicates());
        putConnection(props, gap.getConnection());
        return new Event(PushEvents.TOPIC_GAP, props);
    }

    /**
     * @param connection the connection that received it, empty if unknown
     * @param reason why the payload was rejected
     * @param size its size in bytes
     * @param receivedAt when it arrived
     * @return the {@link PushEvents#TOPIC_MALFORMED} event
     */
    public static Event malformed(String connection, String reason, int size, long receivedAt) {
        Map<String, Object> props = new HashMap<>();
        putConnection(props, connection);
        props.put(PushEvents.PROP_REASON, reason);
        props.put(PushEvents.PROP_SIZE, size);
        props.put(PushEvents.PROP_RECEIVED_AT, receivedAt);
        return new Event(PushEvents.TOPIC_MALFORMED, props);
    }

    private static void putConnection(Map<String, Object> props, String connection) {
        if (connection != null && !connection.isEmpty()) {
            props.put(PushEvents.PROP_CONNECTION, connection);
        }
    }
}
