package io.kiipush.gateway.internal.bridge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Hashtable;

import org.junit.Test;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.event.Event;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.Gap;
import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.internal.parse.ParseResult;
import io.kiipush.gateway.internal.parse.PayloadParser;

public class EventFactoryTest {

    private static final String BUCKET_EVENT = "{\"origin\":\"EVENT\",\"sender\":\"USER-1\",\"objectScopeType\":\"APP_AND_THING\","
            + "\"objectScopeAppID\":\"app1\",\"objectScopeThingID\":\"th.1\",\"bucketID\":\"sensors\",\"bucketType\":\"rw\","
            + "\"objectID\":\"o-1\",\"type\":\"DATA_OBJECT_UPDATED\",\"when\":1443593908916,\"modifiedAt\":1443593908000}";

    @Test
    public void aBucketEventCarriesEveryKiiFieldUnderItsDocumentedKey() throws Exception {
        Event e = EventFactory.notification(notification(BUCKET_EVENT, 7));
        assertEquals("io/kiipush/gateway/push/BUCKET_EVENT/DATA_OBJECT_UPDATED", e.getTopic());
        assertEquals("BUCKET_EVENT", e.getProperty(PushEvents.PROP_KIND));
        assertEquals("sensors", e.getProperty(PushEvents.PROP_BUCKET_ID));
        assertEquals("rw", e.getProperty(PushEvents.PROP_BUCKET_TYPE));
        assertEquals("o-1", e.getProperty(PushEvents.PROP_OBJECT_ID));
        assertEquals("DATA_OBJECT_UPDATED", e.getProperty(PushEvents.PROP_TYPE));
        assertEquals("APP_AND_THING", e.getProperty(PushEvents.PROP_SCOPE_TYPE));
        assertEquals("th.1", e.getProperty(PushEvents.PROP_SCOPE_THING_ID));
        assertEquals("app1", e.getProperty(PushEvents.PROP_SCOPE_APP_ID));
        assertEquals("USER-1", e.getProperty(PushEvents.PROP_SENDER));
        assertEquals("EVENT", e.getProperty(PushEvents.PROP_ORIGIN));
        assertEquals(1443593908916L, e.getProperty(PushEvents.PROP_WHEN));
        assertEquals(1443593908000L, e.getProperty(PushEvents.PROP_MODIFIED_AT));
        assertEquals(BUCKET_EVENT, e.getProperty(PushEvents.PROP_RAW));
        assertEquals(7L, e.getProperty(PushEvents.PROP_SEQUENCE));
        assertEquals(99L, e.getProperty(PushEvents.PROP_RECEIVED_AT));
        assertTrue(matches("(kii.bucketID=sensors)", e));
        assertFalse(matches("(kii.bucketID=other)", e));
    }

    @Test
    public void aRecoveredNotificationIsMarkedAndALiveOneIsNot() throws Exception {
        PushNotification live = notification(BUCKET_EVENT, 7);
        assertNull(EventFactory.notification(live).getProperty(PushEvents.PROP_RECOVERED));
        PushNotification recovered = new PushNotification(live.getKind(), live.getFields(), live.getRawJson(), 99L, 0,
                true);
        Event e = EventFactory.notification(recovered);
        assertEquals(Boolean.TRUE, e.getProperty(PushEvents.PROP_RECOVERED));
        assertEquals(0L, e.getProperty(PushEvents.PROP_SEQUENCE));
        assertTrue(matches("(kii.recovered=true)", e));
        assertFalse(matches("(kii.recovered=true)", EventFactory.notification(live)));
    }

    @Test
    public void aGapCarriesItsWindowReasonAndCounts() throws Exception {
        Event e = EventFactory.gap(new Gap(1000L, 5000L, Gap.Reason.RESTART, true, Gap.CatchUp.INCOMPLETE, 3, 2, 1));
        assertEquals("io/kiipush/gateway/session/GAP", e.getTopic());
        assertEquals(1000L, e.getProperty(PushEvents.PROP_GAP_START));
        assertEquals(5000L, e.getProperty(PushEvents.PROP_GAP_END));
        assertEquals("RESTART", e.getProperty(PushEvents.PROP_GAP_REASON));
        assertEquals(Boolean.TRUE, e.getProperty(PushEvents.PROP_GAP_AFTER_RESTART));
        assertEquals("INCOMPLETE", e.getProperty(PushEvents.PROP_GAP_CATCH_UP));
        assertEquals(3L, e.getProperty(PushEvents.PROP_GAP_RECOVERED_OBJECTS));
        assertEquals(2L, e.getProperty(PushEvents.PROP_GAP_RECOVERED_COMMANDS));
        assertEquals(1L, e.getProperty(PushEvents.PROP_GAP_DUPLICATES));
        assertTrue(matches("(&(kii.gap.reason=RESTART)(kii.gap.start<=1000))", e));
    }

    @Test
    public void aTopicMessagePutsCustomDataUnderTheDataPrefix() throws Exception {
        Event e = EventFactory.notification(notification("{\"Item\":\"CheckNoError\",\"Done\":0,\"kind\":\"x\",\"raw\":true,"
                + "\"sender\":\"th.2\",\"topic\":\"alerts\",\"objectScopeType\":\"APP\"}", 1));
        assertEquals(PushEvents.TOPIC_TOPIC_MESSAGE, e.getTopic());
        assertEquals("CheckNoError", e.getProperty("kii.data.Item"));
        assertEquals(0L, e.getProperty("kii.data.Done"));
        assertEquals("custom fields never shadow our own keys", "TOPIC_MESSAGE", e.getProperty(PushEvents.PROP_KIND));
        assertEquals("x", e.getProperty("kii.data.kind"));
        assertEquals(Boolean.TRUE, e.getProperty("kii.data.raw"));
        assertEquals("alerts", e.getProperty(PushEvents.PROP_TOPIC));
        assertTrue(matches("(&(kii.topic=alerts)(kii.data.Item=CheckNoError))", e));
    }

    @Test
    public void aCommandCarriesItsActionsAsJsonText() {
        Event e = EventFactory.notification(notification("{\"commandID\":\"c-9\",\"actions\":[{\"turnPower\":{\"power\":true}}],"
                + "\"issuer\":\"user:u1\",\"schema\":\"s\",\"schemaVersion\":1,\"extra\":\"e\"}", 2));
        assertEquals(PushEvents.TOPIC_COMMAND, e.getTopic());
        assertEquals("c-9", e.getProperty(PushEvents.PROP_COMMAND_ID));
        assertEquals("user:u1", e.getProperty(PushEvents.PROP_ISSUER));
        assertEquals("[{\"turnPower\":{\"power\":true}}]", e.getProperty(PushEvents.PROP_ACTIONS));
        assertEquals(1L, e.getProperty("kii.schemaVersion"));
        assertEquals("e", e.getProperty("kii.data.extra"));
    }

    @Test
    public void aDirectPushHasItsOwnTopic() {
        Event e = EventFactory.notification(notification("{\"msg\":\"hello\",\"sender\":\"admin\"}", 3));
        assertEquals(PushEvents.TOPIC_DIRECT_PUSH, e.getTopic());
        assertEquals("hello", e.getProperty("kii.data.msg"));
    }

    @Test
    public void sessionEventsCarryStateAndError() {
        SessionStatus s = SessionStatus.builder(SessionState.BACKING_OFF).attempt(3)
                .lastError(ErrorKind.TRANSIENT, "connection refused", 1).lastErrorCurrent(true)
                .endpoint("ssl://h:8883", "topic").build();
        Event e = EventFactory.stateChanged(s, SessionState.CONNECTING);
        assertEquals(PushEvents.TOPIC_STATE_CHANGED, e.getTopic());
        assertEquals("BACKING_OFF", e.getProperty(PushEvents.PROP_STATE));
        assertEquals("CONNECTING", e.getProperty(PushEvents.PROP_PREVIOUS_STATE));
        assertEquals(3, e.getProperty(PushEvents.PROP_ATTEMPT));
        assertEquals("connection refused", e.getProperty(PushEvents.PROP_ERROR));
        assertEquals("TRANSIENT", e.getProperty(PushEvents.PROP_ERROR_KIND));
        assertEquals("ssl://h:8883", e.getProperty(PushEvents.PROP_BROKER));
        Event ok = EventFactory.stateChanged(SessionStatus.builder(SessionState.CONNECTED).build(), SessionState.CONNECTING);
        assertNull(ok.getProperty(PushEvents.PROP_ERROR));
        SessionStatus recovered = s.toBuilder().state(SessionState.CONNECTED).lastErrorCurrent(false).build();
        Event after = EventFactory.stateChanged(recovered, SessionState.CONNECTING);
        assertNull("a resolved error is not repeated", after.getProperty(PushEvents.PROP_ERROR));
        assertNull(after.getProperty(PushEvents.PROP_ERROR_KIND));
        assertEquals("but the status keeps it", "connection refused", recovered.getLastError());

        Event m = EventFactory.malformed("io.kiipush.gateway.KiiConnection-plant", "not JSON", 12, 5);
        assertEquals(PushEvents.TOPIC_MALFORMED, m.getTopic());
        assertEquals("not JSON", m.getProperty(PushEvents.PROP_REASON));
        assertEquals(12, m.getProperty(PushEvents.PROP_SIZE));
        assertEquals("io.kiipush.gateway.KiiConnection-plant", m.getProperty(PushEvents.PROP_CONNECTION));
        assertNull("no connection, no property", EventFactory.malformed("", "x", 1, 1).getProperty(PushEvents.PROP_CONNECTION));
    }

    @Test
    public void everyEventNamesItsConnection() {
        String c = "io.kiipush.gateway.KiiConnection-line2";
        PushNotification n = new PushNotification(NotificationKind.TOPIC_MESSAGE, java.util.Map.of("topic", "t"),
                "{\"topic\":\"t\"}", 1, 1, false, c);
        assertEquals(c, EventFactory.notification(n).getProperty(PushEvents.PROP_CONNECTION));
        SessionStatus s = SessionStatus.builder(SessionState.CONNECTED).connection(c).build();
        assertEquals(c, EventFactory.stateChanged(s, SessionState.CONNECTING).getProperty(PushEvents.PROP_CONNECTION));
        Gap gap = new Gap(1, 2, Gap.Reason.values()[0], false,
                Gap.CatchUp.values()[0], 0, 0, 0, c);
        assertEquals(c, EventFactory.gap(gap).getProperty(PushEvents.PROP_CONNECTION));
    }

    @Test
    public void propertyNamesStayRightPastTheNameCacheLimit() {
        // A command's "bucketID" is custom data, a bucket event's is a Kii field: the two caches must not mix.
        Event command = EventFactory.notification(notification("{\"commandID\":\"c\",\"bucketID\":\"b\"}", 1));
        Event bucket = EventFactory.notification(notification("{\"bucketID\":\"b\",\"type\":\"BUCKET_DELETED\"}", 2));
        assertEquals("b", command.getProperty("kii.data.bucketID"));
        assertNull(command.getProperty("kii.bucketID"));
        assertEquals("b", bucket.getProperty("kii.bucketID"));
        assertEquals("io/kiipush/gateway/push/BUCKET_EVENT/BUCKET_DELETED", bucket.getTopic());
        for (int i = 0; i < 3000; i++) {
            Event e = EventFactory.notification(notification("{\"topic\":\"t\",\"f" + i + "\":" + i + "}", i));
            assertEquals("f" + i, (long) i, e.getProperty("kii.data.f" + i));
        }
    }

    @Test
    public void anUnknownButValidBucketEventTypeGetsItsOwnTopic() {
        Event e = EventFactory.notification(notification("{\"bucketID\":\"b\",\"type\":\"DATA_OBJECT_FUTURE\"}", 1));
        assertEquals("io/kiipush/gateway/push/BUCKET_EVENT/DATA_OBJECT_FUTURE", e.getTopic());
    }

    private static PushNotification notification(String json, long seq) {
        ParseResult r = new PayloadParser(65536, 64).parse(json.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.rejection(), r.isParsed());
        return new PushNotification(NotificationKind.classify(r.fields()), r.fields(), r.raw(), 99, seq);
    }

    private static boolean matches(String filter, Event e) throws InvalidSyntaxException {
        Hashtable<String, Object> props = new Hashtable<>();
        for (String name : e.getPropertyNames()) {
            props.put(name, e.getProperty(name));
        }
        Filter f = FrameworkUtil.createFilter(filter);
        return f.matches(props);
    }
}
