package io.kiipush.gateway.internal.recovery;

import io.kiipush.gateway.Gap;

/**
 * One gap on its way to the listeners: the window and reason set by catch-up, the counts added by the dispatcher
 * thread as it delivers (or suppresses) the recovered notifications of the window, which all precede the gap in the
 * hand-off queue. The queue hands it from one thread to the other.
 */
public final class GapTally {

    private final GapWindow window;
    private final Gap.Reason reason;
    private volatile Gap.CatchUp outcome = Gap.CatchUp.COMPLETE;
    private long objects;
    private long commands;
    private long duplicates;

    GapTally(GapWindow window, Gap.Reason reason) {
        this.window = window;
        this.reason = reason;
    }

    /**
     * @param start window start, ms since the epoch
     * @param end window end, ms since the epoch
     * @param afterRestart whether the start was persisted by a previous run
     * @param reason why
     * @param outcome what catch-up did
     * @return a gap as catch-up hands it over
     */
    public static GapTally of(long start, long end, boolean afterRestart, Gap.Reason reason, Gap.CatchUp outcome) {
        GapTally t = new GapTally(new GapWindow(start, end, afterRestart), reason);
        t.outcome(outcome);
        return t;
    }

    void outcome(Gap.CatchUp value) {
        outcome = value;
    }

    Gap.CatchUp outcome() {
        return outcome;
    }

    GapWindow window() {
        return window;
    }

    /** Dispatcher thread: a recovered object event was delivered. */
    public void objectDelivered() {
        objects++;
    }

    /** Dispatcher thread: a recovered command was delivered. */
    public void commandDelivered() {
        commands++;
    }

    /** Dispatcher thread: a recovered notification was a duplicate. */
    public void duplicate() {
        duplicates++;
    }

    /**
     * @param connection the connection of the session
     * @return the gap as the listeners get it (dispatcher thread, after the window's recovered notifications)
     */
    public Gap toGap(String connection) {
        return new Gap(window.start, window.end, reason, window.afterRestart, outcome, objects, commands, duplicates,
                connection);
    }
}
