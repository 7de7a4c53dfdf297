package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;

/**
 * Scenario 2: every push kind (the seven bucket event types, topic message, direct push, Thing-IF command) arrives as
 * the documented OSGi event with the documented properties, and {@code event.filter} on bucket and topic works.
 */
public class PushKindsIT extends GatewayItest {

    private static final String BUCKET = "kinds-bucket";
    private static final String OTHER_BUCKET = "kinds-other";
    private static final String TOPIC = "kinds-topic";

    private Events all;
    private String thingId;
    private static int things;

    @Before
    public void connect() {
        all = listen(PushEvents.TOPIC_PUSH_ALL);
        kii.createTopic(TOPIC);
        // A thing of its own per test: the emulator (and its subscriptions) lives for the whole class.
        String vendorThingId = "it-kinds-" + (++things);
        thingId = kii.registerThing(vendorThingId, "kinds-pass").id;
        Map<String, Object> onboarding = Gateway.thing(kii, vendorThingId, "kinds-pass");
        onboarding.put("subscriptions.buckets", new String[] { BUCKET, OTHER_BUCKET });
        onboarding.put("subscriptions.topics", new String[] { TOPIC });
        gateway.configure(onboarding, Gateway.fastSession());
        gateway.awaitConnected();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gateway.subscriptions().list().stream()
                .filter(s -> s.getState() == SubscriptionStatus.State.SUBSCRIBED).count() == 3);
    }

    @Test(timeout = 90_000)
    public void theSevenBucketEventTypesArriveOnTheirTopicsWithTheDocumentedProperties() {
        String id = kii.createObject(BUCKET, Collections.singletonMap("temperature", 20));
        kii.replaceObject(BUCKET, id, Collections.singletonMap("temperature", 21));
        kii.uploadBody(BUCKET, id, "raw body");
        kii.deleteBody(BUCKET, id);
        kii.grantObjectAcl(BUCKET, id, "READ_EXISTING_OBJECT", "UserID:ANY_AUTHENTICATED_USER");
        kii.deleteObject(BUCKET, id);
        kii.createObject(BUCKET, Collections.singletonMap("keep", true));
        kii.deleteBucket(BUCKET);

        List<String> types = Arrays.asList("DATA_OBJECT_CREATED", "DATA_OBJECT_UPDATED", "DATA_OBJECT_BODY_UPDATED",
                "DATA_OBJECT_BODY_DELETED", "DATA_OBJECT_ACL_MODIFIED", "DATA_OBJECT_DELETED", "DATA_OBJECT_CREATED",
                "BUCKET_DELETED");
        List<Event> events = all.await(types.size(), e -> e.getTopic().startsWith(PushEvents.TOPIC_BUCKET_EVENT_PREFIX),
                Duration.ofSeconds(20));
        assertEquals("in receive order", types, events.stream().map(e -> e.getProperty(PushEvents.PROP_TYPE)).collect(Collectors.toList()));

        long previousSeq = 0;
        for (Event e : events) {
            String type = (String) e.getProperty(PushEvents.PROP_TYPE);
            assertEquals(PushEvents.TOPIC_BUCKET_EVENT_PREFIX + type, e.getTopic());
            assertEquals("BUCKET_EVENT", e.getProperty(PushEvents.PROP_KIND));
            assertEquals(BUCKET, e.getProperty(PushEvents.PROP_BUCKET_ID));
            assertEquals("rw", e.getProperty(PushEvents.PROP_BUCKET_TYPE));
            assertEquals("APP", e.getProperty(PushEvents.PROP_SCOPE_TYPE));
            assertEquals(kii.appId(), e.getProperty(PushEvents.PROP_SCOPE_APP_ID));
            assertEquals("EVENT", e.getProperty(PushEvents.PROP_ORIGIN));
            assertTrue(e.getProperty(PushEvents.PROP_RECEIVED_AT) instanceof Long);
            long seq = (Long) e.getProperty(PushEvents.PROP_SEQUENCE);
            assertTrue("sequence grows: " + previousSeq + " then " + seq, seq > previousSeq);
            previousSeq = seq;
            JsonObject raw = JsonParser.parseString((String) e.getProperty(PushEvents.PROP_RAW)).getAsJsonObject();
            assertEquals(type, raw.get("type").getAsString());
            if (type.equals("BUCKET_DELETED")) {
                assertNull("a bucket deletion names no object", e.getProperty(PushEvents.PROP_OBJECT_ID));
            } else {
                assertEquals(raw.get("objectID").getAsString(), e.getProperty(PushEvents.PROP_OBJECT_ID));
            }
            if (raw.has("when")) {
                assertEquals(raw.get("when").getAsLong(), e.getProperty(PushEvents.PROP_WHEN));
            }
        }
        assertEquals(id, events.get(0).getProperty(PushEvents.PROP_OBJECT_ID));
        SessionStatus status = gateway.session().getStatus();
        assertEquals(types.size(), status.getReceived());
        assertEquals(types.size(), status.getDispatched());
    }

    @Test(timeout = 60_000)
    public void topicMessagesDirectPushesAndCommandsCarryTheirFieldsAndCustomData() {
        Map<String, Object> data = new HashMap<>();
        data.put("level", "high");
        data.put("count", 3);
        data.put("ratio", 0.5);
        data.put("urgent", true);
        kii.sendTopicMessage(TOPIC, data);
        kii.pushToThing(thingId, Collections.singletonMap("note", "hello gateway"));
        Kii.Account owner = kii.registerUser("it-kinds-owner-" + things, "owner-pass");
        String commandId = kii.sendCommand(thingId, owner.id, "[{\"turnPower\":{\"power\":true}},{\"setBrightness\":{\"brightness\":30}}]");

        Event message = all.await(1, PushEvents.TOPIC_TOPIC_MESSAGE).get(0);
        assertEquals("TOPIC_MESSAGE", message.getProperty(PushEvents.PROP_KIND));
        assertEquals(TOPIC, message.getProperty(PushEvents.PROP_TOPIC));
        assertEquals("APP", message.getProperty(PushEvents.PROP_SCOPE_TYPE));
        assertEquals("high", message.getProperty(PushEvents.PROP_DATA_PREFIX + "level"));
        assertEquals(3L, message.getProperty(PushEvents.PROP_DATA_PREFIX + "count"));
        assertEquals(0.5, message.getProperty(PushEvents.PROP_DATA_PREFIX + "ratio"));
        assertEquals(Boolean.TRUE, message.getProperty(PushEvents.PROP_DATA_PREFIX + "urgent"));
        assertEquals("sent with sendWhen", Long.class, message.getProperty(PushEvents.PROP_WHEN).getClass());
        assertEquals("EXPLICIT", message.getProperty(PushEvents.PROP_ORIGIN));
        assertEquals(kii.appId(), message.getProperty(PushEvents.PROP_APP_ID));

        Event direct = all.await(1, PushEvents.TOPIC_DIRECT_PUSH).get(0);
        assertEquals(NotificationKind.DIRECT_PUSH.name(), direct.getProperty(PushEvents.PROP_KIND));
        assertEquals("hello gateway", direct.getProperty(PushEvents.PROP_DATA_PREFIX + "note"));
        assertNull(direct.getProperty(PushEvents.PROP_TOPIC));

        Event command = all.await(1, PushEvents.TOPIC_COMMAND).get(0);
        assertEquals("COMMAND", command.getProperty(PushEvents.PROP_KIND));
        assertEquals(commandId, command.getProperty(PushEvents.PROP_COMMAND_ID));
        assertEquals("user:" + owner.id, command.getProperty(PushEvents.PROP_ISSUER));
        assertEquals(JsonParser.parseString("[{\"turnPower\":{\"power\":true}},{\"setBrightness\":{\"brightness\":30}}]"),
                JsonParser.parseString((String) command.getProperty(PushEvents.PROP_ACTIONS)));
        for (Event e : Arrays.asList(message, direct, command)) {
            assertNotNull(e.getProperty(PushEvents.PROP_RAW));
            assertTrue(e.getProperty(PushEvents.PROP_SEQUENCE) instanceof Long);
        }
    }

    @Test(timeout = 60_000)
    public void eventFiltersOnBucketAndTopicNarrowWhatAHandlerGets() {
        try (Events bucketOnly = Events.listen(context, PushEvents.TOPIC_PUSH_ALL, "(" + PushEvents.PROP_BUCKET_ID + "=" + OTHER_BUCKET + ")");
                Events topicOnly = Events.listen(context, PushEvents.TOPIC_PUSH_ALL, "(" + PushEvents.PROP_TOPIC + "=" + TOPIC + ")");
                Events createdOnly = Events.listen(context, PushEvents.TOPIC_BUCKET_EVENT_PREFIX + "DATA_OBJECT_CREATED", null)) {
            kii.createObject(BUCKET, Collections.singletonMap("n", 1));
            String other = kii.createObject(OTHER_BUCKET, Collections.singletonMap("n", 2));
            kii.deleteObject(OTHER_BUCKET, other);
            kii.sendTopicMessage(TOPIC, Collections.singletonMap("m", "x"));

            all.await(4, e -> true, Duration.ofSeconds(15));
            // EventAdmin delivers to every handler of an event before the next one: the others have all by now.
            topicOnly.await(1, e -> true, Duration.ofSeconds(5));
            bucketOnly.await(2, e -> true, Duration.ofSeconds(5));
            createdOnly.await(2, e -> true, Duration.ofSeconds(5));
            assertEquals(Arrays.asList("DATA_OBJECT_CREATED", "DATA_OBJECT_DELETED"),
                    bucketOnly.all().stream().map(e -> e.getProperty(PushEvents.PROP_TYPE)).collect(Collectors.toList()));
            assertEquals(1, topicOnly.all().size());
            assertEquals(TOPIC, topicOnly.all().get(0).getProperty(PushEvents.PROP_TOPIC));
            assertEquals(2, createdOnly.all().size());
            assertEquals(4, all.all().size());
        }
    }
}
