package io.kiipush.gateway.internal.results;

import java.util.List;

/** Read-only view of the command results for the {@code kii:status} shell command; never shows a secret. */
public interface ResultsDiagnostics {

    /**
     * @return one fact per line: counters (sent, pending, failed, rejected, retries), the outbox file, an outbox
     *         problem and the last failure when there are; cheap, safe to call from any thread
     */
    List<String> describe();
}
