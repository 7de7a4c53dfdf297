package io.kiipush.gateway.internal.endpoint;

import java.util.concurrent.CompletableFuture;

/**
 * Supplies MQTT connection targets to the push session. Implemented by the onboarding component, consumed by the
 * session component (both inside this bundle).
 * <p>
 * Both methods return at once; the work (HTTP calls, waits for a 503 endpoint) runs on the onboarding component's
 * own thread. Futures fail with an {@link OnboardingException} (possibly wrapped in a
 * {@link java.util.concurrent.CompletionException}) that says what went wrong and how to classify it.
 */
public interface EndpointSource {

    /**
     * Returns a target for the current configuration: the persisted endpoint when it is still valid for the same
     * identity, otherwise the result of onboarding (login, installation, mqtt-endpoint, as the identity mode needs).
     *
     * @return the future target
     */
    CompletableFuture<ConnectTarget> acquire();

    /**
     * The broker refused {@code stale} or its TTL ran out: fetch a fresh endpoint for the same installation, and
     * re-onboard only when Kii refuses the token itself.
     *
     * @param stale the target that stopped working
     * @param reason why
     * @return the future fresh target
     */
    CompletableFuture<ConnectTarget> refresh(ConnectTarget stale, RefreshReason reason);

    /**
     * Registers a callback run (on an arbitrary thread, must not block) whenever a configuration change makes
     * previously returned targets obsolete (identity, site, transport or TLS settings changed). The session then
     * reconnects with a fresh {@link #acquire()}.
     *
     * @param listener the callback
     */
    void addInvalidationListener(Runnable listener);

    /**
     * @param listener a callback previously added
     */
    void removeInvalidationListener(Runnable listener);

    /**
     * @return what catch-up reads from Kii and keeps in the state file for the current identity, {@code null} when
     *         the source cannot tell (then no gap is caught up)
     */
    default io.kiipush.gateway.internal.recovery.KiiRecords records() {
        return null;
    }
}
