package io.kiipush.gateway;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A window in which push notifications may have been missed: from the last moment the previous MQTT link was known
 * alive (or, after a restart, the persisted last-alive time) to the SUBACK of the new link. Kii pushes at QoS 0 with
 * a clean session, so whatever it published in between never arrives. Bucket object creations and updates and
 * Thing-IF commands of the window are recovered from Kii (catch-up) and delivered before this gap is reported, marked
 * {@link PushNotification#isRecovered()}; topic messages, direct pushes and deletions cannot be fetched again, and
 * this gap is how a consumer knows to resynchronise. Immutable; provided by this bundle.
 *
 * @since 1.1
 */
@ProviderType
public final class Gap {

    /** Why the window exists. */
    public enum Reason {
        /** The link was lost (or replaced) and a new one subscribed. */
        RECONNECT,
        /** First link after a start that reused the persisted identity; the window starts at the persisted time. */
        RESTART,
        /** Longer than {@code catchup.maxWindowSeconds}: nothing was recovered, only this gap is reported. */
        WINDOW_TOO_LONG
    }

    /** What catch-up did for the window. */
    public enum CatchUp {
        /** Every subscribed bucket (and, for a thing, the command list) was read for the window. */
        COMPLETE,
        /** At least one read failed after retries; see {@link SessionStatus#getLastCatchUpFailure()}. */
        INCOMPLETE,
        /** Catch-up is switched off ({@code catchup.enabled=false}). */
        DISABLED,
        /** The window was too long ({@link Reason#WINDOW_TOO_LONG}). */
        SKIPPED
    }

    private final long start;
    private final long end;
    private final Reason reason;
    private final boolean afterRestart;
    private final CatchUp catchUp;
    private final long recoveredObjects;
    private final long recoveredCommands;
    private final long duplicates;
    private final String connection;

    /**
     * @param start window start, ms since the epoch
     * @param end window end (SUBACK of the new link), ms since the epoch
     * @param reason why
     * @param afterRestart whether the window starts at the persisted last-alive time of a previous run
     * @param catchUp what catch-up did
     * @param recoveredObjects recovered bucket object events delivered for this window
     * @param recoveredCommands recovered Thing-IF commands delivered for this window
     * @param duplicates recovered notifications of this window suppressed as already delivered
     */
    public Gap(long start, long end, Reason reason, boolean afterRestart, CatchUp catchUp, long recoveredObjects,
            long recoveredCommands, long duplicates) {
        this(start, end, reason, afterRestart, catchUp, recoveredObjects, recoveredCommands, duplicates, "");
    }

    /**
     * Creates a gap of one connection.
     *
     * @param start window start, ms since the epoch
     * @param end window end (SUBACK of the new link), ms since the epoch
     * @param reason why notifications may have been missed
     * @param afterRestart whether the window starts at the persisted last-alive time of a previous run
     * @param catchUp what catch-up did
     * @param recoveredObjects recovered bucket object events delivered for this window
     * @param recoveredCommands recovered Thing-IF commands delivered for this window
     * @param duplicates recovered notifications of this window suppressed as already delivered
     * @param connection the {@link PushSession#getConnection() connection} of the gap
     * @since 1.2
     */
    public Gap(long start, long end, Reason reason, boolean afterRestart, CatchUp catchUp, long recoveredObjects,
            long recoveredCommands, long duplicates, String connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.start = start;
        this.end = end;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.afterRestart = afterRestart;
        this.catchUp = Objects.requireNonNull(catchUp, "catchUp");
        this.recoveredObjects = recoveredObjects;
        this.recoveredCommands = recoveredCommands;
        this.duplicates = duplicates;
    }

    /**
     * @return the {@link PushSession#getConnection() connection} of the gap; empty when made without one
     * @since 1.2
     */
    public String getConnection() {
        return connection;
    }

    /** @return window start, ms since the epoch */
    public long getStart() {
        return start;
    }

    /** @return window end, ms since the epoch */
    public long getEnd() {
        return end;
    }

    /** @return why the window exists */
    public Reason getReason() {
        return reason;
    }

    /** @return true if the window starts at the last-alive time persisted by a previous run */
    public boolean isAfterRestart() {
        return afterRestart;
    }

    /** @return what catch-up did */
    public CatchUp getCatchUp() {
        return catchUp;
    }

    /** @return recovered bucket object events delivered for this window */
    public long getRecoveredObjects() {
        return recoveredObjects;
    }

    /** @return recovered Thing-IF commands delivered for this window */
    public long getRecoveredCommands() {
        return recoveredCommands;
    }

    /** @return recovered notifications of this window that had already been delivered and were suppressed */
    public long getDuplicates() {
        return duplicates;
    }

    @Override
    public String toString() {
        return "Gap[" + reason + (afterRestart ? " after restart" : "") + " " + start + ".." + end + " ("
                + (end - start) + " ms) catchUp=" + catchUp + " recoveredObjects=" + recoveredObjects
                + " recoveredCommands=" + recoveredCommands + " duplicates=" + duplicates + "]";
    }
}
