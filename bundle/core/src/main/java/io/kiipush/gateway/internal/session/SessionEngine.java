package io.kiipush.gateway.internal.session;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.EndpointSource;
import io.kiipush.gateway.internal.endpoint.RefreshReason;

/**
 * The push session state machine: onboarding, connect, subscribe, dead-link detection, backoff, refresh.
 * <p>
 * All state is confined to one single-threaded executor (the session thread); the public methods and the
 * {@link LinkListener} callbacks only post tasks to it, so nothing here blocks an MQTT thread and no lock is needed.
 * Every callback carries the link or onboarding request it belongs to, and stale ones (from a connection already
 * replaced) are ignored.
 */
final class SessionEngine {

    /** Receives every state transition (on the session thread; must not block). */
    interface Observer {
        void stateChanged(SessionStatus status, SessionState previous);
    }

    private static final Logger logger = LoggerFactory.getLogger(SessionEngine.class);
    private static final long TTL_RETRY_MS = 60_000;

    private final ScheduledExecutorService executor;
    private final EndpointSource source;
    private final MqttConnector connector;
    private final Ticker ticker;
    private final Random random;
    private final Observer observer;
    private final LinkListener linkListener = new Callbacks();
    private final Runnable invalidationListener = this::invalidate;

    // ---- confined to the session thread ----
    private SessionSettings settings;
    private Backoff backoff;
    private SessionState state = SessionState.STOPPED;
    private long since;
    private int attempt;
    private ErrorKind lastErrorKind;
    private String lastError;
    private long lastErrorAt;
    private long reconnects;
    private boolean everConnected;
    private long connectedSince;
    private long nextAttemptAt;
    private ConnectTarget target;
    private RefreshReason pendingRefresh;
    private MqttLink link;
    private int onboardingRequest;
    private Future<?> timer;
    private Future<?> livenessTimer;
    private Future<?> stableTimer;
    private Future<?> ttlTimer;
    private boolean sessionConfigInvalid;

    private volatile SessionStatus snapshot = SessionStatus.builder(SessionState.STOPPED).build();

    SessionEngine(ScheduledExecutorService executor, EndpointSource source, MqttConnector connector, Ticker ticker, Random random,
            Observer observer) {
        this.executor = executor;
        this.source = source;
        this.connector = connector;
        this.ticker = ticker;
        this.random = random;
        this.observer = observer;
    }

    // ===================================================================== public API (any thread)

    /** @param initial the settings to start with */
    void start(SessionSettings initial) {
        source.addInvalidationListener(invalidationListener);
        post(() -> apply(initial));
    }

    /** @param next new settings: reconnects only when connection-relevant values changed */
    void update(SessionSettings next) {
        post(() -> apply(next));
    }

    /** Drops the connection and connects again at once; also leaves FAILED. */
    void reconnect() {
        post(() -> {
            if (settings != null && settings.isValid() && settings.isEnabled()) {
                logger.info("Reconnect requested");
                closeLink();
                cancelTimer();
                attempt = 0;
                beginAttempt();
            }
        });
    }

    /** The onboarding configuration changed: previously issued targets are obsolete. */
    void invalidate() {
        post(() -> {
            target = null;
            pendingRefresh = null;
            if (settings != null && settings.isValid() && settings.isEnabled()) {
                logger.info("Onboarding configuration changed: connecting again with a fresh endpoint");
                closeLink();
                cancelTimer();
                attempt = 0;
                beginOnboarding();
            }
        });
    }

    /** Stops the session: closes the link and cancels every timer. Returns once done on the session thread. */
    Future<?> stop() {
        source.removeInvalidationListener(invalidationListener);
        try {
            return executor.submit(() -> {
                closeLink();
                cancelTimer();
                onboardingRequest++;
                setState(SessionState.STOPPED);
            });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** @return the latest status (counters are added by the component) */
    SessionStatus status() {
        return snapshot;
    }

    // ===================================================================== transitions (session thread)

    private void apply(SessionSettings next) {
        SessionSettings previous = settings;
        settings = next;
        backoff = new Backoff(next.getBackoffInitialMs(), next.getBackoffMaxMs(), random);
        if (!next.isValid()) {
            closeLink();
            cancelTimer();
            sessionConfigInvalid = true;
            fail(Failure.configuration("session configuration: " + String.join("; ", next.problems())));
            return;
        }
        boolean wasInvalid = sessionConfigInvalid;
        sessionConfigInvalid = false;
        if (!next.isEnabled()) {
            closeLink();
            cancelTimer();
            setState(SessionState.STOPPED);
            return;
        }
        if (previous == null || state == SessionState.STOPPED || wasInvalid) {
            attempt = 0;
            long delay = next.getStartDelayMaxMs() == 0 ? 0 : (long) (random.nextDouble() * next.getStartDelayMaxMs());
            // A random first delay spreads a fleet of gateways that boot at the same moment.
            waitThen(delay, this::beginAttempt);
        } else if (state == SessionState.FAILED) {
            attempt = 0;
            beginAttempt();
        } else if (next.connectionDiffers(previous) && link != null) {
            logger.info("Session settings changed (keep-alive or connect timeout): reconnecting");
            closeLink();
            cancelTimer();
            attempt = 0;
            beginAttempt();
        } else if (state == SessionState.CONNECTED) {
            scheduleLiveness(link);
        }
    }

    // Reuse a still valid target after a network failure; otherwise (first start, refused credentials) onboard.
    private void beginAttempt() {
        if (target != null && pendingRefresh == null && target.getEndpoint().expiresAt() > ticker.currentTimeMillis()) {
            connect();
        } else {
            beginOnboarding();
        }
    }

    private void beginOnboarding() {
        cancelTimer();
        setState(SessionState.ONBOARDING);
        int request = ++onboardingRequest;
        CompletableFuture<ConnectTarget> future;
        try {
            future = pendingRefresh != null && target != null ? source.refresh(target, pendingRefresh) : source.acquire();
        } catch (RuntimeException e) {
            fail(Failure.ofOnboarding(e));
            return;
        }
        future.whenComplete((t, e) -> post(() -> onTarget(request, t, e)));
    }

    private void onTarget(int request, ConnectTarget fresh, Throwable error) {
        if (request != onboardingRequest || state != SessionState.ONBOARDING) {
            return; // superseded by a stop, reconnect or configuration change
        }
        if (error != null || fresh == null) {
            fail(error != null ? Failure.ofOnboarding(error) : Failure.transientError("onboarding returned no endpoint"));
            return;
        }
        pendingRefresh = null;
        target = fresh;
        connect();
    }

    private void connect() {
        cancelTimer();
        setState(SessionState.CONNECTING);
        try {
            link = connector.open(target, settings, linkListener);
        } catch (Exception e) {
            fail(Failure.ofMqtt(e, target, settings));
            return;
        }
        MqttLink attemptLink = link;
        timer = schedule(settings.getConnectTimeoutSec() * 1000L, () -> {
            if (link == attemptLink && state == SessionState.CONNECTING) {
                closeLink();
                fail(Failure.transientError("no CONNACK/SUBACK from broker " + target.serverUri() + " within "
                        + settings.getConnectTimeoutSec() + " s"));
            }
        });
    }

    private void onConnected(MqttLink l) {
        if (l != link || state != SessionState.CONNECTING) {
            return;
        }
        // Subscribing from here (not from the Paho callback) avoids Paho deadlocks (#999).
        l.subscribe();
    }

    private void onSubscribed(MqttLink l, int grantedQos) {
        if (l != link || state != SessionState.CONNECTING) {
            return;
        }
        if (grantedQos == 0x80) {
            closeLink();
            fail(Failure.credentialsRefused("broker " + target.serverUri() + " refused the SUBSCRIBE of the push topic (SUBACK 0x80)",
                    RefreshReason.SUBSCRIBE_REFUSED));
            return;
        }
        cancelTimer();
        if (everConnected) {
            reconnects++;
        }
        everConnected = true;
        connectedSince = ticker.currentTimeMillis();
        boolean recovered = attempt > 0;
        setState(SessionState.CONNECTED);
        if (recovered) {
            logger.info("Connected again to {} after {} failed attempt(s)", target.serverUri(), attempt);
        }
        MqttLink connected = l;
        stableTimer = schedule(settings.getBackoffResetAfterSec() * 1000L, () -> {
            if (link == connected && state == SessionState.CONNECTED) {
                attempt = 0; // the link proved stable: the next failure starts the backoff over
                publishSnapshot();
            }
        });
        scheduleLiveness(l);
        scheduleTtl(l);
    }

    private void onConnectFailed(MqttLink l, Throwable cause) {
        if (l != link || state != SessionState.CONNECTING) {
            return;
        }
        closeLink();
        fail(Failure.ofMqtt(cause, target, settings));
    }

    private void onLost(MqttLink l, Throwable cause) {
        if (l != link) {
            return;
        }
        closeLink();
        fail(Failure.ofMqtt(cause, target, settings));
    }

    // Dead-link detection at 1.5 x keep-alive of silence: Paho alone would need 2 x keep-alive.
    private void scheduleLiveness(MqttLink l) {
        cancel(livenessTimer);
        long silentMs = TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime() - l.lastInboundNanos());
        long remaining = settings.deadLinkTimeoutMs() - silentMs;
        if (remaining <= 0) {
            closeLink();
            fail(Failure.transientError("no packet from broker " + target.serverUri() + " for " + silentMs
                    + " ms (keep-alive " + settings.getKeepAliveSec() + " s): connection considered dead"));
            return;
        }
        livenessTimer = schedule(remaining, () -> {
            if (l == link && state == SessionState.CONNECTED) {
                scheduleLiveness(l);
            }
        });
    }

    private void scheduleTtl(MqttLink l) {
        cancel(ttlTimer);
        long expiresAt = target.getEndpoint().expiresAt();
        if (expiresAt == Long.MAX_VALUE) {
            return;
        }
        long delay = Math.max(0, expiresAt - ticker.currentTimeMillis());
        ttlTimer = schedule(delay, () -> refreshForTtl(l));
    }

    // The endpoint's TTL ran out: fetch a fresh one in the background and reconnect only if it differs.
    private void refreshForTtl(MqttLink l) {
        if (l != link || state != SessionState.CONNECTED) {
            return;
        }
        ConnectTarget current = target;
        CompletableFuture<ConnectTarget> future;
        try {
            future = source.refresh(current, RefreshReason.TTL_EXPIRED);
        } catch (RuntimeException e) {
            future = new CompletableFuture<>();
            future.completeExceptionally(e);
        }
        future.whenComplete((fresh, error) -> post(() -> {
            if (l != link || state != SessionState.CONNECTED) {
                return;
            }
            if (error != null || fresh == null) {
                logger.warn("Endpoint TTL ran out and the refresh failed ({}); keeping the current connection, retrying in {} s",
                        error == null ? "no endpoint" : Failure.ofOnboarding(error).message, TTL_RETRY_MS / 1000);
                cancel(ttlTimer);
                ttlTimer = schedule(TTL_RETRY_MS, () -> refreshForTtl(l));
            } else if (fresh.sameConnection(current)) {
                target = fresh;
                scheduleTtl(l);
            } else {
                logger.info("Endpoint TTL ran out and Kii issued a new endpoint: reconnecting");
                target = fresh;
                closeLink();
                attempt = 0;
                connect();
            }
        }));
    }

    private void fail(Failure failure) {
        long now = ticker.currentTimeMillis();
        boolean repeated = failure.message.equals(lastError);
        lastErrorKind = failure.kind;
        lastError = failure.message;
        lastErrorAt = now;
        connectedSince = 0;
        if (failure.permanent) {
            logger.error("Kii push session stopped: {} [{}]", failure.message, failure.kind);
            cancelTimer();
            setState(SessionState.FAILED);
            return;
        }
        if (failure.refresh != null) {
            pendingRefresh = failure.refresh;
        }
        attempt++;
        long delay = backoff.delayMs(attempt);
        // A repeating failure is logged once when it starts; retries go to DEBUG.
        if (repeated) {
            logger.debug("Attempt {} failed again: {}; next attempt in {} ms", attempt, failure.message, delay);
        } else {
            logger.warn("Kii push session: {} [{}]; attempt {}, next in {} ms", failure.message, failure.kind, attempt, delay);
        }
        waitThen(delay, this::beginAttempt);
    }

    private void waitThen(long delayMs, Runnable next) {
        cancelTimer();
        if (delayMs <= 0) {
            nextAttemptAt = 0;
            next.run();
            return;
        }
        nextAttemptAt = ticker.currentTimeMillis() + delayMs;
        setState(SessionState.BACKING_OFF);
        timer = schedule(delayMs, () -> {
            if (state == SessionState.BACKING_OFF) {
                nextAttemptAt = 0;
                next.run();
            }
        });
    }

    private void setState(SessionState next) {
        SessionState previous = state;
        if (next != previous) {
            state = next;
            since = ticker.currentTimeMillis();
        }
        if (next != SessionState.BACKING_OFF) {
            nextAttemptAt = 0;
        }
        SessionStatus status = publishSnapshot();
        if (next != previous) {
            // Inside a retry loop the transitions repeat; they go to DEBUG after the first failure.
            if (attempt > 1 && next != SessionState.CONNECTED && next != SessionState.FAILED) {
                logger.debug("Kii push session: {} -> {}", previous, next);
            } else {
                logger.info("Kii push session: {} -> {}{}", previous, next, describeForLog(next));
            }
            observer.stateChanged(status, previous);
        }
    }

    private String describeForLog(SessionState next) {
        if (target == null) {
            return "";
        }
        switch (next) {
            case CONNECTING:
            case CONNECTED:
                return " (" + target + ")";
            default:
                return "";
        }
    }

    private SessionStatus publishSnapshot() {
        SessionStatus.Builder b = SessionStatus.builder(state).since(since).attempt(attempt)
                .lastError(lastErrorKind, lastError, lastErrorAt).reconnects(reconnects)
                .connectedSince(state == SessionState.CONNECTED ? connectedSince : 0).nextAttemptAt(nextAttemptAt);
        if (target != null) {
            b.endpoint(target.serverUri(), target.getEndpoint().getMqttTopic());
        }
        SessionStatus status = b.build();
        snapshot = status;
        return status;
    }

    private void closeLink() {
        cancel(livenessTimer);
        cancel(stableTimer);
        cancel(ttlTimer);
        if (link != null) {
            MqttLink l = link;
            link = null;
            l.close();
        }
    }

    private void cancelTimer() {
        cancel(timer);
        timer = null;
    }

    private static void cancel(Future<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private Future<?> schedule(long delayMs, Runnable task) {
        try {
            return executor.schedule(() -> guarded(task), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null); // stopping
        }
    }

    private void post(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            logger.debug("Session stopped; dropping a late event");
        }
    }

    // A throwing task would silently kill a periodic timer and leave the session stuck: log and carry on.
    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            logger.error("Unexpected error in the session state machine", t);
        }
    }

    /** Hands Paho's callbacks to the session thread. */
    private final class Callbacks implements LinkListener {
        @Override
        public void connected(MqttLink l) {
            post(() -> onConnected(l));
        }

        @Override
        public void connectFailed(MqttLink l, Throwable cause) {
            post(() -> onConnectFailed(l, cause));
        }

        @Override
        public void subscribed(MqttLink l, int grantedQos) {
            post(() -> onSubscribed(l, grantedQos));
        }

        @Override
        public void subscribeFailed(MqttLink l, Throwable cause) {
            post(() -> onConnectFailed(l, cause));
        }

        @Override
        public void lost(MqttLink l, Throwable cause) {
            post(() -> onLost(l, cause));
        }
    }
}
