package io.kiipush.gateway.internal.recovery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.Gap;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * The catch-up of one gap window: every subscribed bucket is queried page by page for objects modified in the
 * window, then (for a thing) the command list is read page by page for commands created in the window and still
 * {@code SENDING}; everything found is handed to the {@link RecoverySink}, then the gap itself. One page per task on
 * the catch-up thread, so a stop takes effect between pages. Transient failures are retried with exponential backoff;
 * a source that still fails is counted, reported and skipped, and the gap is then {@link Gap.CatchUp#INCOMPLETE}.
 */
final class CatchUpRun {

    private static final Logger logger = LoggerFactory.getLogger(CatchUpRun.class);

    /**
     * Kii's clock and ours may differ: the window is widened by this much on both sides, but never back past the SUBACK
     * of the link that went down (duplicates are dropped).
     */
    static final long SKEW_MARGIN_MS = 5_000;
    static final int MAX_RETRIES = 5;
    static final long MAX_RETRY_DELAY_MS = 60_000;
    static final long BACKLOG_WAIT_MS = 20;
    private static final int MAX_PAGES = 100_000;

    /** One thing to read: a bucket, or the command list. */
    private interface Source {
        KiiRecords.Page fetch(String key) throws OnboardingException;

        void deliver(List<JsonObject> items);

        String describe();
    }

    private final GapTally tally;
    private final KiiRecords records;
    private final KiiRecords.Targets targets;
    private final int pageSize;
    private final RecoverySink sink;
    private final CatchUpFailures failures;
    private final ScheduledExecutorService executor;
    private final long retryBaseMs;
    private final Runnable done;
    private final List<Source> sources = new ArrayList<>();
    private final long from;
    private final long to;

    private int index;
    private String key;
    private int pages;
    private int retries;
    private boolean incomplete;
    private volatile boolean stopped;

    CatchUpRun(GapTally tally, KiiRecords records, KiiRecords.Targets targets, int pageSize, RecoverySink sink,
            CatchUpFailures failures, ScheduledExecutorService executor, long retryBaseMs, Runnable done) {
        this.tally = tally;
        this.records = records;
        this.targets = targets;
        this.pageSize = pageSize;
        this.sink = sink;
        this.failures = failures;
        this.executor = executor;
        this.retryBaseMs = retryBaseMs;
        this.done = done;
        this.from = tally.window().from(SKEW_MARGIN_MS);
        this.to = tally.window().end + SKEW_MARGIN_MS;
        for (Subscription bucket : targets.buckets) {
            sources.add(new BucketSource(bucket));
        }
        if (targets.thingId() != null) {
            sources.add(new CommandSource());
        }
    }

    /** Starts with the first page (call on the catch-up thread). */
    void start() {
        logger.info("Catching up {} source(s) for the gap {}", sources.size(), tally.window());
        step();
    }

    /** Stops after the page in progress; the gap is not reported. */
    void stop() {
        stopped = true;
    }

    private void step() {
        if (stopped) {
            return;
        }
        if (index >= sources.size()) {
            finish();
            return;
        }
        // Recovered notifications share the hand-off with live pushes: never let them pile up ahead of them.
        if (sink.recoveredBacklog() > 2 * pageSize) {
            later(BACKLOG_WAIT_MS);
            return;
        }
        Source source = sources.get(index);
        try {
            KiiRecords.Page page = source.fetch(key);
            retries = 0;
            source.deliver(page.items);
            pages++;
            if (page.next == null || page.next.isEmpty() || page.next.equals(key) || pages >= MAX_PAGES) {
                nextSource();
            } else {
                key = page.next;
            }
            later(0);
        } catch (OnboardingException e) {
            failed(source, e.getKind(), e.getMessage());
        } catch (RuntimeException e) {
            failed(source, ErrorKind.TRANSIENT, "unexpected answer: " + e);
        }
    }

    private void failed(Source source, ErrorKind kind, String message) {
        if (kind == ErrorKind.TRANSIENT && retries < MAX_RETRIES) {
            long delay = Math.min(MAX_RETRY_DELAY_MS, retryBaseMs << retries);
            retries++;
            logger.debug("Catch-up of {} failed ({}); retry {} in {} ms", source.describe(), message, retries, delay);
            later(delay);
            return;
        }
        failures.failed(kind, "catch-up of " + source.describe() + ": " + message);
        logger.warn("Catch-up of {} failed: {} [{}]; notifications of the gap {} may be missing", source.describe(),
                message, kind, tally.window());
        incomplete = true;
        nextSource();
        later(0);
    }

    private void nextSource() {
        index++;
        key = null;
        pages = 0;
        retries = 0;
    }

    private void finish() {
        tally.outcome(incomplete ? Gap.CatchUp.INCOMPLETE : Gap.CatchUp.COMPLETE);
        sink.gap(tally);
        done.run();
    }

    private void later(long delayMs) {
        try {
            if (delayMs <= 0) {
                executor.execute(this::step);
            } else {
                executor.schedule(this::step, delayMs, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            stopped = true; // stopping: the persisted watermark still covers this window
        }
    }

    private final class BucketSource implements Source {
        private final Subscription bucket;

        BucketSource(Subscription bucket) {
            this.bucket = bucket;
        }

        @Override
        public KiiRecords.Page fetch(String k) throws OnboardingException {
            return records.queryBucket(bucket, targets, from, to, pageSize, k);
        }

        @Override
        public void deliver(List<JsonObject> items) {
            for (JsonObject o : items) {
                byte[] payload = RecoveredPayloads.objectEvent(o, bucket, targets, sink.maxPayloadBytes());
                if (payload == null) {
                    logger.warn("Catch-up of {}: Kii returned an object without _id or _modified; skipped",
                            describe());
                } else {
                    sink.recovered(payload, tally);
                }
            }
        }

        @Override
        public String describe() {
            return "bucket " + bucket;
        }
    }

    private final class CommandSource implements Source {
        @Override
        public KiiRecords.Page fetch(String k) throws OnboardingException {
            return records.listCommands(targets, pageSize, k);
        }

        @Override
        public void deliver(List<JsonObject> items) {
            for (JsonObject c : items) {
                if (waiting(c)) {
                    byte[] payload = RecoveredPayloads.command(c);
                    if (payload != null) {
                        sink.recovered(payload, tally);
                    }
                }
            }
        }

        // Created inside the window and still waiting for its results; a command without a state is kept.
        private boolean waiting(JsonObject c) {
            Long created = RecoveredPayloads.number(c, "createdAt");
            String state = RecoveredPayloads.string(c, "commandState");
            return created != null && created >= from && created <= to && (state == null || "SENDING".equals(state));
        }

        @Override
        public String describe() {
            return "the commands of thing " + targets.ownerId;
        }
    }
}
