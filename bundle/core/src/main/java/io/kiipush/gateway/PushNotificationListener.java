package io.kiipush.gateway;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard listener for typed notifications: register an implementation as an OSGi service and the push session
 * calls it for every notification it receives.
 * <p>
 * Threading: all methods are called on the session's single dispatcher thread, one call at a time, in receive
 * order. Return quickly; hand long work to your own executor. A slow listener delays every other listener and,
 * once the bounded hand-off queue is full, new messages are dropped (and counted in
 * {@link SessionStatus#getDropped()}). Exceptions thrown by a listener are caught and logged; they never affect the
 * session or other listeners.
 * <p>
 * Implemented by consumers of this API.
 */
@ConsumerType
public interface PushNotificationListener {

    /**
     * Called for every well-formed push notification.
     *
     * @param notification the notification, never {@code null}
     */
    void onNotification(PushNotification notification);

    /**
     * Called after every session state transition. The default implementation does nothing.
     *
     * @param status the session status right after the transition
     * @param previous the state before the transition
     */
    default void onSessionStateChanged(SessionStatus status, SessionState previous) {
    }

    /**
     * Called when a received payload was rejected and counted in {@link SessionStatus#getMalformed()}. The default
     * implementation does nothing.
     *
     * @param reason why it was rejected, for example {@code "not valid UTF-8"} or {@code "larger than 65536 bytes"}
     * @param sizeBytes the payload size in bytes
     * @param receivedAt receive time in milliseconds since the epoch
     */
    default void onMalformed(String reason, int sizeBytes, long receivedAt) {
    }

    /**
     * Called for a malformed message of one connection; by default calls {@link #onMalformed(String, int, long)}.
     *
     * @param connection the {@link PushSession#getConnection() connection} that received it
     * @param reason why it was rejected (no payload content)
     * @param sizeBytes payload size
     * @param receivedAt receive time, ms since the epoch
     * @since 1.2
     */
    default void onMalformed(String connection, String reason, int sizeBytes, long receivedAt) {
        onMalformed(reason, sizeBytes, receivedAt);
    }

    /**
     * Called once per window in which notifications may have been missed (after a reconnect, or after a restart that
     * reused the persisted identity), after the notifications catch-up recovered for it were delivered. Topic
     * messages, direct pushes and deletions of the window cannot be recovered: resynchronise what depends on them.
     * The default implementation does nothing.
     *
     * @param gap the window and what was recovered
     * @since 1.1
     */
    default void onGap(Gap gap) {
    }
}
