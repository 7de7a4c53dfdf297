package io.kiipush.gateway.internal.onboarding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.EndpointSource;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.RefreshReason;

/**
 * The {@link EndpointSource} of the onboarding: one flow (acquire or refresh) runs at a time per identity and
 * concurrent callers share it; each flow runs on the executor. Remembers the last onboarding failure for the
 * diagnostics and logs it once while it repeats.
 */
final class EndpointRequests implements EndpointSource {

    private static final Logger logger = LoggerFactory.getLogger(EndpointRequests.class);

    /** The flow in progress, shared by concurrent callers. */
    private static final class Flight {
        final IdentityStore.Identity identity;
        final boolean refresh;
        final CompletableFuture<ConnectTarget> future = new CompletableFuture<>();

        Flight(IdentityStore.Identity identity, boolean refresh) {
            this.identity = identity;
            this.refresh = refresh;
        }
    }

    private final IdentityStore store;
    private final OnboardingFlow flow;
    private final Executor executor;
    private final Consumer<Boolean> succeeded;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    // ---- guarded by store.lock ----
    private Flight inFlight;
    private final Set<CompletableFuture<ConnectTarget>> pending = new HashSet<>();
    private OnboardingException lastError;
    private long lastErrorAt;

    /**
     * @param store the identity store (and its lock)
     * @param flow the flows
     * @param executor runs each flow
     * @param succeeded told after each successful flow whether the endpoint came from Kii just now, before the
     *        caller's future completes
     */
    EndpointRequests(IdentityStore store, OnboardingFlow flow, Executor executor, Consumer<Boolean> succeeded) {
        this.store = store;
        this.flow = flow;
        this.executor = executor;
        this.succeeded = succeeded;
    }

    @Override
    public CompletableFuture<ConnectTarget> acquire() {
        return start(false, null, null);
    }

    @Override
    public CompletableFuture<ConnectTarget> refresh(ConnectTarget stale, RefreshReason reason) {
        return start(true, stale, reason);
    }

    @Override
    public void addInvalidationListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeInvalidationListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Tells the listeners that targets handed out so far are obsolete; a failing listener does not stop the rest. */
    void invalidate() {
        logger.info("Kii onboarding: identity or connection settings changed; previous MQTT targets are obsolete");
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                logger.warn("An endpoint invalidation listener failed", e);
            }
        }
    }

    /** The identity changed: the flow in progress finishes for its own identity but is no longer shared. */
    void identityChanged() {
        synchronized (store.lock) {
            inFlight = null;
            lastError = null;
        }
    }

    private CompletableFuture<ConnectTarget> start(boolean refresh, ConnectTarget stale, RefreshReason reason) {
        Flight flight;
        OnboardingFlow.Context ctx;
        synchronized (store.lock) {
            if (store.isClosed()) {
                return Futures.failed(OnboardingException.stopped());
            }
            OnboardingSettings s = store.settings();
            if (!s.isValid()) {
                // Already logged when the configuration arrived; the session reports it as FAILED.
                OnboardingException e = new OnboardingException(ErrorKind.CONFIGURATION, s.problemSummary());
                lastError = e;
                lastErrorAt = store.now();
                return Futures.failed(e);
            }
            IdentityStore.Identity id = store.current();
            if (inFlight != null && inFlight.identity == id) {
                if (!refresh || inFlight.refresh) {
                    return inFlight.future;
                }
                // A refresh while an acquire runs: refresh only if the acquire hands out the stale endpoint again.
                return inFlight.future.handle((target, error) -> target).thenCompose(target ->
                        target != null && stale != null && !target.getEndpoint().sameConnection(stale.getEndpoint())
                                ? CompletableFuture.completedFuture(target) : refresh(stale, reason));
            }
            flight = new Flight(id, refresh);
            inFlight = flight;
            pending.add(flight.future);
            ctx = flow.context(id, s);
        }
        if (refresh) {
            logger.info("Refreshing the Kii MQTT endpoint of {} ({})", ctx.s.identity.identityId(), reason);
        }
        try {
            executor.execute(() -> run(flight, ctx, stale));
        } catch (RejectedExecutionException e) {
            finish(flight, null, OnboardingException.stopped());
        }
        return flight.future;
    }

    private void run(Flight flight, OnboardingFlow.Context ctx, ConnectTarget stale) {
        CompletableFuture<OnboardingFlow.Outcome> work = Futures.start(() -> flight.refresh ? flow.refresh(ctx, stale)
                : flow.acquire(ctx));
        work.whenComplete((outcome, error) -> finish(flight, outcome, error));
    }

    private void finish(Flight flight, OnboardingFlow.Outcome outcome, Throwable error) {
        OnboardingException failure = error == null ? null : Futures.onboardingFailure(error);
        synchronized (store.lock) {
            if (inFlight == flight) {
                inFlight = null;
            }
            pending.remove(flight.future);
            if (flight.identity == store.current() && !store.isClosed()) {
                if (failure != null) {
                    noteFailure(failure);
                } else if (lastError != null) {
                    logger.info("Kii onboarding recovered");
                    lastError = null;
                }
            }
        }
        if (failure != null) {
            flight.future.completeExceptionally(failure);
            return;
        }
        // Told first, so a configuration change arriving right after the future completes cannot race it.
        succeeded.accept(outcome.fresh);
        flight.future.complete(outcome.target);
    }

    private void noteFailure(OnboardingException e) {
        boolean repeated = lastError != null && Objects.equals(lastError.getMessage(), e.getMessage());
        lastError = e;
        lastErrorAt = store.now();
        if (repeated) {
            logger.debug("Kii onboarding failed again ({}): {}", e.getKind(), e.getMessage());
        } else if (e.getKind() == ErrorKind.TRANSIENT) {
            logger.warn("Kii onboarding failed ({}): {}", e.getKind(), e.getMessage());
        } else {
            logger.error("Kii onboarding failed ({}): {}", e.getKind(), e.getMessage());
        }
    }

    /** @return the last onboarding failure with its time, or {@code none}; for the diagnostics */
    String lastErrorText() {
        synchronized (store.lock) {
            return lastError == null ? "none" : lastError.getKind() + " at " + Instant.ofEpochMilli(lastErrorAt) + ": "
                    + lastError.getMessage();
        }
    }

    /** @return {@code acquire}, {@code refresh} or {@code no}; for the diagnostics */
    String inProgress() {
        synchronized (store.lock) {
            return inFlight == null ? "no" : inFlight.refresh ? "refresh" : "acquire";
        }
    }

    /** Fails every pending future with "onboarding stopped"; no listener is told anything any more. */
    void close() {
        List<CompletableFuture<ConnectTarget>> toFail;
        synchronized (store.lock) {
            toFail = new ArrayList<>(pending);
            pending.clear();
            inFlight = null;
        }
        for (CompletableFuture<ConnectTarget> f : toFail) {
            f.completeExceptionally(OnboardingException.stopped());
        }
        listeners.clear();
    }
}
