package io.kiipush.gateway.internal.recovery;

/** One window in which notifications may have been missed, before catch-up: start, end, and where it came from. */
public final class GapWindow {

    final long start;
    final long end;
    final boolean afterRestart;

    GapWindow(long start, long end, boolean afterRestart) {
        this.start = start;
        this.end = Math.max(start, end);
        this.afterRestart = afterRestart;
    }

    long lengthMs() {
        return end - start;
    }

    @Override
    public String toString() {
        return (afterRestart ? "RESTART " : "RECONNECT ") + start + ".." + end + " (" + lengthMs() + " ms)";
    }
}
