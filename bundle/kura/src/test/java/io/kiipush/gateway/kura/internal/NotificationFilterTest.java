package io.kiipush.gateway.kura.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

public class NotificationFilterTest {

    @Rule
    public Timeout timeout = Timeout.seconds(10);

    @Test
    public void emptyOrMissingLetsEverythingThrough() {
        for (NotificationFilter f : new NotificationFilter[] { NotificationFilter.parse(null),
                NotificationFilter.parse(new HashMap<String, Object>()),
                NotificationFilter.parse(Map.of("kinds", "", "buckets", " , ", "topics", new String[0])) }) {
            assertTrue(f.matches(Notifications.bucketEvent("sensors")));
            assertTrue(f.matches(Notifications.topicMessage("alerts")));
            assertTrue(f.matches(Notifications.directPush()));
            assertTrue(f.matches(Notifications.command()));
        }
    }

    @Test
    public void kindsSelectKindsCaseInsensitiveAsStringListOrArray() {
        for (Object kinds : new Object[] { "bucket_event, COMMAND", List.of("BUCKET_EVENT", "command"),
                new String[] { "BUCKET_EVENT", "COMMAND" } }) {
            NotificationFilter f = NotificationFilter.parse(Map.of("kinds", kinds));
            assertTrue(f.matches(Notifications.bucketEvent("sensors")));
            assertTrue(f.matches(Notifications.command()));
            assertFalse(f.matches(Notifications.topicMessage("alerts")));
            assertFalse(f.matches(Notifications.directPush()));
        }
    }

    @Test
    public void bucketsRestrictBucketEventsOnlyAndTopicsTopicMessagesOnly() {
        NotificationFilter f = NotificationFilter.parse(Map.of("buckets", "sensors,alarms", "topics", "alerts"));
        assertTrue(f.matches(Notifications.bucketEvent("sensors")));
        assertTrue(f.matches(Notifications.bucketEvent("alarms")));
        assertFalse(f.matches(Notifications.bucketEvent("other")));
        assertTrue(f.matches(Notifications.topicMessage("alerts")));
        assertFalse(f.matches(Notifications.topicMessage("news")));
        assertTrue(f.matches(Notifications.directPush()));
        assertTrue(f.matches(Notifications.command()));
    }

    @Test
    public void anUnknownKindIsRejectedNamingTheFieldAndTheChoices() {
        try {
            NotificationFilter.parse(Map.of("kinds", "BUCKET_EVENT,PUSH"));
            fail("accepted PUSH");
        } catch (IllegalArgumentException e) {
            assertEquals("kinds: unknown kind 'PUSH'; use BUCKET_EVENT, TOPIC_MESSAGE, DIRECT_PUSH or COMMAND, or leave it"
                    + " empty for all", e.getMessage());
        }
    }

    @Test
    public void aValueOfTheWrongTypeIsRejectedNamingTheField() {
        try {
            NotificationFilter.parse(Map.of("buckets", 42));
            fail("accepted a number");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("buckets: expected a comma-separated string"));
        }
    }
}
