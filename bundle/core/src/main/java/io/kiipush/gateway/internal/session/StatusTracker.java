package io.kiipush.gateway.internal.session;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;

/**
 * What the session reports about itself: state, attempts, the last error and whether it is still current, connection
 * times. Confined to the session thread; {@link #snapshot()} is safe from any thread.
 */
final class StatusTracker {

    private final Ticker ticker;

    private SessionState state = SessionState.STOPPED;
    private long since;
    private int attempt;
    private ErrorKind lastErrorKind;
    private String lastError;
    private long lastErrorAt;
    private boolean errorCurrent;
    private long reconnects;
    private boolean everConnected;
    private long connectedSince;
    private long nextAttemptAt;

    private volatile SessionStatus snapshot = SessionStatus.builder(SessionState.STOPPED).build();

    StatusTracker(Ticker ticker) {
        this.ticker = ticker;
    }

    SessionState state() {
        return state;
    }

    /** @return consecutive failed attempts */
    int attempt() {
        return attempt;
    }

    /** @return the latest status, from any thread */
    SessionStatus snapshot() {
        return snapshot;
    }

    /**
     * Records a failure: it becomes the last error, current until the session connects again or starts over.
     *
     * @return true if it repeats the previous error
     */
    boolean failed(Failure failure) {
        boolean repeated = failure.message.equals(lastError);
        lastErrorKind = failure.kind;
        lastError = failure.message;
        lastErrorAt = ticker.currentTimeMillis();
        errorCurrent = true;
        connectedSince = 0;
        return repeated;
    }

    /** @return the number of the next attempt, after one more failed one */
    int nextAttempt() {
        return ++attempt;
    }

    /** A fresh start (configuration change, manual reconnect, new endpoint): no failed attempt, no current error. */
    void startOver() {
        attempt = 0;
        errorCurrent = false;
    }

    /** The link stayed up long enough: the next failure starts the backoff over. */
    void stable(ConnectTarget target) {
        attempt = 0;
        publish(target);
    }

    /** Subscribed: connected (again); the last error is history now. Enter CONNECTED next. */
    void connected() {
        if (everConnected) {
            reconnects++;
        }
        everConnected = true;
        connectedSince = ticker.currentTimeMillis();
        errorCurrent = false;
    }

    /** Waits for the next attempt until {@code at} (ms since the epoch), 0 when not waiting. */
    void nextAttemptAt(long at) {
        nextAttemptAt = at;
    }

    /**
     * Enters {@code next} and publishes the status.
     *
     * @return the state left, {@code null} when the state did not change
     */
    SessionState enter(SessionState next, ConnectTarget target) {
        SessionState previous = state;
        if (next != previous) {
            state = next;
            since = ticker.currentTimeMillis();
        }
        if (next == SessionState.STOPPED) {
            errorCurrent = false;
        }
        if (next != SessionState.BACKING_OFF) {
            nextAttemptAt = 0;
        }
        publish(target);
        return next == previous ? null : previous;
    }

    /** @return the published status (counters are added by the component) */
    SessionStatus publish(ConnectTarget target) {
        SessionStatus.Builder b = SessionStatus.builder(state).since(since).attempt(attempt)
                .lastError(lastErrorKind, lastError, lastErrorAt).lastErrorCurrent(errorCurrent && lastError != null)
                .reconnects(reconnects).connectedSince(state == SessionState.CONNECTED ? connectedSince : 0)
                .nextAttemptAt(nextAttemptAt);
        if (target != null) {
            b.endpoint(target.serverUri(), target.getEndpoint().getMqttTopic()).account(
                    target.getEndpoint().getUsername(), target.getEndpoint().getInstallationId(), target.getIdentity(),
                    target.getAppId(), target.getSite());
        }
        SessionStatus status = b.build();
        snapshot = status;
        return status;
    }
}
