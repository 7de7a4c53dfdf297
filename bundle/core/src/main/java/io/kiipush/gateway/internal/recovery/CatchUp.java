package io.kiipush.gateway.internal.recovery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.Gap;
import io.kiipush.gateway.internal.util.NamedThreadFactory;

/**
 * Gaps and catch-up for one push session: hears when links subscribe, stay alive and go down (from the session
 * thread, never blocking it), keeps the last-alive watermark in the state file, turns each gap into a
 * {@link CatchUpRun} (one at a time, in order) and hands the result to the {@link RecoverySink}. Owns the
 * {@code kii-catchup} thread, which runs only while there is work and ends in {@link #stop(long)}.
 */
public final class CatchUp {

    private static final Logger logger = LoggerFactory.getLogger(CatchUp.class);

    /** Shortest time between two periodic writes of the watermark. */
    public static final long WATERMARK_INTERVAL_MS = 25_000;
    /** First retry delay after a transient catch-up failure; doubled per retry. */
    public static final long RETRY_BASE_MS = 1_000;
    private static final long IDLE_THREAD_MS = 1_000;

    private final KiiRecords records;
    private final RecoverySink sink;
    private final LongSupplier clock;
    private final long retryBaseMs;
    private final ScheduledThreadPoolExecutor executor;
    private final CatchUpFailures failures = new CatchUpFailures();
    private volatile CatchUpSettings settings;

    // ---- confined to the catch-up thread ----
    private final GapTracker tracker = new GapTracker();
    private final Watermark watermark;
    private final Deque<GapTally> waiting = new ArrayDeque<>();
    private GapTally current;
    private CatchUpRun run;
    private boolean stopped;

    /**
     * @param records Kii and the state file, for the current identity
     * @param sink the dispatcher
     * @param settings the initial settings
     * @param clock wall clock, ms
     * @param watermarkIntervalMs shortest time between periodic watermark writes
     * @param retryBaseMs first retry delay after a transient failure
     * @param threadName the name of the catch-up thread
     */
    public CatchUp(KiiRecords records, RecoverySink sink, CatchUpSettings settings, LongSupplier clock,
            long watermarkIntervalMs, long retryBaseMs, String threadName) {
        this.records = records;
        this.sink = sink;
        this.settings = settings;
        this.clock = clock;
        this.retryBaseMs = retryBaseMs;
        this.watermark = new Watermark(watermarkIntervalMs);
        this.executor = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory(threadName));
        executor.setKeepAliveTime(IDLE_THREAD_MS, TimeUnit.MILLISECONDS);
        executor.allowCoreThreadTimeOut(true); // most of the time there is nothing to catch up
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** @param next settings for the next gap */
    public void apply(CatchUpSettings next) {
        settings = next;
    }

    /** @return catch-up failures for the status */
    public CatchUpFailures failures() {
        return failures;
    }

    /**
     * A link subscribed (session thread; returns at once).
     *
     * @param identity who the link belongs to, e.g. {@code thing:th.1}
     * @param subackAt SUBACK time, ms since the epoch
     */
    public void linkUp(String identity, long subackAt) {
        post(() -> {
            GapWindow window = tracker.linkUp(identity, subackAt, this::persisted);
            watermark.alive(subackAt);
            if (window != null) {
                begin(window);
            }
            persist(true, subackAt);
        });
    }

    /** @param lastAliveAt the connected link was alive at this time (session thread; returns at once) */
    public void alive(long lastAliveAt) {
        post(() -> {
            watermark.alive(lastAliveAt);
            // The link's own times pace the periodic writes: they follow the link, not when this task ran.
            persist(false, lastAliveAt);
        });
    }

    /** @param lastAliveAt the connected link went down, last known alive then (session thread; returns at once) */
    public void linkDown(long lastAliveAt) {
        post(() -> {
            tracker.linkDown(lastAliveAt);
            watermark.alive(lastAliveAt);
            persist(true, lastAliveAt);
        });
    }

    /**
     * Writes the watermark a last time and ends the thread; a catch-up in progress stops after its current call, its
     * window stays covered by the persisted watermark.
     *
     * @param timeoutMs how long to wait for the thread
     */
    public void stop(long timeoutMs) {
        post(() -> {
            if (run != null) {
                run.stop();
            }
            persist(true, clock.getAsLong());
            stopped = true;
        });
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
                logger.warn("The catch-up thread did not end within {} ms", timeoutMs);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void begin(GapWindow window) {
        CatchUpSettings s = settings;
        Gap.Reason reason = window.afterRestart ? Gap.Reason.RESTART : Gap.Reason.RECONNECT;
        if (window.lengthMs() > s.getMaxWindowMs()) {
            logger.warn("Notifications may have been missed in the gap {}: longer than the catch-up maximum of {} s, "
                    + "nothing is recovered", window, s.getMaxWindowMs() / 1000);
            report(new GapTally(window, Gap.Reason.WINDOW_TOO_LONG), Gap.CatchUp.SKIPPED);
            return;
        }
        if (!s.isEnabled()) {
            logger.info("Notifications may have been missed in the gap {}; catch-up is off", window);
            report(new GapTally(window, reason), Gap.CatchUp.DISABLED);
            return;
        }
        waiting.add(new GapTally(window, reason));
        if (current == null) {
            next();
        }
    }

    private void next() {
        current = waiting.poll();
        run = null;
        if (current == null || stopped) {
            return;
        }
        KiiRecords.Targets targets;
        try {
            targets = records.targets();
        } catch (RuntimeException e) {
            targets = null;
        }
        if (targets == null) {
            failures.failed(ErrorKind.TRANSIENT, "catch-up of the gap " + current.window()
                    + ": the identity is not onboarded");
            report(current, Gap.CatchUp.INCOMPLETE);
            next();
            return;
        }
        GapTally tally = current;
        run = new CatchUpRun(tally, records, targets, settings.getPageSize(), sink, failures, executor, retryBaseMs,
                () -> {
                    logger.info("Catch-up of the gap {} done: {}", tally.window(), tally.outcome());
                    next();
                    persist(true, clock.getAsLong());
                });
        run.start();
    }

    private void report(GapTally tally, Gap.CatchUp outcome) {
        tally.outcome(outcome);
        sink.gap(tally);
    }

    // While a window is still to be caught up, its start is persisted instead: a restart then covers it again.
    private void persist(boolean force, long now) {
        long value = watermark.lastAlive();
        for (GapTally t : waiting) {
            value = Math.min(value, t.window().start);
        }
        if (current != null) {
            value = Math.min(value, current.window().start);
        }
        if (watermark.due(value, now, force)) {
            try {
                records.persistLastAlive(value);
                watermark.written(value, now);
            } catch (RuntimeException e) {
                logger.debug("Cannot persist the last-alive time: {}", e.toString());
            }
        }
    }

    private Long persisted() {
        try {
            return records.persistedLastAlive();
        } catch (RuntimeException e) {
            logger.debug("Cannot read the persisted last-alive time: {}", e.toString());
            return null;
        }
    }

    private void post(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    if (!stopped) {
                        task.run();
                    }
                } catch (Throwable t) {
                    logger.error("Unexpected error in catch-up", t);
                }
            });
        } catch (RejectedExecutionException e) {
            logger.debug("Catch-up stopped; dropping a late event");
        }
    }
}
