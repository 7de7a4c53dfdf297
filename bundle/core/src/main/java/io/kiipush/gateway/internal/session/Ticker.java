package io.kiipush.gateway.internal.session;

/** Time source of the session; tests substitute a manual one. */
interface Ticker {

    /** The JVM clocks. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }
    };

    /** @return monotonic time in ns, for durations */
    long nanoTime();

    /** @return wall-clock time in ms since the epoch, for reporting */
    long currentTimeMillis();
}
