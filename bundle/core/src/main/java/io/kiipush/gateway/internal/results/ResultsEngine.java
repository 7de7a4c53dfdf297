package io.kiipush.gateway.internal.results;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.ActionResult;
import io.kiipush.gateway.CommandResultException;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * Sends command results to Kii: queues them in the {@link Outbox}, makes the action-results call on the results
 * thread (the single thread of the executor it is given, never the caller's), retries as {@link ResultsPolicy} says
 * and tells the caller and the status how it ended. Every outbox change is written before the next call.
 */
final class ResultsEngine {

    private static final Logger logger = LoggerFactory.getLogger(ResultsEngine.class);

    /** Far more than one command's results; keeps one entry from filling the outbox. */
    static final int MAX_BODY_CHARS = 64 * 1024;

    /** What a Kii command ID is made of; also keeps the ID from changing the request's path. */
    private static final Pattern COMMAND_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    private final ThingChannel channel;
    private final Outbox outbox;
    private final ScheduledExecutorService executor;
    private final ResultsPolicy policy;
    private final LongSupplier clock;
    /** Callers waiting per command; filled on the results thread, failed from the stopping thread. */
    private final Map<String, List<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    private final ResultsStats stats = new ResultsStats();
    private volatile boolean stopped;

    // Results thread only.
    private ScheduledFuture<?> nextDrain;

    /**
     * @param channel the onboarding's identity and Kii call
     * @param outbox the outbox (not loaded yet)
     * @param executor a single-threaded executor, owned by the caller
     * @param policy the retry policy
     * @param clock the time, ms since the epoch
     */
    ResultsEngine(ThingChannel channel, Outbox outbox, ScheduledExecutorService executor, ResultsPolicy policy,
            LongSupplier clock) {
        this.channel = channel;
        this.outbox = outbox;
        this.executor = executor;
        this.policy = policy;
        this.clock = clock;
    }

    /** Loads the outbox and sends what it holds, on the results thread. */
    void start() {
        submit(() -> {
            String problem = outbox.load();
            if (problem != null) {
                logger.error("Kii command results: {}", problem);
                noteFailure(problem);
            }
            stats.pending = outbox.size();
            if (stats.pending > 0) {
                logger.info("Kii command results: {} command(s) in the outbox {} are sent again", stats.pending,
                        outbox.file());
            }
            drain();
        });
    }

    /**
     * @param commandId the command
     * @param results its results
     * @return completes when Kii accepted them, fails with a {@link CommandResultException}
     */
    CompletableFuture<Void> report(String commandId, List<ActionResult> results) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        String body;
        try {
            if (commandId == null || !COMMAND_ID.matcher(commandId).matches()) {
                throw new IllegalArgumentException(commandId == null || commandId.isEmpty()
                        ? "the command ID is missing" : "'" + ResultsJson.abbreviate(commandId) + "' is not a Kii "
                                + "command ID (letters, digits, . _ : -)");
            }
            body = ResultsJson.body(results);
            if (body.length() > MAX_BODY_CHARS) {
                throw new IllegalArgumentException("the results are " + body.length() + " characters of JSON, at most "
                        + MAX_BODY_CHARS);
            }
        } catch (IllegalArgumentException e) {
            stats.rejected.incrementAndGet();
            String message = "Kii command results for command " + commandId + " rejected: " + e.getMessage();
            logger.warn("{}", message);
            f.completeExceptionally(new CommandResultException(commandId, "INVALID_INPUT", 0, message));
            return f;
        }
        String why = channel.cannotAnswer();
        if (why != null) {
            stats.failed.incrementAndGet();
            String message = "the results of command " + commandId + " cannot be sent: " + why;
            noteFailure(message);
            logger.warn("Kii command results: {}", message);
            f.completeExceptionally(new CommandResultException(commandId, "IDENTITY_NOT_THING", 0, message));
            return f;
        }
        // Registered before the hand-off, so that a stop before the results thread ran it still answers the caller.
        waiting.computeIfAbsent(commandId, k -> new CopyOnWriteArrayList<>()).add(f);
        if (!submit(() -> enqueue(commandId, body, f))) {
            forget(commandId, f);
            f.completeExceptionally(stoppedException(commandId));
        }
        return f;
    }

    /** Counts and logs bad input that never became a report (the EventAdmin topic). */
    void rejectedEvent(String message) {
        stats.rejected.incrementAndGet();
        logger.warn("Kii command results event rejected: {}", message);
    }

    /** The identity or its settings changed: everything waiting is tried again now. */
    void wake() {
        submit(() -> {
            for (Outbox.Entry e : outbox.entries()) {
                e.notBefore = 0;
            }
            drain();
        });
    }

    /** Stops sending; the caller then stops the executor and calls {@link #failWaiting()}. */
    void stop() {
        stopped = true;
    }

    /** Fails every caller still waiting with {@code STOPPED}: their results stay in the outbox. */
    void failWaiting() {
        for (Map.Entry<String, List<CompletableFuture<Void>>> e : waiting.entrySet()) {
            for (CompletableFuture<Void> f : e.getValue()) {
                f.completeExceptionally(stoppedException(e.getKey()));
            }
        }
        waiting.clear();
    }

    /** @return the status lines {@code kii:status} shows */
    List<String> describe() {
        return stats.describe(outbox.file());
    }

    long sent() {
        return stats.sent.get();
    }

    long failed() {
        return stats.failed.get();
    }

    long rejected() {
        return stats.rejected.get();
    }

    int pending() {
        return stats.pending;
    }

    String lastFailure() {
        return stats.lastFailure();
    }

    // ------------------------------------------------------------------ results thread

    private void enqueue(String commandId, String body, CompletableFuture<Void> f) {
        Outbox.Entry previous;
        try {
            previous = outbox.add(new Outbox.Entry(commandId, body, clock.getAsLong()));
        } catch (Outbox.FullException e) {
            stats.failed.incrementAndGet();
            String message = "the results of command " + commandId + " were not queued: " + e.getMessage();
            noteFailure(message);
            logger.warn("Kii command results: {}", message);
            forget(commandId, f);
            f.completeExceptionally(new CommandResultException(commandId, "OUTBOX_FULL", 0, message));
            return;
        }
        if (previous != null) {
            List<CompletableFuture<Void>> earlier = new ArrayList<>(waiting.getOrDefault(commandId,
                    new ArrayList<>()));
            earlier.remove(f);
            for (CompletableFuture<Void> old : earlier) {
                forget(commandId, old);
                old.completeExceptionally(new CommandResultException(commandId, "SUPERSEDED", 0, "newer results "
                        + "were reported for command " + commandId + " before these were sent; Kii gets the newer ones"));
            }
        }
        persist();
        drain();
    }

    private void drain() {
        if (nextDrain != null) {
            nextDrain.cancel(false);
            nextDrain = null;
        }
        List<Outbox.Entry> entries = outbox.entries();
        for (Outbox.Entry e : entries) {
            if (stopped) {
                return;
            }
            if (e.notBefore <= clock.getAsLong() && !attempt(e)) {
                // Kii unreachable, overloaded or refusing the token: the others wait as long, in order, rather than
                // each paying a timeout now.
                for (Outbox.Entry other : entries) {
                    other.notBefore = Math.max(other.notBefore, e.notBefore);
                }
                break;
            }
        }
        stats.pending = outbox.size();
        long next = Long.MAX_VALUE;
        for (Outbox.Entry e : outbox.entries()) {
            next = Math.min(next, e.notBefore);
        }
        if (next != Long.MAX_VALUE && !stopped) {
            long delay = Math.max(0, next - clock.getAsLong());
            try {
                nextDrain = executor.schedule(this::drain, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                nextDrain = null; // stopping
            }
        }
    }

    /** @return false when the entry is to be retried later, true when it is settled (sent or given up) */
    private boolean attempt(Outbox.Entry e) {
        String why = channel.cannotAnswer();
        if (why != null) {
            giveUp(e, "IDENTITY_NOT_THING", 0, "the results of command " + e.commandId + " cannot be sent: " + why);
            return true;
        }
        ThingChannel.Reply reply;
        try {
            reply = channel.putActionResults(e.commandId, e.body);
        } catch (OnboardingException ex) {
            retry(e, ex.getMessage());
            return false;
        } catch (RuntimeException ex) {
            retry(e, "unexpected failure " + ex);
            return false;
        }
        switch (ResultsPolicy.of(reply)) {
            case SENT:
                outbox.remove(e.commandId);
                persist();
                stats.sent.incrementAndGet();
                logger.info("Kii command results of command {} accepted by Kii", e.commandId);
                complete(e.commandId, null);
                break;
            case RETRY:
                retry(e, "Kii answered " + reply);
                return false;
            default:
                giveUp(e, reply.errorCode == null ? "HTTP_" + reply.status : reply.errorCode, reply.status,
                        "Kii refused the results of command " + e.commandId + " (" + reply + ")" + hint(reply));
                break;
        }
        return true;
    }

    private static String hint(ThingChannel.Reply reply) {
        if (reply.status == 404) {
            return ": no such command for this thing (wrong command ID, or another thing's command)";
        }
        if (reply.status == 400) {
            return ": Kii does not accept this body; check the action names and fields";
        }
        if (reply.status == 403) {
            return ": only the thing itself may answer its commands";
        }
        return "";
    }

    private void retry(Outbox.Entry e, String why) {
        e.attempts++;
        stats.retries.incrementAndGet();
        long delay = policy.retryDelayMs(e.attempts);
        e.notBefore = clock.getAsLong() + delay;
        noteFailure("the results of command " + e.commandId + " are not sent yet: " + why);
        if (e.attempts == 1) {
            logger.warn("Kii command results of command {} not sent yet ({}); retried with backoff, kept in the outbox",
                    e.commandId, why);
        } else {
            logger.debug("Kii command results of command {}: attempt {} failed ({}); next in {} ms", e.commandId,
                    e.attempts, why, delay);
        }
    }

    private void giveUp(Outbox.Entry e, String code, int status, String message) {
        outbox.remove(e.commandId);
        persist();
        stats.failed.incrementAndGet();
        noteFailure(message);
        logger.warn("Kii command results: {}; given up", message);
        complete(e.commandId, new CommandResultException(e.commandId, code, status, message));
    }

    private void complete(String commandId, CommandResultException failure) {
        List<CompletableFuture<Void>> futures = waiting.remove(commandId);
        if (futures == null) {
            return;
        }
        for (CompletableFuture<Void> f : futures) {
            if (failure == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(failure);
            }
        }
    }

    private void forget(String commandId, CompletableFuture<Void> f) {
        waiting.computeIfPresent(commandId, (k, list) -> {
            list.remove(f);
            return list.isEmpty() ? null : list;
        });
    }

    private void persist() {
        stats.pending = outbox.size();
        try {
            outbox.save();
            if (stats.outboxProblem != null) {
                logger.info("Kii command results outbox {} written again", outbox.file());
                stats.outboxProblem = null;
            }
        } catch (IOException | RuntimeException e) {
            String problem = "cannot write " + outbox.file() + " (" + e + "); results are kept in memory until it "
                    + "can be written, check the onboarding's data directory";
            if (!problem.equals(stats.outboxProblem)) {
                logger.warn("Kii command results: {}", problem);
            }
            stats.outboxProblem = problem;
        }
    }

    private void noteFailure(String message) {
        stats.failure(message, clock.getAsLong());
    }

    private boolean submit(Runnable task) {
        if (stopped) {
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    logger.error("Kii command results: unexpected failure on the results thread", e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static CommandResultException stoppedException(String commandId) {
        return new CommandResultException(commandId, "STOPPED", 0, "the gateway's results service stopped before "
                + "the results of command " + commandId + " were sent; they stay in the outbox and are sent after the "
                + "next start");
    }
}
