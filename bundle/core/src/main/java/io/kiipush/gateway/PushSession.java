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

    /**
     * The connection this session belongs to: the {@code kura.service.pid} of its configuration (on Kura the name
     * chosen in Cloud Connections), else its {@code service.pid}. Notifications, status, gaps and events carry it.
     *
     * @return the connection id, never {@code null}
     * @since 1.2
     */
    String getConnection();

    /**
     * Connects again after {@link #disconnect()}; otherwise the same as {@link #reconnect()}. Returns immediately.
     *
     * @since 1.2
     */
    void connect();

    /**
     * Closes the link and keeps the session {@link SessionState#STOPPED} (it does not reconnect) until {@link #connect()}
     * is called or the session is started again (a bundle or framework restart, or a new configuration object). A
     * configuration change of the running session does not connect it. Returns immediately.
     *
     * @since 1.2
     */
    void disconnect();
}
