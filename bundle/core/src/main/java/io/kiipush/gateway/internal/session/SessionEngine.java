package io.kiipush.gateway.internal.session;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.EndpointSource;
import io.kiipush.gateway.internal.endpoint.RefreshReason;

/**
 * The push session state machine: onboarding, connect, subscribe, backoff, refresh; the connected link is watched
 * by {@link LinkWatch} and {@link TtlRefresh}, the status kept by {@link StatusTracker}.
 * <p>
 * All state is confined to one single-threaded executor (the session thread); the public methods and the
 * {@link LinkListener} callbacks only post tasks to it, so nothing here blocks an MQTT thread and no lock is needed.
 * Every callback carries the link or onboarding request it belongs to, and stale ones (from a connection already
 * replaced) are ignored.
 * <p>
 * Over 400 lines, and it must stay whole: every transition of the state machine is here, so one reads in one file
 * which state follows which event (the watching, refresh and status parts already live in their own classes).
 */
final class SessionEngine {

    /** Receives every state transition (on the session thread; must not block). */
    interface Observer {
        void stateChanged(SessionStatus status, SessionState previous);
    }

    /** How often the connected link's last-alive time is passed on. */
    static final long ALIVE_TICK_MS = 30_000;

    private static final Logger logger = LoggerFactory.getLogger(SessionEngine.class);

    private final SessionThread thread;
    private final EndpointSource source;
    private final MqttConnector connector;
    private final Ticker ticker;
    private final Random random;
    private final Observer observer;
    private final LinkObserver links;
    private final StatusTracker status;
    private final LinkWatch watch;
    private final TtlRefresh ttl;
    private final LinkListener linkListener = new Callbacks();
    private final Runnable invalidationListener = this::invalidate;

    // ---- confined to the session thread ----
    private SessionSettings settings;
    private Backoff backoff;
    private ConnectTarget target;
    private RefreshReason pendingRefresh;
    private MqttLink link;
    private int onboardingRequest;
    private Future<?> timer;
    private boolean sessionConfigInvalid;
    private volatile boolean held; // an operator's disconnect: stay STOPPED until connect()

    SessionEngine(ScheduledExecutorService executor, EndpointSource source, MqttConnector connector, Ticker ticker,
            Random random, Observer observer) {
        this(executor, source, connector, ticker, random, observer, LinkObserver.NONE);
    }

    SessionEngine(ScheduledExecutorService executor, EndpointSource source, MqttConnector connector, Ticker ticker,
            Random random, Observer observer, LinkObserver links) {
        this.links = links;
        this.thread = new SessionThread(executor);
        this.source = source;
        this.connector = connector;
        this.ticker = ticker;
        this.random = random;
        this.observer = observer;
        this.status = new StatusTracker(ticker);
        this.watch = new LinkWatch(thread, ticker);
        this.ttl = new TtlRefresh(thread, ticker, source);
    }

    // ===================================================================== public API (any thread)

    /** @param initial the settings to start with */
    void start(SessionSettings initial) {
        source.addInvalidationListener(invalidationListener);
        thread.post(() -> apply(initial));
    }

    /** @param next new settings: reconnects only when connection-relevant values changed */
    void update(SessionSettings next) {
        thread.post(() -> apply(next));
    }

    /** Drops the connection and connects again at once; also leaves FAILED. */
    void reconnect() {
        thread.post(() -> {
            if (runnable()) {
                logger.info("Reconnect requested");
                startOver();
                beginAttempt();
            }
        });
    }

    /**
     * An operator's disconnect: closes the link and stays STOPPED, through configuration changes, until
     * {@link #operatorConnect()} or a new engine.
     */
    void operatorDisconnect() {
        thread.post(() -> {
            if (!held) {
                logger.info("Disconnect requested: the session stays stopped until connect");
            }
            held = true;
            closeLink();
            cancelTimer();
            onboardingRequest++;
            enter(SessionState.STOPPED);
        });
    }

    /** Ends an operator's disconnect and connects at once; leaves FAILED too; nothing while already CONNECTED. */
    void operatorConnect() {
        thread.post(() -> {
            boolean wasHeld = held;
            held = false;
            if (settings == null || (!wasHeld && status.state() == SessionState.CONNECTED)) {
                return;
            }
            logger.info("Connect requested");
            if (runnable()) {
                startOver();
                beginAttempt();
            } else {
                SessionSettings current = settings;
                settings = null;
                apply(current); // disabled or invalid: STOPPED or FAILED with the reason, as on a start
            }
        });
    }

    /** @return whether an operator's disconnect holds the session stopped */
    boolean isHeld() {
        return held;
    }

    /** The onboarding configuration changed: previously issued targets are obsolete. */
    void invalidate() {
        thread.post(() -> {
            target = null;
            pendingRefresh = null;
            if (runnable()) {
                logger.info("Onboarding configuration changed: connecting again with a fresh endpoint");
                startOver();
                beginOnboarding();
            }
        });
    }

    /** Stops the session: closes the link and cancels every timer. Returns once done on the session thread. */
    Future<?> stop() {
        source.removeInvalidationListener(invalidationListener);
        return thread.submit(() -> {
            closeLink();
            cancelTimer();
            onboardingRequest++;
            enter(SessionState.STOPPED);
        });
    }

    /** @return the latest status (counters are added by the component) */
    SessionStatus status() {
        return status.snapshot();
    }

    // ===================================================================== transitions (session thread)

    private boolean runnable() {
        return !held && settings != null && settings.isValid() && settings.isEnabled();
    }

    private void apply(SessionSettings next) {
        SessionSettings previous = settings;
        settings = next;
        backoff = new Backoff(next.getBackoffInitialMs(), next.getBackoffMaxMs(), random);
        if (held) {
            return; // applied by connect()
        }
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
            enter(SessionState.STOPPED);
            return;
        }
        SessionState state = status.state();
        if (previous == null || state == SessionState.STOPPED || wasInvalid) {
            status.startOver();
            long delay = next.getStartDelayMaxMs() == 0 ? 0 : (long) (random.nextDouble() * next.getStartDelayMaxMs());
            // A random first delay spreads a fleet of gateways that boot at the same moment.
            waitThen(delay, this::beginAttempt);
        } else if (state == SessionState.FAILED) {
            status.startOver();
            beginAttempt();
        } else if (next.connectionDiffers(previous) && link != null) {
            logger.info("Session settings changed (keep-alive or connect timeout): reconnecting");
            startOver();
            beginAttempt();
        } else if (state == SessionState.CONNECTED) {
            watchLiveness(link);
        }
    }

    /** Ends the current connection or wait for a fresh start: no failed attempt, no current error. */
    private void startOver() {
        closeLink();
        cancelTimer();
        status.startOver();
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
        enter(SessionState.ONBOARDING);
        int request = ++onboardingRequest;
        CompletableFuture<ConnectTarget> future;
        try {
            future = pendingRefresh != null && target != null ? source.refresh(target, pendingRefresh) : source.acquire();
        } catch (RuntimeException e) {
            fail(Failure.ofOnboarding(e));
            return;
        }
        future.whenComplete((t, e) -> thread.post(() -> onTarget(request, t, e)));
    }

    private void onTarget(int request, ConnectTarget fresh, Throwable error) {
        if (request != onboardingRequest || status.state() != SessionState.ONBOARDING) {
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
        enter(SessionState.CONNECTING);
        try {
            link = connector.open(target, settings, linkListener);
        } catch (Exception e) {
            fail(Failure.ofMqtt(e, target, settings));
            return;
        }
        MqttLink attemptLink = link;
        timer = thread.schedule(settings.getConnectTimeoutSec() * 1000L, () -> {
            if (link == attemptLink && status.state() == SessionState.CONNECTING) {
                closeLink();
                fail(Failure.transientError("no CONNACK/SUBACK from broker " + target.serverUri() + " within "
                        + settings.getConnectTimeoutSec() + " s"));
            }
        });
    }

    private void onConnected(MqttLink l) {
        if (l != link || status.state() != SessionState.CONNECTING) {
            return;
        }
        // Subscribing from here (not from the Paho callback) avoids Paho deadlocks (#999).
        l.subscribe();
    }

    private void onSubscribed(MqttLink l, int grantedQos) {
        if (l != link || status.state() != SessionState.CONNECTING) {
            return;
        }
        if (grantedQos == 0x80) {
            closeLink();
            fail(Failure.credentialsRefused("broker " + target.serverUri() + " refused the SUBSCRIBE of the push "
                    + "topic (SUBACK 0x80)", RefreshReason.SUBSCRIBE_REFUSED));
            return;
        }
        cancelTimer();
        int failedAttempts = status.attempt();
        status.connected();
        enter(SessionState.CONNECTED);
        if (failedAttempts > 0) {
            logger.info("Connected again to {} after {} failed attempt(s)", target.serverUri(), failedAttempts);
        }
        watch.stableAfter(settings.getBackoffResetAfterSec() * 1000L, () -> isConnected(l), () -> status.stable(target));
        links.up(target.getIdentity() == null ? "" : target.getIdentity(), ticker.currentTimeMillis());
        watch.aliveEvery(ALIVE_TICK_MS, () -> isConnected(l), () -> links.alive(watch.lastAliveAt(l)));
        watchLiveness(l);
        ttl.watch(target, () -> isConnected(l), fresh -> target = fresh, fresh -> {
            target = fresh;
            startOver();
            connect();
        });
    }

    private void watchLiveness(MqttLink l) {
        watch.checkLiveness(l, settings.deadLinkTimeoutMs(), () -> isConnected(l), silentMs -> {
            closeLink();
            fail(Failure.transientError("no packet from broker " + target.serverUri() + " for " + silentMs
                    + " ms (keep-alive " + settings.getKeepAliveSec() + " s): connection considered dead"));
        });
    }

    private boolean isConnected(MqttLink l) {
        return l == link && status.state() == SessionState.CONNECTED;
    }

    private void onFailed(MqttLink l, Throwable cause, boolean onlyWhileConnecting) {
        if (l != link || (onlyWhileConnecting && status.state() != SessionState.CONNECTING)) {
            return;
        }
        closeLink();
        fail(Failure.ofMqtt(cause, target, settings));
    }

    private void fail(Failure failure) {
        boolean repeated = status.failed(failure);
        if (failure.permanent) {
            logger.error("Kii push session stopped: {} [{}]", failure.message, failure.kind);
            cancelTimer();
            enter(SessionState.FAILED);
            return;
        }
        if (failure.refresh != null) {
            pendingRefresh = failure.refresh;
        }
        int attempt = status.nextAttempt();
        long delay = backoff.delayMs(attempt);
        // A repeating failure is logged once when it starts; retries go to DEBUG.
        if (repeated) {
            logger.debug("Attempt {} failed again: {}; next attempt in {} ms", attempt, failure.message, delay);
        } else {
            logger.warn("Kii push session: {} [{}]; attempt {}, next in {} ms", failure.message, failure.kind, attempt,
                    delay);
        }
        waitThen(delay, this::beginAttempt);
    }

    private void waitThen(long delayMs, Runnable next) {
        cancelTimer();
        if (delayMs <= 0) {
            status.nextAttemptAt(0);
            next.run();
            return;
        }
        status.nextAttemptAt(ticker.currentTimeMillis() + delayMs);
        enter(SessionState.BACKING_OFF);
        timer = thread.schedule(delayMs, () -> {
            if (status.state() == SessionState.BACKING_OFF) {
                status.nextAttemptAt(0);
                next.run();
            }
        });
    }

    private void enter(SessionState next) {
        SessionState previous = status.enter(next, target);
        if (previous == null) {
            return;
        }
        // Inside a retry loop the transitions repeat; they go to DEBUG after the first failure.
        if (status.attempt() > 1 && next != SessionState.CONNECTED && next != SessionState.FAILED) {
            logger.debug("Kii push session: {} -> {}", previous, next);
        } else {
            boolean connecting = next == SessionState.CONNECTING || next == SessionState.CONNECTED;
            logger.info("Kii push session: {} -> {}{}", previous, next, connecting && target != null ? " (" + target
                    + ")" : "");
        }
        observer.stateChanged(status.snapshot(), previous);
    }

    private void closeLink() {
        watch.stop();
        ttl.stop();
        if (link != null) {
            MqttLink l = link;
            if (status.state() == SessionState.CONNECTED) {
                // A stall shorter than the dead-link time goes unnoticed, and what the broker sent before it may
                // arrive only when it ends: the link may have been deaf that long before its last packet.
                links.down(watch.lastAliveAt(l) - settings.deadLinkTimeoutMs());
            }
            link = null;
            l.close();
        }
    }

    private void cancelTimer() {
        SessionThread.cancel(timer);
        timer = null;
    }

    /** Hands Paho's callbacks to the session thread. */
    private final class Callbacks implements LinkListener {
        @Override
        public void connected(MqttLink l) {
            thread.post(() -> onConnected(l));
        }

        @Override
        public void connectFailed(MqttLink l, Throwable cause) {
            thread.post(() -> onFailed(l, cause, true));
        }

        @Override
        public void subscribed(MqttLink l, int grantedQos) {
            thread.post(() -> onSubscribed(l, grantedQos));
        }

        @Override
        public void subscribeFailed(MqttLink l, Throwable cause) {
            thread.post(() -> onFailed(l, cause, true));
        }

        @Override
        public void lost(MqttLink l, Throwable cause) {
            thread.post(() -> onFailed(l, cause, false));
        }
    }
}
