package io.kiipush.gateway.internal.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single session thread as the state machine uses it: tasks and timers run one at a time, a throwing task is
 * logged instead of killing a timer, and once the executor is shut down new work is dropped quietly.
 */
final class SessionThread {

    private static final Logger logger = LoggerFactory.getLogger(SessionThread.class);

    private final ScheduledExecutorService executor;

    SessionThread(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Runs {@code task} on the session thread soon; dropped once stopping. */
    void post(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            logger.debug("Session stopped; dropping a late event");
        }
    }

    /** @return the timer, cancelled with {@link #cancel}; a done future once stopping */
    Future<?> schedule(long delayMs, Runnable task) {
        try {
            return executor.schedule(() -> guarded(task), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** @return a future done once {@code task} ran on the session thread (at once if stopping) */
    Future<?> submit(Runnable task) {
        try {
            return executor.submit(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    static void cancel(Future<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    // A throwing task would silently kill a periodic timer and leave the session stuck: log and carry on.
    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            logger.error("Unexpected error in the session state machine", t);
        }
    }
}
