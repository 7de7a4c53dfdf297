package io.kiipush.gateway.internal.recovery;

/** One window in which notifications may have been missed, before catch-up: start, end, and where it came from. */
public final class GapWindow {

    final long start;
    final long end;
    final boolean afterRestart;
    /** The SUBACK of the link that went down, -1 if unknown: nothing before it belongs to this gap. */
    final long floor;

    GapWindow(long start, long end, boolean afterRestart) {
        this(start, end, afterRestart, -1);
    }

    GapWindow(long start, long end, boolean afterRestart, long floor) {
        this.start = start;
        this.end = Math.max(start, end);
        this.afterRestart = afterRestart;
        this.floor = floor;
    }

    /**
     * @param marginMs how much earlier than the start to look, for clock differences with Kii
     * @return the earliest change time to recover: the start less the margin, but never before the SUBACK of the
     *         link that went down (what changed before it was pushed to that link or belongs to an earlier gap)
     */
    long from(long marginMs) {
        return floor < 0 ? start - marginMs : Math.max(start - marginMs, Math.min(floor, start));
    }

    long lengthMs() {
        return end - start;
    }

    @Override
    public String toString() {
        return (afterRestart ? "RESTART " : "RECONNECT ") + start + ".." + end + " (" + lengthMs() + " ms)";
    }
}
