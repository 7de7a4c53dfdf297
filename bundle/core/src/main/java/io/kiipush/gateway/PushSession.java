package io.kiipush.gateway;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The MQTT push session service: one connection to the Kii MQTT broker, kept alive and reconnected by the bundle.
 * <p>
 * Provided by this bundle; consumers call it.
 */
@ProviderType
public interface PushSession {

    /**
     * Returns a snapshot of the session state and counters. Cheap and non-blocking; safe to poll.
     *
     * @return the current status, never {@code null}
     */
    SessionStatus getStatus();

    /**
     * Drops the current connection (if any) and connects again right away, skipping any backoff wait. Also leaves the
     * {@link SessionState#FAILED} state to retry once. Returns immediately; watch {@link #getStatus()} or the
     * {@link PushEvents#TOPIC_STATE_CHANGED} events for the outcome.
     */
    void reconnect();
}
