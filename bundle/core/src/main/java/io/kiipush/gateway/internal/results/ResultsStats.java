package io.kiipush.gateway.internal.results;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters and the last failure of the command results, written by the results thread (and by callers for
 * refused input), read by {@code kii:status} from any thread.
 */
final class ResultsStats {

    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    volatile int pending;
    volatile String outboxProblem;
    private volatile String lastFailure;
    private volatile long lastFailureAt;

    void failure(String message, long now) {
        lastFailure = message;
        lastFailureAt = now;
    }

    String lastFailure() {
        return lastFailure;
    }

    /**
     * @param outboxFile the outbox file, {@code null} when in memory only
     * @return the lines {@code kii:status} shows
     */
    List<String> describe(Path outboxFile) {
        List<String> lines = new ArrayList<>();
        lines.add("sent " + sent.get() + ", pending " + pending + ", failed " + failed.get() + ", rejected "
                + rejected.get() + ", retries " + retries.get());
        lines.add("outbox " + (outboxFile == null ? "in memory only (no data directory)" : outboxFile));
        String problem = outboxProblem;
        if (problem != null) {
            lines.add("outbox problem: " + problem);
        }
        String last = lastFailure;
        if (last != null) {
            lines.add("last failure " + Instant.ofEpochMilli(lastFailureAt) + ": " + last);
        }
        return lines;
    }
}
