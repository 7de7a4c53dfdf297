package io.kiipush.emulator;

import java.time.Duration;

/** A running stream or burst from the {@link LoadGenerator}. Thread-safe. */
public interface LoadRun {

    /** @return the run's ID (for the admin endpoint) */
    String id();

    /** @return the MQTT topic it publishes to */
    String topic();

    /** @return messages handed to the broker so far */
    long sent();

    /** @return messages it will send in total */
    long target();

    /** @return true once all messages were sent or the run was cancelled */
    boolean isDone();

    /** Stops the run; messages already sent stay sent. */
    void cancel();

    /**
     * Waits for the run to finish.
     *
     * @param timeout maximum wait
     * @return true if it finished in time
     * @throws InterruptedException if interrupted
     */
    boolean await(Duration timeout) throws InterruptedException;
}
