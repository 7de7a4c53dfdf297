package io.kiipush.gateway.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.Test;

public class BackoffTest {

    @Test
    public void doublesFromTheInitialDelayUpToTheCap() {
        Backoff b = new Backoff(1000, 30_000, new Random(1));
        assertEquals(1000, b.ceilingMs(1));
        assertEquals(2000, b.ceilingMs(2));
        assertEquals(16_000, b.ceilingMs(5));
        assertEquals(30_000, b.ceilingMs(6));
        assertEquals(30_000, b.ceilingMs(1000));
        assertEquals("no overflow for absurd attempt numbers", 30_000, b.ceilingMs(Integer.MAX_VALUE));
    }

    @Test
    public void jitterStaysWithinTheUpperHalfAndActuallyVaries() {
        Backoff b = new Backoff(1000, 120_000, new Random(3));
        for (int attempt = 1; attempt < 20; attempt++) {
            Set<Long> seen = new HashSet<>();
            long ceiling = b.ceilingMs(attempt);
            for (int i = 0; i < 200; i++) {
                long d = b.delayMs(attempt);
                assertTrue(d + " for attempt " + attempt, d >= ceiling / 2 && d <= ceiling);
                seen.add(d);
            }
            assertTrue("jitter spreads the delays", seen.size() > 50);
        }
    }
}
