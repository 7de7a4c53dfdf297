package io.kiipush.gateway.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;

public class ConsoleModelTest {

    @Test
    public void oneViewPerSessionSortedByConnectionWithItsRecentNotifications() {
        RecentNotifications recent = new RecentNotifications(5);
        recent.add("b", new RecentNotification(1, "COMMAND", null, "command c1", false, "{}"));
        List<ConnectionView> views = new ConsoleModel(recent).views(
                Arrays.asList(FakeSession.connected("c"), FakeSession.connected("a"), FakeSession.connected("b")));
        assertEquals(3, views.size());
        assertEquals("a", views.get(0).connection());
        assertEquals("b", views.get(1).connection());
        assertEquals("c", views.get(2).connection());
        assertEquals(1, views.get(1).recent().size());
        assertTrue(views.get(0).recent().isEmpty());
    }

    @Test
    public void aSessionWhoseStatusFailsIsShownAsUnavailable() {
        FakeSession gone = FakeSession.connected("gone");
        gone.statusFailure = new IllegalStateException("service unregistered");
        ConnectionView v = new ConsoleModel(new RecentNotifications(1)).views(Arrays.asList(gone)).get(0);
        assertNull(v.status());
        assertTrue(v.unavailable(), v.unavailable().contains("service unregistered"));
    }
}
