package io.kiipush.emulator;

import static io.kiipush.emulator.Http.bearer;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import com.google.gson.JsonObject;

/** Subscriptions over REST and every push kind of docs/kii-protocol.md §6 arriving at a plain Paho client. */
public class PushDeliveryTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(30);

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static KiiEmulator emu;
    private static Http http;
    private static KiiApp app;
    private static String api;

    @BeforeClass
    public static void start() throws Exception {
        emu = KiiEmulator.builder().build().start();
        http = new Http(emu.baseUrl());
        app = emu.app();
        api = "/api/apps/" + app.id();
    }

    @AfterClass
    public static void stop() {
        emu.stop();
    }

    private static MqttEndpointInfo endpointFor(String token) {
        String id = http.post(api + "/installations", "application/json", "{\"deviceType\":\"MQTT\"}", bearer(token))
                .str("installationID");
        Http.Resp ep = http.get(api + "/installations/" + id + "/mqtt-endpoint", bearer(token));
        JsonObject b = ep.json();
        return new MqttEndpointInfo(id, b.get("host").getAsString(), b.get("portTCP").getAsInt(),
                b.get("portSSL").getAsInt(), 0, 0, b.get("username").getAsString(), b.get("password").getAsString(),
                b.get("mqttTopic").getAsString(), b.get("X-MQTT-TTL").getAsLong());
    }

    private static JsonObject json(String payload) {
        return io.kiipush.emulator.internal.util.Json.parse(payload).getAsJsonObject();
    }

    @Test
    public void bucketSubscriptionSemanticsAndAllSevenEvents() throws Exception {
        UserInfo u = app.registerUser("ivy", "ivy-pass");
        String base = api + "/users/" + u.userId() + "/buckets/diary";
        String subs = base + "/filters/all/push/subscriptions/users/" + u.userId();
        assertEquals(404, http.get(subs, bearer(u.accessToken())).status());
        assertEquals("FILTER_NOT_FOUND", http.get(subs, bearer(u.accessToken())).errorCode());
        assertEquals(204, http.put(subs, bearer(u.accessToken())).status());
        assertEquals(409, http.put(subs, bearer(u.accessToken())).status());
        assertEquals(204, http.get(subs, bearer(u.accessToken())).status());

        MqttEndpointInfo ep = endpointFor(u.accessToken());
        try (Mqtt m = Mqtt.subscribe(ep)) {
            Http.Resp created = http.post(base + "/objects", "application/json", "{\"n\":1}", bearer(u.accessToken()));
            assertEquals(201, created.status());
            assertEquals("\"1\"", created.header("ETag"));
            String obj = created.str("objectID");
            String objPath = base + "/objects/" + obj;
            assertEquals(200, http.send("PUT", objPath, "application/json", "{\"n\":2}", bearer(u.accessToken()))
                    .status());
            assertEquals(200, http.send("PATCH", objPath, "application/json", "{\"m\":3}", bearer(u.accessToken()))
                    .status());
            assertEquals(200, http.send("PUT", objPath + "/body", "text/plain", "hello", bearer(u.accessToken()))
                    .status());
            assertEquals(204, http.delete(objPath + "/body", bearer(u.accessToken())).status());
            assertEquals(204, http.put(objPath + "/acl/READ_EXISTING_OBJECT/UserID:ANY_AUTHENTICATED_USER",
                    bearer(u.accessToken())).status());
            assertEquals(204, http.delete(objPath, bearer(u.accessToken())).status());
            assertEquals(204, http.delete(base, bearer(u.accessToken())).status());

            List<String> expected = List.of("DATA_OBJECT_CREATED", "DATA_OBJECT_UPDATED", "DATA_OBJECT_UPDATED",
                    "DATA_OBJECT_BODY_UPDATED", "DATA_OBJECT_BODY_DELETED", "DATA_OBJECT_ACL_MODIFIED",
                    "DATA_OBJECT_DELETED", "BUCKET_DELETED");
            await().atMost(WAIT).until(() -> m.received.size() >= expected.size());
            List<String> types = m.payloads().stream().map(p -> json(p).get("type").getAsString()).toList();
            assertEquals(expected, types);
            for (Mqtt.Received r : m.received) {
                assertEquals(ep.mqttTopic(), r.topic());
                assertEquals("QoS 0 only", 0, r.qos());
                assertFalse(r.retained());
                assertTrue(r.payload().getBytes().length <= 4096);
            }
            JsonObject first = json(m.received.get(0).payload());
            assertEquals("EVENT", first.get("origin").getAsString());
            assertEquals(u.userId(), first.get("sender").getAsString());
            assertEquals("APP_AND_USER", first.get("objectScopeType").getAsString());
            assertEquals(app.id(), first.get("objectScopeAppID").getAsString());
            assertEquals(u.userId(), first.get("objectScopeUserID").getAsString());
            assertEquals("diary", first.get("bucketID").getAsString());
            assertEquals("rw", first.get("bucketType").getAsString());
            assertEquals(obj, first.get("objectID").getAsString());
            assertTrue(first.get("when").getAsLong() > 0);
            assertFalse(json(m.received.get(7).payload()).has("objectID"));
        }
        assertEquals(404, http.delete(subs, bearer(u.accessToken())).status());
    }

    @Test
    public void everyScopeDeliversWithItsScopeFields() throws Exception {
        UserInfo u = app.registerUser("jack", "jack-pass");
        String group = app.createGroup("family", u.userId());
        OnboardingInfo thing = app.onboardThing("scope-thing-1", "pw", u.userId());
        MqttEndpointInfo ep = endpointFor(u.accessToken());
        String[] prefixes = {"", "/users/" + u.userId(), "/groups/" + group, "/things/" + thing.thingId()};
        try (Mqtt m = Mqtt.subscribe(ep)) {
            for (String p : prefixes) {
                String bucket = api + p + "/buckets/b1";
                assertEquals(p, 204, http.put(bucket + "/filters/all/push/subscriptions/users", bearer(u.accessToken()))
                        .status());
                assertEquals(p, 201, http.post(bucket + "/objects", "application/json", "{}", bearer(u.accessToken()))
                        .status());
            }
            await().atMost(WAIT).until(() -> m.received.size() >= 4);
            List<JsonObject> events = m.payloads().stream().map(PushDeliveryTest::json).toList();
            assertEquals("APP", events.get(0).get("objectScopeType").getAsString());
            assertEquals("APP_AND_USER", events.get(1).get("objectScopeType").getAsString());
            assertEquals("APP_AND_GROUP", events.get(2).get("objectScopeType").getAsString());
            assertEquals(group, events.get(2).get("objectScopeGroupID").getAsString());
            assertEquals("APP_AND_THING", events.get(3).get("objectScopeType").getAsString());
            assertEquals(thing.thingId(), events.get(3).get("objectScopeThingID").getAsString());
        }
    }

    @Test
    public void thingSubscribesAsCurrentThingWithPost() throws Exception {
        OnboardingInfo t = app.onboardThing("poster-1", "pw", null);
        String subs = api + "/buckets/shared/filters/all/push/subscriptions/things";
        assertEquals(204, http.post(subs, null, null, bearer(t.accessToken())).status());
        assertEquals(409, http.post(subs, null, null, bearer(t.accessToken())).status());
        assertEquals(204, http.get(subs + "/" + t.thingId(), bearer(t.accessToken())).status());
        assertEquals(204, http.get(subs + "/VENDOR_THING_ID:poster-1", bearer(t.accessToken())).status());
        try (Mqtt m = Mqtt.subscribe(t.endpoint())) {
            app.createObject(Scope.app(), "shared", Map.of("k", "v"));
            await().atMost(WAIT).until(() -> m.received.size() == 1);
            assertFalse("admin-caused events carry no sender", json(m.payloads().get(0)).has("sender"));
        }
    }

    @Test
    public void topicMessagesFollowMqttRulesAndFlags() throws Exception {
        UserInfo u = app.registerUser("kate", "kate-pass");
        String topic = api + "/users/" + u.userId() + "/topics/inbox";
        assertEquals(404, http.send("HEAD", topic, null, null, bearer(u.accessToken())).status());
        assertEquals(204, http.put(topic, bearer(u.accessToken())).status());
        assertEquals(409, http.put(topic, bearer(u.accessToken())).status());
        assertEquals(204, http.send("HEAD", topic, null, null, bearer(u.accessToken())).status());
        assertEquals(204, http.get(topic, bearer(u.accessToken())).status());
        assertEquals(204, http.put(topic + "/push/subscriptions/users/" + u.userId(), bearer(u.accessToken()))
                .status());
        assertEquals(409, http.put(topic + "/push/subscriptions/users/" + u.userId(), bearer(u.accessToken()))
                .status());
        MqttEndpointInfo ep = endpointFor(u.accessToken());
        String msgs = topic + "/push/messages";
        String ct = "application/vnd.kii.SendPushMessageRequest+json";
        try (Mqtt m = Mqtt.subscribe(ep)) {
            Http.Resp sent = http.post(msgs, ct, "{\"data\":{\"Item\":\"CheckNoError\",\"Done\":0},"
                    + "\"mqtt\":{\"enabled\":true}}", bearer(u.accessToken()));
            assertEquals(sent.toString(), 200, sent.status());
            // mqtt.data replaces data; flags add when/origin/appID/type and drop topic
            http.post(msgs, ct, "{\"data\":{\"a\":\"1\"},\"mqtt\":{\"enabled\":true,\"data\":{\"b\":\"2\"}},"
                    + "\"sendWhen\":true,\"sendOrigin\":true,\"sendAppID\":true,\"sendTopicID\":false,"
                    + "\"pushMessageType\":\"greeting\"}", bearer(u.accessToken()));
            // not for MQTT: disabled, or gcm only
            http.post(msgs, ct, "{\"data\":{\"x\":\"1\"},\"mqtt\":{\"enabled\":false},\"gcm\":{\"enabled\":true}}",
                    bearer(u.accessToken()));
            http.post(msgs, ct, "{\"data\":{\"x\":\"2\"},\"gcm\":{\"enabled\":true}}", bearer(u.accessToken()));
            // development installation, production only message
            http.post(msgs, ct, "{\"data\":{\"x\":\"3\"},\"mqtt\":{\"enabled\":true},\"sendToDevelopment\":false}",
                    bearer(u.accessToken()));
            http.post(msgs, ct, "{\"data\":{\"last\":\"yes\"},\"mqtt\":{\"enabled\":true}}", bearer(u.accessToken()));
            await().atMost(WAIT).until(() -> m.payloads().stream().anyMatch(p -> p.contains("last")));
            List<String> p = m.payloads();
            assertTrue(p.get(0), p.get(0).startsWith("{\"Item\":\"CheckNoError\",\"Done\":0,"));
            JsonObject first = json(p.get(0));
            assertEquals(u.userId(), first.get("sender").getAsString());
            assertEquals("inbox", first.get("topic").getAsString());
            assertEquals("APP_AND_USER", first.get("objectScopeType").getAsString());
            assertEquals(u.userId(), first.get("objectScopeUserID").getAsString());
            JsonObject second = json(p.get(1));
            assertFalse(second.has("a"));
            assertEquals("2", second.get("b").getAsString());
            assertEquals("EXPLICIT", second.get("origin").getAsString());
            assertEquals("greeting", second.get("type").getAsString());
            assertEquals(app.id(), second.get("appID").getAsString());
            assertTrue(second.has("when"));
            assertFalse(second.has("topic"));
            // production-only message: the REST installation is production (development=false) -> delivered
            assertEquals(4, p.size());
            assertTrue(p.get(2).contains("\"x\":\"3\""));
        }
    }

    @Test
    public void invalidMessagesAre400() {
        UserInfo u = app.registerUser("liam", "liam-pass");
        String topic = api + "/users/" + u.userId() + "/topics/t";
        http.put(topic, bearer(u.accessToken()));
        String msgs = topic + "/push/messages";
        String[] bad = {"{\"data\":{\"a\":1}}", "{\"data\":{\"a\":{\"b\":1}},\"mqtt\":{\"enabled\":true}}",
            "{\"data\":{\"a\":[1]},\"mqtt\":{\"enabled\":true}}",
            "{\"mqtt\":{\"enabled\":true,\"data\":{\"n\":{}}}}",
            "{\"data\":{\"from\":\"x\"},\"gcm\":{\"enabled\":true}}",
            "{\"gcm\":{\"enabled\":true,\"data\":{\"n\":1}}}",
            "{\"data\":{\"big\":\"" + "x".repeat(5000) + "\"},\"mqtt\":{\"enabled\":true}}"};
        for (String b : bad) {
            Http.Resp r = http.post(msgs, "application/vnd.kii.SendPushMessageRequest+json", b,
                    bearer(u.accessToken()));
            assertEquals(b, 400, r.status());
            assertEquals("INVALID_INPUT_DATA", r.errorCode());
        }
        Http.Resp missing = http.post(api + "/users/" + u.userId() + "/topics/none/push/messages",
                "application/json", "{\"mqtt\":{\"enabled\":true}}", bearer(u.accessToken()));
        assertEquals(404, missing.status());
        assertEquals("TOPIC_NOT_FOUND", missing.errorCode());
    }

    @Test
    public void appTopicNeedsAdminToSendButAnyUserMaySubscribe() throws Exception {
        String admin = app.adminToken();
        UserInfo u = app.registerUser("mia", "mia-pass");
        assertEquals(204, http.put(api + "/topics/announcements", bearer(admin)).status());
        assertEquals(204, http.put(api + "/topics/announcements/push/subscriptions/users", bearer(u.accessToken()))
                .status());
        Http.Resp denied = http.post(api + "/topics/announcements/push/messages", "application/json",
                "{\"data\":{\"a\":\"b\"},\"mqtt\":{\"enabled\":true}}", bearer(u.accessToken()));
        assertEquals(401, denied.status());
        MqttEndpointInfo ep = endpointFor(u.accessToken());
        try (Mqtt m = Mqtt.subscribe(ep)) {
            assertEquals(200, http.post(api + "/topics/announcements/push/messages", "application/json",
                    "{\"data\":{\"a\":\"b\"},\"mqtt\":{\"enabled\":true}}", bearer(admin)).status());
            await().atMost(WAIT).until(() -> m.received.size() == 1);
            assertEquals("APP", json(m.payloads().get(0)).get("objectScopeType").getAsString());
        }
    }

    @Test
    public void directPushAndThingIfCommandReachTheirTargets() throws Exception {
        UserInfo owner = app.registerUser("noah", "noah-pass");
        OnboardingInfo thing = app.onboardThing("aircon-1", "pw", owner.userId());
        MqttEndpointInfo userEp = endpointFor(owner.accessToken());
        try (Mqtt um = Mqtt.subscribe(userEp); Mqtt tm = Mqtt.subscribe(thing.endpoint())) {
            Http.Resp direct = http.post(api + "/users/" + owner.userId() + "/push/messages",
                    "application/vnd.kii.SendPushMessageRequest+json",
                    "{\"data\":{\"hello\":\"user\"},\"mqtt\":{\"enabled\":true}}", bearer(app.adminToken()));
            assertEquals(200, direct.status());
            app.pushToThing(thing.thingId(), Map.of("hello", "thing"));

            Http.Resp cmd = http.post("/thing-if/apps/" + app.id() + "/targets/thing:" + thing.thingId() + "/commands",
                    "application/vnd.kii.CommandCreationRequest+json",
                    "{\"issuer\":\"user:" + owner.userId() + "\",\"actions\":[{\"AirConditionerAlias\":"
                            + "[{\"turnPower\":true},{\"setPresetTemperature\":25}]}]}",
                    bearer(owner.accessToken()));
            assertEquals(cmd.toString(), 201, cmd.status());
            String commandId = cmd.str("commandID");

            await().atMost(WAIT).until(() -> um.received.size() == 1 && tm.received.size() == 2);
            JsonObject toUser = json(um.payloads().get(0));
            assertEquals("user", toUser.get("hello").getAsString());
            assertFalse(toUser.has("topic"));
            assertFalse(toUser.has("objectScopeType"));
            assertEquals("thing", json(tm.payloads().get(0)).get("hello").getAsString());
            String command = tm.payloads().get(1);
            assertTrue(command, command.startsWith("{\"commandID\":\"" + commandId + "\""));
            assertEquals("user:" + owner.userId(), json(command).get("issuer").getAsString());
            assertTrue(json(command).get("actions").isJsonArray());

            Http.Resp result = http.send("PUT", "/thing-if/apps/" + app.id() + "/targets/thing:" + thing.thingId()
                    + "/commands/" + commandId + "/action-results", "application/vnd.kii.CommandResultsUpdateRequest+json",
                    "{\"actionResults\":[{\"turnPower\":{\"succeeded\":true}},"
                            + "{\"setPresetTemperature\":{\"succeeded\":true}}]}", bearer(thing.accessToken()));
            assertEquals(204, result.status());
            Http.Resp got = http.get("/thing-if/apps/" + app.id() + "/targets/thing:" + thing.thingId()
                    + "/commands/" + commandId, bearer(owner.accessToken()));
            assertEquals("DONE", got.str("commandState"));
        }
        UserInfo stranger = app.registerUser("oscar", "oscar-pass");
        assertEquals(401, http.post("/thing-if/apps/" + app.id() + "/targets/thing:" + thing.thingId() + "/commands",
                "application/json", "{\"issuer\":\"user:x\",\"actions\":[]}", bearer(stranger.accessToken()))
                .status());
    }

    @Test
    public void javaApiEventGeneratorsGoThroughTheSameLogic() throws Exception {
        UserInfo u = app.registerUser("pia", "pia-pass");
        InstallationInfo inst = app.installMqtt(Subscriber.user(u.userId()), false);
        app.subscribeBucket(Scope.user(u.userId()), "events", Subscriber.user(u.userId()));
        app.createTopic(Scope.user(u.userId()), "chat");
        app.subscribeTopic(Scope.user(u.userId()), "chat", Subscriber.user(u.userId()));
        try (Mqtt m = Mqtt.subscribe(app.mqttEndpoint(inst.installationId()))) {
            KiiApp asUser = app.asUser(u.userId());
            String obj = asUser.createObject(Scope.user(u.userId()), "events", Map.of("a", 1));
            asUser.patchObject(Scope.user(u.userId()), "events", obj, Map.of("b", 2));
            asUser.replaceObject(Scope.user(u.userId()), "events", obj, Map.of("c", 3));
            asUser.uploadObjectBody(Scope.user(u.userId()), "events", obj, new byte[] {1, 2}, "application/octet-stream");
            asUser.deleteObjectBody(Scope.user(u.userId()), "events", obj);
            asUser.grantObjectAcl(Scope.user(u.userId()), "events", obj, "WRITE_EXISTING_OBJECT", "ANY_AUTHENTICATED_USER");
            asUser.deleteObject(Scope.user(u.userId()), "events", obj);
            asUser.deleteBucket(Scope.user(u.userId()), "events");
            asUser.sendTopicMessage(Scope.user(u.userId()), "chat", Map.of("text", "hi"));
            app.pushToUser(u.userId(), Map.of("direct", true));
            await().atMost(WAIT).until(() -> m.received.size() == 10);
            assertTrue(m.payloads().get(8).startsWith("{\"text\":\"hi\""));
            assertTrue(m.payloads().get(9).startsWith("{\"direct\":true"));
            assertEquals(10, emu.observe().publishesTo(m.received.get(0).topic()).size());
        }
        KiiApiException e = org.junit.Assert.assertThrows(KiiApiException.class,
                () -> app.createTopic(Scope.user(u.userId()), "chat"));
        assertEquals("TOPIC_ALREADY_EXISTS", e.errorCode());
    }

    @Test
    public void thingScopeTopicLikeKiisOwnThingSample() throws Exception {
        OnboardingInfo t = app.onboardThing("sample-thing", "pw", null);
        String topic = api + "/things/" + t.thingId() + "/topics/test_topic";
        assertEquals(204, http.put(topic, bearer(t.accessToken())).status());
        assertEquals(204, http.post(topic + "/push/subscriptions/things", null, null, bearer(t.accessToken()))
                .status());
        try (Mqtt m = Mqtt.subscribe(t.endpoint())) {
            Http.Resp sent = http.post(topic + "/push/messages", "application/vnd.kii.SendPushMessageRequest+json",
                    "{\"data\":{\"Item\":\"CheckNoError\",\"Done\":0},\"gcm\":{\"enabled\":false},"
                            + "\"apns\":{\"enabled\":false},\"jpush\":{\"enabled\":false},\"mqtt\":{\"enabled\":true}}",
                    bearer(t.accessToken()));
            assertEquals(200, sent.status());
            await().atMost(WAIT).until(() -> m.received.size() == 1);
            String p = m.payloads().get(0);
            assertTrue(p, p.startsWith("{\"Item\":\"CheckNoError\""));
            JsonObject o = json(p);
            assertEquals(t.thingId(), o.get("sender").getAsString());
            assertEquals("test_topic", o.get("topic").getAsString());
            assertEquals("APP_AND_THING", o.get("objectScopeType").getAsString());
            assertEquals(t.thingId(), o.get("objectScopeThingID").getAsString());
        }
    }

    @Test
    public void developmentFlagFiltersTopicMessages() throws Exception {
        UserInfo u = app.registerUser("dev-user", "dev-pass");
        InstallationInfo dev = app.installMqtt(Subscriber.user(u.userId()), true);
        app.createTopic(Scope.user(u.userId()), "devtopic");
        app.subscribeTopic(Scope.user(u.userId()), "devtopic", Subscriber.user(u.userId()));
        try (Mqtt m = Mqtt.subscribe(app.mqttEndpoint(dev.installationId()))) {
            app.sendTopicMessage(Scope.user(u.userId()), "devtopic",
                    "{\"data\":{\"to\":\"production only\"},\"mqtt\":{\"enabled\":true},\"sendToDevelopment\":false}");
            app.sendTopicMessage(Scope.user(u.userId()), "devtopic",
                    "{\"data\":{\"to\":\"development\"},\"mqtt\":{\"enabled\":true},\"sendToProduction\":false}");
            await().atMost(WAIT).until(() -> m.received.size() == 1);
            assertTrue(m.payloads().get(0).contains("\"to\":\"development\""));
        }
    }
}
