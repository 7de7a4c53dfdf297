package io.kiipush.gateway.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;

public class RecentNotificationsTest {

    private static RecentNotification n(int i) {
        return new RecentNotification(i, "TOPIC_MESSAGE", null, "topic t", false, "{\"i\":" + i + "}");
    }

    @Test
    public void keepsTheNewestPerConnectionNewestFirst() {
        RecentNotifications recent = new RecentNotifications(3);
        for (int i = 1; i <= 5; i++) {
            recent.add("a", n(i));
        }
        recent.add("b", n(9));
        List<RecentNotification> a = recent.of("a");
        assertEquals(3, a.size());
        assertEquals(5, a.get(0).receivedAt());
        assertEquals(3, a.get(2).receivedAt());
        assertEquals(1, recent.of("b").size());
        assertTrue(recent.of("unknown").isEmpty());
    }

    @Test
    public void forgetDropsAConnectionsRing() {
        RecentNotifications recent = new RecentNotifications(3);
        recent.add("a", n(1));
        recent.forget("a");
        assertTrue(recent.of("a").isEmpty());
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesAnEmptyRing() {
        new RecentNotifications(0);
    }

    @Test
    public void summaryNamesWhatTheNotificationIsAboutAndCutsLongPayloads() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "DATA_OBJECT_CREATED");
        fields.put("bucketID", "sensors");
        fields.put("objectID", "o1");
        StringBuilder raw = new StringBuilder("{\"x\":\"");
        for (int i = 0; i < 2000; i++) {
            raw.append('y');
        }
        raw.append("\"}");
        PushNotification p = new PushNotification(NotificationKind.BUCKET_EVENT, fields, raw.toString(), 42L, 1L, true, "conn");
        RecentNotification r = RecentNotification.of(p);
        assertEquals("BUCKET_EVENT", r.kind());
        assertEquals("DATA_OBJECT_CREATED", r.type());
        assertEquals("bucket sensors / object o1", r.subject());
        assertTrue(r.recovered());
        assertTrue(r.rawCut());
        assertEquals(RecentNotification.MAX_RAW_CHARS, r.raw().length());

        PushNotification small = new PushNotification(NotificationKind.TOPIC_MESSAGE, Collections.singletonMap("topic", "alerts"),
                "{}", 1L, 2L, false, "conn");
        RecentNotification s = RecentNotification.of(small);
        assertEquals("topic alerts", s.subject());
        assertEquals("", s.type());
        assertFalse(s.rawCut());
    }
}
