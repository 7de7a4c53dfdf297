package io.kiipush.gateway.internal.bridge;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.event.Event;

import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;

/** Builds the OSGi events documented in {@link PushEvents}. Stateless. */
public final class EventFactory {

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
            props.put((kind.isKiiField(name) ? PushEvents.PROP_FIELD_PREFIX : PushEvents.PROP_DATA_PREFIX) + name, e.getValue());
        }
        props.put(PushEvents.PROP_KIND, kind.name());
        props.put(PushEvents.PROP_RAW, n.getRawJson());
        props.put(PushEvents.PROP_RECEIVED_AT, n.getReceivedAt());
        props.put(PushEvents.PROP_SEQUENCE, n.getSequence());
        return new Event(PushEvents.topicOf(kind, n.getType()), props);
    }

    /**
     * @param status the status after a transition
     * @param previous the state before it
     * @return the {@link PushEvents#TOPIC_STATE_CHANGED} event
     */
    public static Event stateChanged(SessionStatus status, SessionState previous) {
        Map<String, Object> props = new HashMap<>();
        props.put(PushEvents.PROP_STATE, status.getState().name());
        props.put(PushEvents.PROP_PREVIOUS_STATE, previous.name());
        props.put(PushEvents.PROP_ATTEMPT, status.getAttempt());
        if (status.getLastError() != null) {
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
