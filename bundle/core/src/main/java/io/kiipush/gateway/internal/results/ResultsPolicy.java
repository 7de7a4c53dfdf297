package io.kiipush.gateway.internal.results;

import java.util.Locale;

import io.kiipush.gateway.internal.session.Backoff;

/**
 * What to do after each answer to the action-results call: done, retry later (with {@link Backoff}) or give up.
 * Retried: HTTP 408, 429, 5xx, and a refused token (401, 403 with a token error code), which the onboarding renews;
 * network failures are retried too (classified by the failure classifier before they get here). Given up: every
 * other answer, such as 404 {@code COMMAND_NOT_FOUND} (the command does not exist for this thing) or 400 (Kii
 * refuses the body), since sending the same request again cannot change them.
 */
final class ResultsPolicy {

    /** The verdict on one answer. */
    enum Verdict {
        SENT, RETRY, PERMANENT
    }

    private final Backoff backoff;

    /** @param backoff delays between attempts of one command's results */
    ResultsPolicy(Backoff backoff) {
        this.backoff = backoff;
    }

    /**
     * @param reply Kii's answer
     * @return the verdict
     */
    static Verdict of(ThingChannel.Reply reply) {
        int s = reply.status;
        if (s >= 200 && s < 300) {
            return Verdict.SENT;
        }
        if (s == 408 || s == 429 || s >= 500 || s == 401) {
            return Verdict.RETRY;
        }
        if (s == 403 && reply.errorCode != null && reply.errorCode.toUpperCase(Locale.ROOT).contains("TOKEN")) {
            return Verdict.RETRY;
        }
        return Verdict.PERMANENT;
    }

    /**
     * @param attempt the attempt that just failed, starting at 1
     * @return milliseconds to wait before the next one
     */
    long retryDelayMs(int attempt) {
        return backoff.delayMs(attempt);
    }
}
