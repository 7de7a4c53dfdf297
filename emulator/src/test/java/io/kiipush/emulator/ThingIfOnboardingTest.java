package io.kiipush.emulator;

import static io.kiipush.emulator.Http.bearer;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import com.google.gson.JsonObject;

/** Thing-IF onboarding over REST (four media types) and over the API-via-MQTT default broker. */
public class ThingIfOnboardingTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(30);

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static KiiEmulator emu;
    private static KiiApp app;
    private static Http http;
    private static String onboardings;

    @BeforeClass
    public static void start() throws Exception {
        emu = KiiEmulator.builder().build().start();
        app = emu.app();
        http = new Http(emu.baseUrl());
        onboardings = "/thing-if/apps/" + app.id() + "/onboardings";
    }

    @AfterClass
    public static void stop() {
        emu.stop();
    }

    private static String anonymousToken() {
        return http.post("/api/apps/" + app.id() + "/oauth2/token", "application/json",
                "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + app.id() + "\",\"client_secret\":\"dummy\"}")
                .str("access_token");
    }

    private static void assertOnboarded(Http.Resp r) {
        assertEquals(r.toString(), 200, r.status());
        JsonObject b = r.json();
        assertNotNull(b.get("accessToken").getAsString());
        assertTrue(b.get("thingID").getAsString().startsWith("th."));
        JsonObject ep = b.getAsJsonObject("mqttEndpoint");
        for (String k : new String[] {"installationID", "username", "password", "mqttTopic", "host"}) {
            assertTrue(k, ep.has(k));
        }
        assertEquals(emu.mqttPort(), ep.get("portTCP").getAsInt());
        assertEquals(emu.mqttTlsPort(), ep.get("portSSL").getAsInt());
        assertEquals(2147483647L, ep.get("ttl").getAsLong());
    }

    @Test
    public void byThingWithVendorThingIdCreatesThingAndInstallation() throws Exception {
        Http.Resp r = http.post(onboardings, "application/vnd.kii.OnboardingWithVendorThingIDByThing+json",
                "{\"vendorThingID\":\"lamp-1\",\"thingPassword\":\"pw\",\"thingType\":\"lamp\","
                        + "\"thingProperties\":{\"room\":\"kitchen\"},\"firmwareVersion\":\"1.0\"}",
                bearer(anonymousToken()));
        assertOnboarded(r);
        JsonObject ep = r.json().getAsJsonObject("mqttEndpoint");
        // onboarding twice returns the same installation
        Http.Resp again = http.post(onboardings, "application/vnd.kii.onboardingWithVendorThingIDByThing+json",
                "{\"vendorThingID\":\"lamp-1\",\"thingPassword\":\"pw\"}", bearer(anonymousToken()));
        assertEquals("lower-case media type accepted", 200, again.status());
        assertEquals(ep.get("installationID").getAsString(),
                again.json().getAsJsonObject("mqttEndpoint").get("installationID").getAsString());
        // the thing's own token works and the SDKs' extra POST /installations returns the same installation
        String token = again.str("accessToken");
        Http.Resp inst = http.post("/api/apps/" + app.id() + "/installations", "application/json",
                "{\"deviceType\":\"MQTT\",\"development\":false}", bearer(token));
        assertEquals(ep.get("installationID").getAsString(), inst.str("installationID"));

        Http.Resp wrongPw = http.post(onboardings, "application/vnd.kii.OnboardingWithVendorThingIDByThing+json",
                "{\"vendorThingID\":\"lamp-1\",\"thingPassword\":\"nope\"}", bearer(anonymousToken()));
        assertEquals(401, wrongPw.status());
        Http.Resp noToken = http.post(onboardings, "application/vnd.kii.OnboardingWithVendorThingIDByThing+json",
                "{\"vendorThingID\":\"lamp-2\",\"thingPassword\":\"pw\"}");
        assertEquals(401, noToken.status());
    }

    @Test
    public void byThingWithThingId() {
        ThingInfo t = app.registerThing("lamp-10", "pw10");
        Http.Resp r = http.post(onboardings, "application/vnd.kii.OnboardingWithThingIDByThing+json",
                "{\"thingID\":\"" + t.thingId() + "\",\"thingPassword\":\"pw10\"}", bearer(anonymousToken()));
        assertOnboarded(r);
        assertEquals(t.thingId(), r.str("thingID"));
        Http.Resp unknown = http.post(onboardings, "application/vnd.kii.OnboardingWithThingIDByThing+json",
                "{\"thingID\":\"th.nope\",\"thingPassword\":\"pw\"}", bearer(anonymousToken()));
        assertEquals(404, unknown.status());
        assertEquals("THING_NOT_FOUND", unknown.errorCode());
    }

    @Test
    public void byOwnerVariantsCheckTheOwnerToken() {
        UserInfo owner = app.registerUser("olga", "olga-pass");
        UserInfo other = app.registerUser("otto", "otto-pass");
        Http.Resp r = http.post(onboardings, "application/vnd.kii.OnboardingWithVendorThingIDByOwner+json",
                "{\"vendorThingID\":\"lamp-20\",\"thingPassword\":\"pw\",\"owner\":\"user:" + owner.userId() + "\"}",
                bearer(owner.accessToken()));
        assertOnboarded(r);
        String thingId = r.str("thingID");
        Http.Resp byId = http.post(onboardings, "application/vnd.kii.OnboardingWithThingIDByOwner+json",
                "{\"thingID\":\"" + thingId + "\",\"thingPassword\":\"pw\",\"owner\":\"user:" + owner.userId() + "\"}",
                bearer(owner.accessToken()));
        assertOnboarded(byId);
        Http.Resp impostor = http.post(onboardings, "application/vnd.kii.OnboardingWithThingIDByOwner+json",
                "{\"thingID\":\"" + thingId + "\",\"thingPassword\":\"pw\",\"owner\":\"user:" + owner.userId() + "\"}",
                bearer(other.accessToken()));
        assertEquals(401, impostor.status());
        Http.Resp unsupported = http.post(onboardings, "application/json", "{}", bearer(owner.accessToken()));
        assertEquals(415, unsupported.status());
        assertEquals(204, http.get("/api/apps/" + app.id() + "/things/" + thingId + "/ownership/user:"
                + owner.userId(), bearer(owner.accessToken())).status());
    }

    private static MqttConnectOptions anonymousOptions() {
        return Mqtt.options("type=oauth2&client_id=" + app.id(), "client_secret=" + app.key(), 60, null);
    }

    private static String onboardingRequest(String vendorThingId) {
        return "POST\r\nContent-type: application/vnd.kii.OnboardingWithVendorThingIDByThing+json\r\n"
                + "X-Kii-RequestID: req-1\r\n\r\n{\"vendorThingID\":\"" + vendorThingId + "\",\"thingPassword\":\"pw\"}";
    }

    @Test
    public void apiViaMqttOnboardingAnswersOnTheRequestTopicWithoutSubscribe() throws Exception {
        String topic = "p/anonymous/thing-if/apps/" + app.id() + "/onboardings";
        JsonObject body;
        try (Mqtt anon = Mqtt.connect(emu.defaultBrokerUri(), "anonymous", anonymousOptions())) {
            anon.client.publish(topic, onboardingRequest("mqtt-thing-1").getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(WAIT).until(() -> anon.received.size() == 1);
            Mqtt.Received answer = anon.received.get(0);
            assertEquals(topic, answer.topic());
            String text = answer.payload();
            assertTrue(text, text.startsWith("200\r\n"));
            assertTrue(text, text.contains("X-Kii-RequestID: req-1\r\n"));
            body = io.kiipush.emulator.internal.util.Json.parse(text.substring(text.indexOf("\r\n\r\n") + 4)).getAsJsonObject();
        }
        JsonObject ep = body.getAsJsonObject("mqttEndpoint");
        assertEquals(2147483647L, ep.get("ttl").getAsLong());
        // step 4: the second broker with the onboarding credentials
        MqttEndpointInfo info = app.mqttEndpoint(ep.get("installationID").getAsString());
        assertEquals(ep.get("password").getAsString(), info.password());
        try (Mqtt thing = Mqtt.subscribe(info)) {
            app.pushToThing(body.get("thingID").getAsString(), Map.of("hello", "mqtt-only thing"));
            await().atMost(WAIT).until(() -> thing.received.size() == 1);
        }
        assertTrue(emu.observe().requests(r -> r.transport().equals("MQTT") && r.path().endsWith("/onboardings"))
                .size() >= 1);
    }

    @Test
    public void apiViaMqttToleratesAClientThatSubscribesFirstAndTls() throws Exception {
        String topic = "p/anonymous/thing-if/apps/" + app.id() + "/onboardings";
        MqttConnectOptions o = anonymousOptions();
        o.setSocketFactory(emu.clientSocketFactory());
        try (Mqtt anon = Mqtt.connect(emu.defaultBrokerTlsUri(), "anonymous", o)) {
            anon.client.subscribe(topic, 0);
            anon.client.publish(topic, onboardingRequest("mqtt-thing-2").getBytes(StandardCharsets.UTF_8), 0, false);
            await().atMost(WAIT).until(() -> anon.received.size() == 1);
            assertTrue(anon.received.get(0).payload().startsWith("200\r\n"));
        }
    }

    @Test
    public void defaultBrokerRefusesUnknownAppsAndServesOnlyOnboarding() throws Exception {
        org.eclipse.paho.client.mqttv3.MqttException e = org.junit.Assert.assertThrows(
                org.eclipse.paho.client.mqttv3.MqttException.class,
                () -> Mqtt.connect(emu.defaultBrokerUri(), "anonymous",
                        Mqtt.options("type=oauth2&client_id=nope", "client_secret=x", 60, null)).close());
        assertEquals(5, e.getReasonCode());
        try (Mqtt anon = Mqtt.connect(emu.defaultBrokerUri(), "anonymous", anonymousOptions())) {
            String topic = "p/anonymous/api/apps/" + app.id() + "/users";
            anon.client.publish(topic, "POST\r\n\r\n{}".getBytes(StandardCharsets.UTF_8), 0, false);
            await().atMost(WAIT).until(() -> anon.received.size() == 1);
            assertTrue(anon.received.get(0).payload().startsWith("401\r\n"));
        }
    }
}
