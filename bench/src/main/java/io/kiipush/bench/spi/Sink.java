package io.kiipush.bench.spi;

/** Receives measurements from inside the framework. Implementations must be fast and thread-safe. */
public interface Sink {

    /**
     * One push notification reached the EventHandler.
     *
     * @param receivedNanos {@link System#nanoTime()} taken first thing in {@code handleEvent}
     * @param sentNanos the publisher's {@link System#nanoTime()} embedded in the payload
     */
    void message(long receivedNanos, long sentNanos);

    /**
     * A {@code session/STATE_CHANGED} event reached the probe.
     *
     * @param receivedNanos when it arrived
     * @param state the new state
     * @param previous the previous state
     */
    void state(long receivedNanos, String state, String previous);
}
