package io.kiipush.demo.consumer;

import static org.junit.Assert.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.osgi.service.event.Event;

/** The one-line form of each kind of event the gateway posts, built from real {@link Event} objects. */
public class PushEventLoggerTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(10);

    @Test
    public void aBucketEventNamesBucketObjectAndDataFieldsInOrder() {
        Map<String, Object> p = new HashMap<>();
        p.put("kii.kind", "BUCKET_EVENT");
        p.put("kii.seq", 3L);
        p.put("kii.bucketID", "sensors");
        p.put("kii.objectID", "obj-1");
        p.put("kii.type", "DATA_OBJECT_CREATED");
        p.put("kii.raw", "{}");
        p.put("kii.data.temperature", 21.5);
        p.put("kii.data.humidity", 40L);
        Event e = new Event("io/kiipush/gateway/push/BUCKET_EVENT/DATA_OBJECT_CREATED", p);
        assertEquals("push/BUCKET_EVENT/DATA_OBJECT_CREATED #3 bucket=sensors object=obj-1 data: humidity=40, temperature=21.5",
                PushEventLogger.describe(e));
    }

    @Test
    public void aCommandShowsItsIdIssuerAndActions() {
        Map<String, Object> p = new HashMap<>();
        p.put("kii.seq", 7L);
        p.put("kii.commandID", "cmd-9");
        p.put("kii.issuer", "user:u1");
        p.put("kii.actions", "[{\"turnPower\":{\"power\":true}}]");
        assertEquals("push/COMMAND #7 command=cmd-9 issuer=user:u1 actions=[{\"turnPower\":{\"power\":true}}]",
                PushEventLogger.describe(new Event("io/kiipush/gateway/push/COMMAND", p)));
    }

    @Test
    public void aGapShowsReasonLengthAndWhatWasRecoveredAndRecoveredEventsAreMarked() {
        Map<String, Object> p = new HashMap<>();
        p.put("kii.gap.start", 1000L);
        p.put("kii.gap.end", 6500L);
        p.put("kii.gap.reason", "RECONNECT");
        p.put("kii.gap.catchUp", "COMPLETE");
        p.put("kii.gap.recoveredObjects", 4L);
        p.put("kii.gap.recoveredCommands", 1L);
        p.put("kii.gap.duplicates", 0L);
        assertEquals("session/GAP RECONNECT of 5500 ms, catch-up COMPLETE: recovered 4 object event(s), 1 command(s), "
                + "0 duplicate(s) dropped", PushEventLogger.describe(new Event("io/kiipush/gateway/session/GAP", p)));

        Map<String, Object> c = new HashMap<>();
        c.put("kii.seq", 0L);
        c.put("kii.recovered", Boolean.TRUE);
        c.put("kii.commandID", "cmd-9");
        assertEquals("push/COMMAND #0 recovered command=cmd-9",
                PushEventLogger.describe(new Event("io/kiipush/gateway/push/COMMAND", c)));
    }

    @Test
    public void aStateChangeShowsTransitionBrokerAttemptAndError() {
        Map<String, Object> p = new HashMap<>();
        p.put("kii.state", "BACKING_OFF");
        p.put("kii.previousState", "CONNECTING");
        p.put("kii.attempt", 2);
        p.put("kii.broker", "ssl://localhost:8883");
        p.put("kii.error", "connection refused");
        p.put("kii.errorKind", "TRANSIENT");
        assertEquals("session/STATE_CHANGED CONNECTING -> BACKING_OFF broker=ssl://localhost:8883 attempt=2 "
                + "error [TRANSIENT] connection refused",
                PushEventLogger.describe(new Event("io/kiipush/gateway/session/STATE_CHANGED", p)));

        Map<String, Object> first = new HashMap<>();
        first.put("kii.state", "ONBOARDING");
        first.put("kii.previousState", "STOPPED");
        first.put("kii.attempt", 0);
        assertEquals("session/STATE_CHANGED STOPPED -> ONBOARDING",
                PushEventLogger.describe(new Event("io/kiipush/gateway/session/STATE_CHANGED", first)));
    }

    @Test
    public void aMalformedPayloadShowsReasonAndSize() {
        Map<String, Object> p = new HashMap<>();
        p.put("kii.reason", "not a JSON object");
        p.put("kii.size", 5);
        p.put("kii.receivedAt", 1L);
        assertEquals("session/MALFORMED payload rejected: not a JSON object (5 bytes)",
                PushEventLogger.describe(new Event("io/kiipush/gateway/session/MALFORMED", p)));
    }

    @Test
    public void theDumpListsTopicAndEveryPropertySorted() {
        Map<String, Object> p = new HashMap<>();
        p.put("kii.topic", "alerts");
        p.put("kii.data.level", "high");
        p.put("kii.seq", 4L);
        // Event adds event.topics itself
        assertEquals("io/kiipush/gateway/push/TOPIC_MESSAGE {event.topics=io/kiipush/gateway/push/TOPIC_MESSAGE, "
                + "kii.data.level=high, kii.seq=4, kii.topic=alerts}",
                PushEventLogger.dump(new Event("io/kiipush/gateway/push/TOPIC_MESSAGE", p)));
    }

    @Test
    public void linesOfAnotherConnectionSayWhoseTheyAre() {
        Map<String, Object> p = new HashMap<>();
        p.put("kii.seq", 3L);
        p.put("kii.topic", "alerts");
        p.put("kii.connection", "io.kiipush.gateway.KiiConnection-user");
        assertEquals("[KiiConnection-user] push/TOPIC_MESSAGE #3 topic=alerts",
                PushEventLogger.describe(new Event("io/kiipush/gateway/push/TOPIC_MESSAGE", p)));
        p.put("kii.connection", "io.kiipush.gateway.PushSession");
        assertEquals("the default connection's lines stay as they were", "push/TOPIC_MESSAGE #3 topic=alerts",
                PushEventLogger.describe(new Event("io/kiipush/gateway/push/TOPIC_MESSAGE", p)));
    }
}
