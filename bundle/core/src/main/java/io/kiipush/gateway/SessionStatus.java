package io.kiipush.gateway;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Immutable snapshot of the push session: its state, the last error and the message counters.
 * <p>
 * Counter invariant: every message the broker delivered is counted in {@link #getReceived()} and then ends in
 * exactly one of {@link #getDispatched()}, {@link #getDropped()} or {@link #getMalformed()}, or is still
 * {@link #getQueued()}:
 * {@code received == dispatched + dropped + malformed + queued}.
 * <p>
 * The last error stays in the status with its time after the session recovered; {@link #isLastErrorCurrent()} says
 * whether it still describes the session.
 * <p>
 * Times are milliseconds since the epoch; {@code 0} means "never" or "not applicable". Provided by this bundle;
 * consumers only read it.
 * <p>
 * Over 400 lines, and it must stay whole: one exported value type with its builder, mostly one-line getters and
 * setters; splitting it would split the API consumers read.
 */
@ProviderType
public final class SessionStatus {

    private final SessionState state;
    private final long since;
    private final int attempt;
    private final String lastError;
    private final ErrorKind lastErrorKind;
    private final long lastErrorAt;
    private final boolean lastErrorCurrent;
    private final long received;
    private final long dispatched;
    private final long dropped;
    private final long malformed;
    private final long reconnects;
    private final long connectedSince;
    private final long nextAttemptAt;
    private final int queued;
    private final String broker;
    private final String clientId;
    private final long gaps;
    private final long recoveredObjects;
    private final long recoveredCommands;
    private final long duplicatesSuppressed;
    private final long catchUpFailures;
    private final String lastCatchUpFailure;
    private final String connection;
    private final String username;
    private final String installationId;
    private final String identity;
    private final String appId;
    private final String site;

    private SessionStatus(Builder b) {
        this.state = Objects.requireNonNull(b.state, "state");
        this.since = b.since;
        this.attempt = b.attempt;
        this.lastError = b.lastError;
        this.lastErrorKind = b.lastErrorKind;
        this.lastErrorAt = b.lastErrorAt;
        this.lastErrorCurrent = b.lastErrorCurrent;
        this.received = b.received;
        this.dispatched = b.dispatched;
        this.dropped = b.dropped;
        this.malformed = b.malformed;
        this.reconnects = b.reconnects;
        this.connectedSince = b.connectedSince;
        this.nextAttemptAt = b.nextAttemptAt;
        this.queued = b.queued;
        this.broker = b.broker;
        this.clientId = b.clientId;
        this.gaps = b.gaps;
        this.recoveredObjects = b.recoveredObjects;
        this.recoveredCommands = b.recoveredCommands;
        this.duplicatesSuppressed = b.duplicatesSuppressed;
        this.catchUpFailures = b.catchUpFailures;
        this.lastCatchUpFailure = b.lastCatchUpFailure;
        this.connection = b.connection;
        this.username = b.username;
        this.installationId = b.installationId;
        this.identity = b.identity;
        this.appId = b.appId;
        this.site = b.site;
    }

    /**
     * @param state the session state
     * @return a builder with all counters at zero
     */
    public static Builder builder(SessionState state) {
        return new Builder(state);
    }

    /** @return a builder initialised with the values of this status */
    public Builder toBuilder() {
        Builder b = new Builder(state);
        b.since = since;
        b.attempt = attempt;
        b.lastError = lastError;
        b.lastErrorKind = lastErrorKind;
        b.lastErrorAt = lastErrorAt;
        b.lastErrorCurrent = lastErrorCurrent;
        b.received = received;
        b.dispatched = dispatched;
        b.dropped = dropped;
        b.malformed = malformed;
        b.reconnects = reconnects;
        b.connectedSince = connectedSince;
        b.nextAttemptAt = nextAttemptAt;
        b.queued = queued;
        b.broker = broker;
        b.clientId = clientId;
        b.gaps = gaps;
        b.recoveredObjects = recoveredObjects;
        b.recoveredCommands = recoveredCommands;
        b.duplicatesSuppressed = duplicatesSuppressed;
        b.catchUpFailures = catchUpFailures;
        b.lastCatchUpFailure = lastCatchUpFailure;
        b.connection = connection;
        b.username = username;
        b.installationId = installationId;
        b.identity = identity;
        b.appId = appId;
        b.site = site;
        return b;
    }

    /** @return the current state */
    public SessionState getState() {
        return state;
    }

    /** @return when the current state was entered */
    public long getSince() {
        return since;
    }

    /**
     * @return consecutive failed attempts; back to 0 once a connection has stayed up for the configured
     *         {@code backoff.resetAfterSec} (so a connection that is accepted and then dropped keeps backing off)
     */
    public int getAttempt() {
        return attempt;
    }

    /** @return the message of the last error (never containing credentials), or {@code null} if none yet */
    public String getLastError() {
        return lastError;
    }

    /** @return the classification of the last error, or {@code null} if none yet */
    public ErrorKind getLastErrorKind() {
        return lastErrorKind;
    }

    /** @return when the last error happened, or 0 */
    public long getLastErrorAt() {
        return lastErrorAt;
    }

    /**
     * @return true while the last error still describes the session: from the failure until the session is
     *         connected again, stopped, or starts over after a configuration change or a manual reconnect
     */
    public boolean isLastErrorCurrent() {
        return lastErrorCurrent;
    }

    /** @return messages the broker delivered on the push topic since the component started */
    public long getReceived() {
        return received;
    }

    /** @return well-formed messages handed to the listeners (EventAdmin bridge and typed listeners) */
    public long getDispatched() {
        return dispatched;
    }

    /** @return messages discarded because the bounded hand-off queue was full, or still queued when the session stopped */
    public long getDropped() {
        return dropped;
    }

    /** @return messages rejected as malformed (not UTF-8, not JSON, not an object, too large, too deep) */
    public long getMalformed() {
        return malformed;
    }

    /** @return how often the session connected again after having been connected */
    public long getReconnects() {
        return reconnects;
    }

    /** @return when the current connection was established, or 0 when not connected */
    public long getConnectedSince() {
        return connectedSince;
    }

    /** @return when the next attempt is due while {@link SessionState#BACKING_OFF}, otherwise 0 */
    public long getNextAttemptAt() {
        return nextAttemptAt;
    }

    /** @return messages received but not yet dispatched */
    public int getQueued() {
        return queued;
    }

    /** @return the broker URI (scheme, host, port; no credentials), or {@code null} before the first endpoint is known */
    public String getBroker() {
        return broker;
    }

    /**
     * @return the {@link PushSession#getConnection() connection} of the session; empty when made without one
     * @since 1.2
     */
    public String getConnection() {
        return connection;
    }

    /**
     * @return the MQTT user name Kii issued (not a secret), or {@code null} before the first endpoint is known
     * @since 1.2
     */
    public String getUsername() {
        return username;
    }

    /**
     * @return the Kii installation id of the endpoint, or {@code null} before the first endpoint is known
     * @since 1.2
     */
    public String getInstallationId() {
        return installationId;
    }

    /**
     * @return who the session connects as, e.g. {@code thing:th.123}, or {@code null} before the first endpoint is known
     * @since 1.2
     */
    public String getIdentity() {
        return identity;
    }

    /**
     * @return the Kii app id, or {@code null} before the first endpoint is known
     * @since 1.2
     */
    public String getAppId() {
        return appId;
    }

    /**
     * @return the Kii site and its REST base URL, or {@code null} before the first endpoint is known
     * @since 1.2
     */
    public String getSite() {
        return site;
    }

    /** @return the MQTT client id (Kii's mqttTopic), or {@code null} before the first endpoint is known */
    public String getClientId() {
        return clientId;
    }

    /**
     * @return gap events posted: windows in which notifications may have been missed (after a reconnect, or after a
     *         restart that reused a persisted identity); see {@link Gap}
     * @since 1.1
     */
    public long getGaps() {
        return gaps;
    }

    /** @return bucket object events recovered by catch-up and delivered (duplicates not counted) @since 1.1 */
    public long getRecoveredObjects() {
        return recoveredObjects;
    }

    /** @return Thing-IF commands recovered by catch-up and delivered (duplicates not counted) @since 1.1 */
    public long getRecoveredCommands() {
        return recoveredCommands;
    }

    /** @return recovered notifications not delivered because they were already delivered (live or recovered) @since 1.1 */
    public long getDuplicatesSuppressed() {
        return duplicatesSuppressed;
    }

    /** @return catch-up calls to Kii that failed for good (after retries); the session is not affected @since 1.1 */
    public long getCatchUpFailures() {
        return catchUpFailures;
    }

    /**
     * @return the last catch-up failure as {@code [KIND] message} (never containing credentials), or {@code null}
     * @since 1.1
     */
    public String getLastCatchUpFailure() {
        return lastCatchUpFailure;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("state=").append(state).append(" since=").append(since).append(" attempt=").append(attempt);
        sb.append(" received=").append(received).append(" dispatched=").append(dispatched).append(" dropped=")
                .append(dropped).append(" malformed=").append(malformed).append(" queued=").append(queued)
                .append(" reconnects=").append(reconnects);
        if (gaps > 0 || catchUpFailures > 0) {
            sb.append(" gaps=").append(gaps).append(" recoveredObjects=").append(recoveredObjects)
                    .append(" recoveredCommands=").append(recoveredCommands).append(" duplicatesSuppressed=")
                    .append(duplicatesSuppressed).append(" catchUpFailures=").append(catchUpFailures);
        }
        if (broker != null) {
            sb.append(" broker=").append(broker);
        }
        if (lastError != null) {
            sb.append(" lastError=[").append(lastErrorKind).append("] ").append(lastError)
                    .append(lastErrorCurrent ? "" : " (resolved)");
        }
        return sb.toString();
    }

    /** Builder for {@link SessionStatus}; used by the provider and by consumers' tests. */
    public static final class Builder {
        private SessionState state;
        private long since;
        private int attempt;
        private String lastError;
        private ErrorKind lastErrorKind;
        private long lastErrorAt;
        private boolean lastErrorCurrent;
        private long received;
        private long dispatched;
        private long dropped;
        private long malformed;
        private long reconnects;
        private long connectedSince;
        private long nextAttemptAt;
        private int queued;
        private String broker;
        private String clientId;
        private long gaps;
        private long recoveredObjects;
        private long recoveredCommands;
        private long duplicatesSuppressed;
        private long catchUpFailures;
        private String lastCatchUpFailure;
        private String connection = "";
        private String username;
        private String installationId;
        private String identity;
        private String appId;
        private String site;

        private Builder(SessionState state) {
            this.state = Objects.requireNonNull(state, "state");
        }

        /** @param value the state @return this */
        public Builder state(SessionState value) {
            this.state = Objects.requireNonNull(value, "state");
            return this;
        }

        /** @param value when the state was entered @return this */
        public Builder since(long value) {
            this.since = value;
            return this;
        }

        /** @param value failed attempt count @return this */
        public Builder attempt(int value) {
            this.attempt = value;
            return this;
        }

        /**
         * @param kind classification, or {@code null} to clear
         * @param message message without credentials, or {@code null} to clear
         * @param at when it happened
         * @return this
         */
        public Builder lastError(ErrorKind kind, String message, long at) {
            this.lastErrorKind = kind;
            this.lastError = message;
            this.lastErrorAt = at;
            return this;
        }

        /** @param value whether the last error still describes the session @return this */
        public Builder lastErrorCurrent(boolean value) {
            this.lastErrorCurrent = value;
            return this;
        }

        /**
         * @param receivedCount received
         * @param dispatchedCount dispatched
         * @param droppedCount dropped
         * @param malformedCount malformed
         * @param queuedCount currently queued
         * @return this
         */
        public Builder counters(long receivedCount, long dispatchedCount, long droppedCount, long malformedCount, int queuedCount) {
            this.received = receivedCount;
            this.dispatched = dispatchedCount;
            this.dropped = droppedCount;
            this.malformed = malformedCount;
            this.queued = queuedCount;
            return this;
        }

        /** @param value reconnect count @return this */
        public Builder reconnects(long value) {
            this.reconnects = value;
            return this;
        }

        /** @param value connection time, 0 if not connected @return this */
        public Builder connectedSince(long value) {
            this.connectedSince = value;
            return this;
        }

        /** @param value next attempt time, 0 if none @return this */
        public Builder nextAttemptAt(long value) {
            this.nextAttemptAt = value;
            return this;
        }

        /**
         * @param value the {@link PushSession#getConnection() connection}
         * @return this
         * @since 1.2
         */
        public Builder connection(String value) {
            this.connection = Objects.requireNonNull(value, "connection");
            return this;
        }

        /**
         * @param mqttUsername the MQTT user name Kii issued (not a secret), may be {@code null}
         * @param installation the Kii installation id, may be {@code null}
         * @param who the identity, e.g. {@code thing:th.123}, may be {@code null}
         * @param kiiAppId the Kii app id, may be {@code null}
         * @param kiiSite the Kii site and its REST base URL, may be {@code null}
         * @return this
         * @since 1.2
         */
        public Builder account(String mqttUsername, String installation, String who, String kiiAppId, String kiiSite) {
            this.username = mqttUsername;
            this.installationId = installation;
            this.identity = who;
            this.appId = kiiAppId;
            this.site = kiiSite;
            return this;
        }

        /**
         * @param brokerUri broker URI without credentials, may be {@code null}
         * @param mqttClientId client id, may be {@code null}
         * @return this
         */
        public Builder endpoint(String brokerUri, String mqttClientId) {
            this.broker = brokerUri;
            this.clientId = mqttClientId;
            return this;
        }

        /**
         * @param gapCount gap events posted
         * @param objects recovered bucket object events delivered
         * @param commands recovered Thing-IF commands delivered
         * @param duplicates recovered notifications suppressed as duplicates
         * @param failures catch-up calls that failed for good
         * @param lastFailure the last failure as {@code [KIND] message}, or {@code null}
         * @return this
         * @since 1.1
         */
        public Builder recovery(long gapCount, long objects, long commands, long duplicates, long failures,
                String lastFailure) {
            this.gaps = gapCount;
            this.recoveredObjects = objects;
            this.recoveredCommands = commands;
            this.duplicatesSuppressed = duplicates;
            this.catchUpFailures = failures;
            this.lastCatchUpFailure = lastFailure;
            return this;
        }

        /** @return the immutable status */
        public SessionStatus build() {
            return new SessionStatus(this);
        }
    }
}
