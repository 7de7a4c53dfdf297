package io.kiipush.gateway.kura.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named thread per connection that calls Kura's listeners (subscribers and connection listeners) in order.
 * Kura Wires emits synchronously (a DB store may block), so these calls never run on the session's dispatch thread.
 * The queue is bounded: when a listener is stuck long enough to fill it, further calls are dropped and counted.
 */
public final class DeliveryQueue {

    /** How many calls may wait; at a few hundred bytes each, a few MB at most. */
    public static final int CAPACITY = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);

    private final ThreadPoolExecutor executor;
    private final String name;
    private final AtomicLong dropped = new AtomicLong();

    /** @param name the thread's name, {@code kii-kura-<connection>} */
    public DeliveryQueue(String name) {
        this.name = name;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<Runnable>(CAPACITY),
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * @param call a listener call; what it throws is logged, never passed on
     * @return false if the queue was full or stopped and the call was dropped
     */
    public boolean submit(Runnable call) {
        try {
            executor.execute(() -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    LOG.warn("A Kura listener of {} threw: {}", name, e.toString());
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.warn("{}: Kura listeners are not keeping up ({} calls waiting), {} dropped so far", name,
                        CAPACITY, n);
            }
            return false;
        }
    }

    /** @return how many calls were dropped */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Stops the thread after the current call; waiting calls are discarded.
     *
     * @param waitMs how long to wait for the thread to end
     * @return whether it ended
     */
    public boolean stop(long waitMs) {
        executor.shutdownNow();
        try {
            return executor.awaitTermination(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
