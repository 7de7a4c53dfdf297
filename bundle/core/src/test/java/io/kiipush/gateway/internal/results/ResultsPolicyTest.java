package io.kiipush.gateway.internal.results;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;

import io.kiipush.gateway.internal.results.ResultsPolicy.Verdict;
import io.kiipush.gateway.internal.session.Backoff;

public class ResultsPolicyTest {

    private static Verdict of(int status, String code) {
        return ResultsPolicy.of(new ThingChannel.Reply(status, code, null));
    }

    @Test
    public void acceptedRetriedAndGivenUp() {
        assertEquals(Verdict.SENT, of(204, null));
        assertEquals(Verdict.SENT, of(200, null));
        for (int status : new int[] { 408, 429, 500, 502, 503, 504, 401 }) {
            assertEquals("HTTP " + status, Verdict.RETRY, of(status, null));
        }
        assertEquals("a refused token is renewed by the onboarding", Verdict.RETRY, of(403, "WRONG_TOKEN"));
        assertEquals(Verdict.PERMANENT, of(404, "COMMAND_NOT_FOUND"));
        assertEquals(Verdict.PERMANENT, of(404, null));
        assertEquals(Verdict.PERMANENT, of(400, "INVALID_INPUT_DATA"));
        assertEquals("another thing's command", Verdict.PERMANENT, of(403, "THING_NOT_ALLOWED"));
        assertEquals(Verdict.PERMANENT, of(409, null));
        assertEquals("a redirect is not followed", Verdict.PERMANENT, of(302, null));
    }

    @Test
    public void retriesBackOffExponentiallyWithJitterUpToTheCap() {
        ResultsPolicy p = new ResultsPolicy(new Backoff(1000, 300_000, new Random(7)));
        long previousCeiling = 0;
        for (int attempt = 1; attempt <= 12; attempt++) {
            long ceiling = Math.min(300_000, 1000L << (attempt - 1));
            for (int i = 0; i < 50; i++) {
                long d = p.retryDelayMs(attempt);
                assertTrue("attempt " + attempt + ": " + d, d >= ceiling / 2 && d <= ceiling);
            }
            assertTrue(ceiling >= previousCeiling);
            previousCeiling = ceiling;
        }
        assertEquals(300_000, previousCeiling);
    }
}
