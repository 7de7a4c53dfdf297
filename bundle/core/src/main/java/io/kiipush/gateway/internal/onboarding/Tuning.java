package io.kiipush.gateway.internal.onboarding;

import java.util.function.LongSupplier;

/**
 * Timing knobs that are not part of the operator configuration: the retry schedule while the mqtt-endpoint answers
 * 503, the clock, and how long deactivation waits for threads. Tests shorten them; production uses {@link #DEFAULT}.
 */
final class Tuning {

    /** First retry after 1 s, doubling up to 8 s, the pace Kii's own SDKs keep (about 1 s between tries). */
    static final Tuning DEFAULT = new Tuning(1000, 8000, System::currentTimeMillis, 5000);

    final long firstRetryDelayMs;
    final long maxRetryDelayMs;
    final LongSupplier clock;
    final long stopTimeoutMs;

    /**
     * @param firstRetryDelayMs delay before the first retry of a 503 answer
     * @param maxRetryDelayMs cap of the doubling retry delay
     * @param clock current time in ms since the epoch
     * @param stopTimeoutMs bound of every wait for threads to stop
     */
    Tuning(long firstRetryDelayMs, long maxRetryDelayMs, LongSupplier clock, long stopTimeoutMs) {
        this.firstRetryDelayMs = firstRetryDelayMs;
        this.maxRetryDelayMs = maxRetryDelayMs;
        this.clock = clock;
        this.stopTimeoutMs = stopTimeoutMs;
    }
}
