package io.kiipush.gateway.internal.recovery;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

public class GapTrackerTest {

    private final GapTracker tracker = new GapTracker();
    private final AtomicInteger persistedAsked = new AtomicInteger();

    private GapWindow up(String identity, long at, Long persisted) {
        return tracker.linkUp(identity, at, () -> {
            persistedAsked.incrementAndGet();
            return persisted;
        });
    }

    @Test
    public void theFirstLinkOfABrandNewIdentityHasNoGap() {
        assertNull(up("thing:th.1", 1000, null));
        assertEquals(1, persistedAsked.get());
    }

    @Test
    public void aReconnectReportsFromTheOldLinksLastAliveToTheNewSuback() {
        assertNull(up("thing:th.1", 1000, null));
        tracker.linkDown(5000);
        tracker.linkDown(7000); // a later down without an up in between carried no pushes
        GapWindow w = up("thing:th.1", 9000, 1L);
        assertEquals(5000, w.start);
        assertEquals(9000, w.end);
        assertFalse(w.afterRestart);
        assertEquals("widened for clock differences, but not back past the old link's SUBACK", 1000, w.from(5000));
        assertEquals(4000, w.from(1000));
        assertEquals("the persisted time is asked only for the first link", 1, persistedAsked.get());
    }

    @Test
    public void aLastAliveWidenedBackPastTheOldLinksSubackStartsAtThatSuback() {
        up("thing:th.1", 3000, null);
        tracker.linkDown(-4500); // 3000 - the session's dead-link time of 7500 ms
        GapWindow w = up("thing:th.1", 9000, 1L);
        assertEquals(3000, w.start);
    }

    @Test
    public void aStartThatReusesAPersistedIdentityReportsFromThePersistedTime() {
        GapWindow w = up("thing:th.1", 9000, 4000L);
        assertEquals(4000, w.start);
        assertEquals(9000, w.end);
        assertTrue(w.afterRestart);
        assertEquals("no SUBACK known from the previous run", -1000, w.from(5000));
    }

    @Test
    public void anotherIdentityStartsFromItsOwnPersistedTime() {
        up("thing:th.1", 1000, null);
        tracker.linkDown(2000);
        assertNull("brand-new second identity", up("user:u.2", 3000, null));
        tracker.linkDown(4000);
        GapWindow w = up("thing:th.1", 5000, 1500L);
        assertEquals(1500, w.start);
        assertTrue(w.afterRestart);
    }

    @Test
    public void aDownBeforeAnyUpIsIgnoredAndAnUpWithoutDownHasNoGap() {
        tracker.linkDown(100);
        assertNull(up("thing:th.1", 1000, null));
        assertNull(up("thing:th.1", 2000, null));
    }

    @Test
    public void aWindowNeverEndsBeforeItStarts() {
        up("thing:th.1", 1000, null);
        tracker.linkDown(5000);
        GapWindow w = up("thing:th.1", 4000, null);
        assertEquals(0, w.lengthMs());
    }
}
