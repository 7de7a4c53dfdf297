package io.kiipush.gateway.internal.session;

import java.util.Random;

/**
 * Capped exponential backoff with "equal jitter": attempt {@code n} waits a uniformly random time in
 * {@code [d/2, d]} where {@code d = min(max, initial * 2^(n-1))}. The jitter spreads a fleet of gateways that lost
 * the broker at the same moment; the lower bound keeps a single gateway from hammering it. State lives in the
 * caller (the attempt number), never in a static field.
 */
public final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private final Random random;

    /**
     * @param initialMs delay cap of the first attempt
     * @param maxMs largest delay
     * @param random source of jitter
     */
    public Backoff(long initialMs, long maxMs, Random random) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /**
     * @param attempt the attempt about to be made after a failure, starting at 1
     * @return the delay in milliseconds
     */
    public long delayMs(int attempt) {
        long ceiling = ceilingMs(attempt);
        long half = ceiling / 2;
        return half + (long) (random.nextDouble() * (ceiling - half + 1));
    }

    /**
     * @param attempt the attempt number, starting at 1
     * @return the largest delay {@link #delayMs(int)} can return for it
     */
    public long ceilingMs(int attempt) {
        int shift = Math.max(0, Math.min(attempt - 1, 40)); // 2^40 x 100 ms is far beyond any cap
        long d = initialMs << shift;
        return d <= 0 || d > maxMs ? maxMs : d;
    }
}
