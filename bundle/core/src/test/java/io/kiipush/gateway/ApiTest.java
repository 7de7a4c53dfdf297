package io.kiipush.gateway;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;

import io.kiipush.gateway.Subscription.Scope;
import io.kiipush.gateway.Subscription.Target;

public class ApiTest {

    @Test
    public void classifiesLikeKiisSdks() {
        assertEquals(NotificationKind.COMMAND, NotificationKind.classify(map("commandID", "c", "origin", "EVENT")));
        assertEquals(NotificationKind.BUCKET_EVENT, NotificationKind.classify(map("origin", "EVENT")));
        assertEquals(NotificationKind.BUCKET_EVENT, NotificationKind.classify(map("bucketID", "b")));
        assertEquals(NotificationKind.BUCKET_EVENT, NotificationKind.classify(map("bucketType", "rw", "topic", "t")));
        assertEquals(NotificationKind.TOPIC_MESSAGE, NotificationKind.classify(map("topic", "t", "origin", "EXPLICIT")));
        assertEquals(NotificationKind.DIRECT_PUSH, NotificationKind.classify(map("origin", "EXPLICIT", "msg", "hi")));
        assertEquals(NotificationKind.DIRECT_PUSH, NotificationKind.classify(Collections.emptyMap()));
    }

    @Test
    public void topicsFollowTheKindAndTheBucketEventType() {
        assertEquals("io/kiipush/gateway/push/BUCKET_EVENT/DATA_OBJECT_CREATED",
                PushEvents.topicOf(NotificationKind.BUCKET_EVENT, "DATA_OBJECT_CREATED"));
        assertEquals("io/kiipush/gateway/push/BUCKET_EVENT/UNKNOWN", PushEvents.topicOf(NotificationKind.BUCKET_EVENT, null));
        assertEquals("io/kiipush/gateway/push/BUCKET_EVENT/UNKNOWN", PushEvents.topicOf(NotificationKind.BUCKET_EVENT, "a/b"));
        assertEquals("io/kiipush/gateway/push/BUCKET_EVENT/UNKNOWN", PushEvents.topicOf(NotificationKind.BUCKET_EVENT, ""));
        assertEquals("io/kiipush/gateway/push/TOPIC_MESSAGE", PushEvents.topicOf(NotificationKind.TOPIC_MESSAGE, "my type"));
        assertEquals("io/kiipush/gateway/push/DIRECT_PUSH", PushEvents.topicOf(NotificationKind.DIRECT_PUSH, null));
        assertEquals("io/kiipush/gateway/push/COMMAND", PushEvents.topicOf(NotificationKind.COMMAND, null));
    }

    @Test
    public void separatesKiiFieldsFromCustomData() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Item", "CheckNoError");
        fields.put("Done", 0L);
        fields.put("sender", "th.1");
        fields.put("topic", "test_topic");
        PushNotification n = new PushNotification(NotificationKind.TOPIC_MESSAGE, fields, "{}", 5, 9);
        assertEquals(map("Item", "CheckNoError", "Done", 0L), n.getData());
        assertEquals("test_topic", n.getTopicId());
        assertEquals("th.1", n.getSender());
        assertNull(n.getWhen());
        fields.put("sender", "changed");
        assertEquals("the notification copied its fields", "th.1", n.getSender());
        assertTrue(n.toString().contains("topic=test_topic"));
    }

    @Test
    public void parsesEverySubscriptionForm() {
        assertSubscription(Subscription.parse(Target.BUCKET, "sensors"), Target.BUCKET, Scope.APP, null, "sensors", "bucket:app/sensors");
        assertSubscription(Subscription.parse(Target.BUCKET, "app/sensors"), Target.BUCKET, Scope.APP, null, "sensors", "bucket:app/sensors");
        assertSubscription(Subscription.parse(Target.TOPIC, "user/inbox"), Target.TOPIC, Scope.USER, null, "inbox", "topic:user/inbox");
        assertSubscription(Subscription.parse(Target.TOPIC, "USER:abc-1/inbox"), Target.TOPIC, Scope.USER, "abc-1", "inbox", "topic:user:abc-1/inbox");
        assertSubscription(Subscription.parse("topic:group:g1/alerts"), Target.TOPIC, Scope.GROUP, "g1", "alerts", "topic:group:g1/alerts");
        assertSubscription(Subscription.parse(" bucket:thing:VENDOR_THING_ID:gw-7/data "), Target.BUCKET, Scope.THING, "VENDOR_THING_ID:gw-7",
                "data", "bucket:thing:VENDOR_THING_ID:gw-7/data");
        assertSubscription(Subscription.parse("Bucket:thing/cmds"), Target.BUCKET, Scope.THING, null, "cmds", "bucket:thing/cmds");
        assertEquals(Subscription.parse("bucket:sensors"), Subscription.parse(Target.BUCKET, "app/sensors"));
    }

    @Test
    public void rejectsBadSubscriptionsWithAClearMessage() {
        assertBad(Target.BUCKET, "", "empty");
        assertBad(Target.BUCKET, "x", "bucket ID 'x' must be 2-64");
        assertBad(Target.BUCKET, "bad name", "bucket ID");
        assertBad(Target.TOPIC, "planet/x", "unknown scope 'planet'");
        assertBad(Target.TOPIC, "group/alerts", "group scope needs the group ID");
        assertBad(Target.TOPIC, "app:1/alerts", "app scope takes no ID");
        assertBad(Target.TOPIC, "user:a b/inbox", "scope ID");
        assertBad(Target.TOPIC, "user/" + new String(new char[65]).replace('\0', 'a'), "topic ID");
        try {
            Subscription.parse("queue:x");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("must start with 'bucket:' or 'topic:'"));
        }
    }

    private static void assertBad(Target target, String spec, String fragment) {
        try {
            Subscription.parse(target, spec);
            fail("accepted " + spec);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(fragment));
        }
    }

    private static void assertSubscription(Subscription s, Target target, Scope scope, String scopeId, String name, String text) {
        assertEquals(target, s.getTarget());
        assertEquals(scope, s.getScope());
        assertEquals(scopeId, s.getScopeId());
        assertEquals(name, s.getName());
        assertEquals(text, s.toString());
        assertEquals(s, Subscription.parse(text));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
