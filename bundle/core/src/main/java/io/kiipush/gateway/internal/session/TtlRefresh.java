package io.kiipush.gateway.internal.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.EndpointSource;
import io.kiipush.gateway.internal.endpoint.RefreshReason;

/**
 * The endpoint's TTL while connected: when it runs out, a fresh endpoint is fetched in the background; an unchanged
 * one keeps the connection (and its new TTL is watched), a new one is handed to the session, a failed refresh is
 * retried a minute later. Runs on the session thread.
 */
final class TtlRefresh {

    private static final Logger logger = LoggerFactory.getLogger(TtlRefresh.class);
    private static final long RETRY_MS = 60_000;

    private final SessionThread thread;
    private final Ticker ticker;
    private final EndpointSource source;
    private Future<?> timer;

    TtlRefresh(SessionThread thread, Ticker ticker, EndpointSource source) {
        this.thread = thread;
        this.ticker = ticker;
        this.source = source;
    }

    /**
     * @param target the connected target
     * @param current whether the connection is still the connected one
     * @param renewed told the fresh target when Kii issued the same endpoint again
     * @param replaced told the fresh target when Kii issued a different endpoint
     */
    void watch(ConnectTarget target, BooleanSupplier current, Consumer<ConnectTarget> renewed,
            Consumer<ConnectTarget> replaced) {
        SessionThread.cancel(timer);
        long expiresAt = target.getEndpoint().expiresAt();
        if (expiresAt == Long.MAX_VALUE) {
            return;
        }
        long delay = Math.max(0, expiresAt - ticker.currentTimeMillis());
        timer = thread.schedule(delay, () -> refresh(target, current, renewed, replaced));
    }

    /** Cancels the timer; a refresh in progress is ignored when it completes for a replaced connection. */
    void stop() {
        SessionThread.cancel(timer);
    }

    private void refresh(ConnectTarget target, BooleanSupplier current, Consumer<ConnectTarget> renewed,
            Consumer<ConnectTarget> replaced) {
        if (!current.getAsBoolean()) {
            return;
        }
        CompletableFuture<ConnectTarget> future;
        try {
            future = source.refresh(target, RefreshReason.TTL_EXPIRED);
        } catch (RuntimeException e) {
            future = new CompletableFuture<>();
            future.completeExceptionally(e);
        }
        future.whenComplete((fresh, error) -> thread.post(() -> {
            if (!current.getAsBoolean()) {
                return;
            }
            if (error != null || fresh == null) {
                logger.warn("Endpoint TTL ran out and the refresh failed ({}); keeping the current connection, "
                        + "retrying in {} s", error == null ? "no endpoint" : Failure.ofOnboarding(error).message,
                        RETRY_MS / 1000);
                SessionThread.cancel(timer);
                timer = thread.schedule(RETRY_MS, () -> refresh(target, current, renewed, replaced));
            } else if (fresh.sameConnection(target)) {
                renewed.accept(fresh);
                watch(fresh, current, renewed, replaced);
            } else {
                logger.info("Endpoint TTL ran out and Kii issued a new endpoint: reconnecting");
                replaced.accept(fresh);
            }
        }));
    }
}
