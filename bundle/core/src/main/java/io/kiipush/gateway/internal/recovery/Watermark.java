package io.kiipush.gateway.internal.recovery;

/**
 * The last moment the link was known alive, and when to write it to the state file: at once on link up and down,
 * otherwise at most once per interval (never per message). Confined to the catch-up thread.
 */
final class Watermark {

    private final long intervalMs;
    private long lastAlive = -1;
    private long written = -1;
    private long writtenAt;
    private boolean everWritten;

    /** @param intervalMs the shortest time between two periodic writes */
    Watermark(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /** @param at a time the link was alive; earlier times than the latest known are ignored */
    void alive(long at) {
        if (at > lastAlive) {
            lastAlive = at;
        }
    }

    /** @return the latest known last-alive time, -1 if none */
    long lastAlive() {
        return lastAlive;
    }

    /**
     * @param value what would be written (the last-alive time, or an earlier start still to catch up)
     * @param now the current time
     * @param force write now if the value changed (link up or down, stop), regardless of the interval
     * @return true if {@code value} should be written now
     */
    boolean due(long value, long now, boolean force) {
        if (value < 0 || (everWritten && value == written)) {
            return false;
        }
        return force || !everWritten || now - writtenAt >= intervalMs;
    }

    /**
     * @param value the value written
     * @param now when
     */
    void written(long value, long now) {
        written = value;
        writtenAt = now;
        everWritten = true;
    }
}
