package io.kiipush.gateway.internal.recovery;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class WatermarkTest {

    private final Watermark mark = new Watermark(25_000);

    @Test
    public void nothingIsWrittenBeforeTheLinkWasAlive() {
        assertEquals(-1, mark.lastAlive());
        assertFalse(mark.due(mark.lastAlive(), 0, true));
    }

    @Test
    public void periodicWritesHappenAtMostOncePerInterval() {
        mark.alive(1000);
        assertTrue("the first value is written at once", mark.due(mark.lastAlive(), 1000, false));
        mark.written(1000, 1000);
        int writes = 1;
        for (long now = 2000; now <= 101_000; now += 1000) {
            mark.alive(now); // a packet every second
            if (mark.due(mark.lastAlive(), now, false)) {
                mark.written(mark.lastAlive(), now);
                writes++;
            }
        }
        assertEquals("100 s of traffic, one write per 25 s", 5, writes);
    }

    @Test
    public void aForcedWriteIgnoresTheIntervalButNotAnUnchangedValue() {
        mark.alive(1000);
        mark.written(1000, 1000);
        assertFalse("unchanged", mark.due(1000, 1001, true));
        mark.alive(1500);
        assertFalse(mark.due(1500, 1501, false));
        assertTrue(mark.due(1500, 1501, true));
    }

    @Test
    public void anOlderAliveTimeNeverMovesTheWatermarkBack() {
        mark.alive(5000);
        mark.alive(3000);
        assertEquals(5000, mark.lastAlive());
    }
}
