package io.kiipush.emulator;

import static io.kiipush.emulator.Http.bearer;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import com.google.gson.JsonObject;

/** REST surface over a real socket: tokens, users, things, installations, endpoints, errors, recording. */
public class RestApiTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(30);

    private static KiiEmulator emu;
    private static Http http;
    private static final String APP = "app1";
    private static final String API = "/api/apps/" + APP;

    @BeforeClass
    public static void start() throws Exception {
        emu = KiiEmulator.builder().app(APP, "key1").app("app2", "key2").build().start();
        http = new Http(emu.baseUrl());
    }

    @AfterClass
    public static void stop() {
        emu.stop();
    }

    @Test
    public void userRegistersAndLogsInOnBothTokenPaths() {
        Http.Resp reg = http.post(API + "/users", "application/vnd.kii.RegistrationRequest+json",
                "{\"loginName\":\"bob\",\"password\":\"bob-pass\",\"displayName\":\"Bob\"}", "X-Kii-AppID", APP,
                "X-Kii-AppKey", "anything");
        assertEquals(reg.toString(), 201, reg.status());
        String userId = reg.str("userID");
        assertTrue(reg.header("Location").endsWith("/users/" + userId));

        // legacy root path with X-Kii-* headers and no grant_type (JS SDK)
        Http.Resp legacy = http.post("/api/oauth2/token", "application/json",
                "{\"username\":\"bob\",\"password\":\"bob-pass\"}", "X-Kii-AppID", APP, "X-Kii-AppKey", "whatever");
        assertEquals(legacy.toString(), 200, legacy.status());
        assertEquals(userId, legacy.str("id"));
        assertEquals(2147483647L, legacy.json().get("expires_in").getAsLong());
        assertEquals("Bearer", legacy.str("token_type"));

        // app path with Basic auth and grant_type
        String basic = "Basic " + Base64.getEncoder().encodeToString((APP + ":x").getBytes(StandardCharsets.UTF_8));
        Http.Resp modern = http.post(API + "/oauth2/token", "application/vnd.kii.OauthTokenRequest+json",
                "{\"grant_type\":\"password\",\"username\":\"bob\",\"password\":\"bob-pass\"}", "Authorization", basic);
        assertEquals(200, modern.status());
        String token = modern.str("access_token");

        Http.Resp me = http.get(API + "/users/me", bearer(token));
        assertEquals(200, me.status());
        assertEquals("bob", me.str("loginName"));

        Http.Resp wrong = http.post(API + "/oauth2/token", "application/json",
                "{\"username\":\"bob\",\"password\":\"nope\"}");
        assertEquals(400, wrong.status());
        assertEquals("invalid_grant", wrong.errorCode());

        Http.Resp dup = http.post(API + "/users", "application/json", "{\"loginName\":\"bob\",\"password\":\"xxxx\"}");
        assertEquals(409, dup.status());
        assertEquals("USER_ALREADY_EXISTS", dup.errorCode());

        List<RecordedRequest> recorded = emu.observe().requestsTo("/oauth2/token$");
        assertTrue(recorded.stream().anyMatch(r -> r.authKind() == AuthKind.APP_HEADERS && r.status() == 200));
        assertTrue(recorded.stream().anyMatch(r -> r.authKind() == AuthKind.BASIC && r.status() == 200));
        assertTrue(recorded.stream().anyMatch(r -> r.authKind() == AuthKind.NONE && r.status() == 400
                && "invalid_grant".equals(r.errorCode())));
    }

    @Test
    public void wrongTokenIs403WithKiiErrorBody() {
        Http.Resp r = http.post(API + "/installations", "application/vnd.kii.InstallationCreationRequest+json",
                "{\"deviceType\":\"MQTT\"}", bearer("not-a-token"));
        assertEquals(403, r.status());
        assertEquals("WRONG_TOKEN", r.errorCode());
        assertNotNull(r.json().get("message"));
        assertTrue(r.contentType(), r.contentType().startsWith("application/vnd.kii.WrongTokenException+json"));

        // a token of another app is wrong too
        String other = emu.app("app2").registerUser("carol", "carol-pw").accessToken();
        assertEquals(403, http.get(API + "/users/me", bearer(other)).status());

        Http.Resp unknownApp = http.get("/api/apps/nope/users/me", bearer(other));
        assertEquals(404, unknownApp.status());
        assertEquals("APP_NOT_FOUND", unknownApp.errorCode());
    }

    @Test
    public void anonymousAndAdminTokens() {
        Http.Resp anon = http.post(API + "/oauth2/token", "application/json",
                "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + APP + "\",\"client_secret\":\"dummy\"}");
        assertEquals(200, anon.status());
        assertNotNull(anon.str("access_token"));

        Http.Resp admin = http.post(API + "/oauth2/token", "application/json",
                "{\"grant_type\":\"client_credentials\",\"client_id\":\"app1-client\",\"client_secret\":\"app1-secret\"}");
        assertEquals(200, admin.status());
        Http.Resp topic = http.put(API + "/topics/admins-only", bearer(admin.str("access_token")));
        assertEquals(204, topic.status());
        // the anonymous token may not create app-scope topics
        Http.Resp denied = http.put(API + "/topics/not-yours", bearer(anon.str("access_token")));
        assertEquals(401, denied.status());
        assertEquals("UNAUTHORIZED", denied.errorCode());

        Http.Resp badSecret = http.post(API + "/oauth2/token", "application/json",
                "{\"grant_type\":\"client_credentials\",\"client_id\":\"app1-client\",\"client_secret\":\"x\"}");
        assertEquals(401, badSecret.status());
    }

    @Test
    public void thingRegistersAndLogsInWithVendorThingId() {
        Http.Resp reg = http.post(API + "/things", "application/vnd.kii.ThingRegistrationAndAuthorizationRequest+json",
                "{\"_vendorThingID\":\"vt-4792\",\"_password\":\"1234\",\"_thingType\":\"sensor\"}");
        assertEquals(reg.toString(), 201, reg.status());
        String thingId = reg.str("_thingID");
        assertTrue(thingId.matches("th\\.[0-9a-f]{12}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{8}"));
        assertNotNull(reg.str("_accessToken"));
        assertEquals(false, reg.json().get("_disabled").getAsBoolean());

        Http.Resp again = http.post(API + "/things", "application/json",
                "{\"_vendorThingID\":\"vt-4792\",\"_password\":\"1234\"}");
        assertEquals(409, again.status());
        assertEquals("THING_ALREADY_EXISTS", again.errorCode());

        Http.Resp login = http.post("/api/oauth2/token", "application/vnd.kii.OauthTokenRequest+json",
                "{\"username\":\"VENDOR_THING_ID:vt-4792\",\"password\":\"1234\",\"grant_type\":\"password\"}",
                "X-Kii-AppID", APP, "X-Kii-AppKey", "k");
        assertEquals(200, login.status());
        assertEquals(thingId, login.str("id"));

        Http.Resp byVendor = http.get(API + "/things/VENDOR_THING_ID:vt-4792", bearer(login.str("access_token")));
        assertEquals(200, byVendor.status());
        assertEquals(thingId, byVendor.str("_thingID"));
    }

    @Test
    public void mqttInstallationIsOnePerOwnerAndToleratesSdkVariants() {
        UserInfo u = emu.app(APP).registerUser("dave", "dave-pass");
        Http.Resp first = http.post(API + "/installations", "application/vnd.kii.InstallationCreationRequest+json",
                "{\"deviceType\":\"MQTT\",\"development\":false}", bearer(u.accessToken()));
        assertEquals(201, first.status());
        String id = first.str("installationID");
        assertTrue(id.matches("[a-z0-9]{25}"));
        assertTrue(first.str("installationRegistrationID").matches("[0-9a-f-]{36}"));
        assertTrue(first.header("Location").endsWith("/installations/" + id));

        // ebisu: development as a string; KiiThingSDK-Embedded: installationType
        Http.Resp second = http.post(API + "/installations", "application/vnd.kii.InstallationCreationRequest+json",
                "{\"deviceType\":\"MQTT\",\"development\":\"false\"}", bearer(u.accessToken()));
        Http.Resp third = http.post(API + "/installations", "application/json",
                "{\"installationType\":\"MQTT\",\"development\":false}", bearer(u.accessToken()));
        Http.Resp fourth = http.post(API + "/installations", "application/json", "{\"deviceType\":\"MQTT\"}",
                bearer(u.accessToken()));
        assertEquals(id, second.str("installationID"));
        assertEquals(id, third.str("installationID"));
        assertEquals(id, fourth.str("installationID"));

        Http.Resp bad = http.post(API + "/installations", "application/json", "{\"deviceType\":\"FAX\"}",
                bearer(u.accessToken()));
        assertEquals(400, bad.status());

        Http.Resp get = http.get(API + "/installations/" + id, bearer(u.accessToken()));
        assertEquals("MQTT", get.str("deviceType"));
        assertEquals(u.userId(), get.str("userID"));
    }

    @Test
    public void mqttEndpointCarriesTtlInHeaderAndBody() {
        UserInfo u = emu.app(APP).registerUser("erin", "erin-pass");
        String id = http.post(API + "/installations", "application/json", "{\"deviceType\":\"MQTT\"}",
                bearer(u.accessToken())).str("installationID");
        Http.Resp ep = http.get(API + "/installations/" + id + "/mqtt-endpoint", bearer(u.accessToken()));
        assertEquals(200, ep.status());
        assertTrue(ep.contentType().startsWith("application/vnd.kii.MQTTEndpointResponse+json"));
        assertEquals("2147483647", ep.header("X-MQTT-TTL"));
        JsonObject b = ep.json();
        assertEquals(2147483647L, b.get("X-MQTT-TTL").getAsLong());
        assertEquals("localhost", b.get("host").getAsString());
        assertEquals(emu.mqttPort(), b.get("portTCP").getAsInt());
        assertEquals(emu.mqttTlsPort(), b.get("portSSL").getAsInt());
        assertFalse("WebSocket disabled here", b.has("portWS"));
        assertTrue(b.get("username").getAsString().matches(APP + "-[A-Za-z0-9]{23}"));
        assertTrue(b.get("password").getAsString().matches("[A-Za-z]{64}"));
        assertTrue(b.get("mqttTopic").getAsString().matches("[A-Za-z0-9]{23}"));
        assertEquals(id, b.get("installationID").getAsString());

        // stable while valid
        Http.Resp again = http.get(API + "/installations/" + id + "/mqtt-endpoint", bearer(u.accessToken()));
        assertEquals(b.get("password").getAsString(), again.json().get("password").getAsString());

        Http.Resp missing = http.get(API + "/installations/nosuchinstallation/mqtt-endpoint", bearer(u.accessToken()));
        assertEquals(404, missing.status());
        assertEquals("INSTALLATION_NOT_FOUND", missing.errorCode());
        assertTrue(missing.contentType().startsWith("application/vnd.kii.InstallationNotFoundException+json"));

        UserInfo other = emu.app(APP).registerUser("mallory", "mallory-pass");
        assertEquals(401, http.get(API + "/installations/" + id + "/mqtt-endpoint", bearer(other.accessToken()))
                .status());
    }

    @Test
    public void installationDeletesByIdAndByRegistrationId() {
        UserInfo u = emu.app(APP).registerUser("frank", "frank-pass");
        Http.Resp created = http.post(API + "/installations", "application/json", "{\"deviceType\":\"MQTT\"}",
                bearer(u.accessToken()));
        String id = created.str("installationID");
        String reg = created.str("installationRegistrationID");
        assertEquals(204, http.delete(API + "/installations/" + id, bearer(u.accessToken())).status());
        assertEquals(404, http.delete(API + "/installations/" + id, bearer(u.accessToken())).status());

        Http.Resp again = http.post(API + "/installations", "application/json", "{\"deviceType\":\"MQTT\"}",
                bearer(u.accessToken()));
        assertNotEquals(id, again.str("installationID"));
        String reg2 = again.str("installationRegistrationID");
        assertNotEquals(reg, reg2);
        assertEquals(204, http.delete(API + "/installations/MQTT:" + reg2, bearer(u.accessToken())).status());
        assertTrue(emu.observe().installations().stream().noneMatch(i -> i.registrationId().equals(reg2)));
    }

    @Test
    public void endpointNotReadyAnswers503ThenTheEndpoint() {
        UserInfo u = emu.app(APP).registerUser("gina", "gina-pass");
        String id = http.post(API + "/installations", "application/json", "{\"deviceType\":\"MQTT\"}",
                bearer(u.accessToken())).str("installationID");
        emu.faults().endpointNotReady(2);
        for (int i = 0; i < 2; i++) {
            Http.Resp r = http.get(API + "/installations/" + id + "/mqtt-endpoint", bearer(u.accessToken()));
            assertEquals(503, r.status());
            assertEquals("MQTT_ENDPOINT_NOT_READY", r.errorCode());
            assertTrue(r.contentType().startsWith("application/vnd.kii.MqttEndpointNotReadyException+json"));
        }
        assertEquals(200, http.get(API + "/installations/" + id + "/mqtt-endpoint", bearer(u.accessToken())).status());
    }

    @Test
    public void unknownPathAndMethodAreKiiErrors() {
        Http.Resp r = http.get("/api/apps/" + APP + "/nothing/here");
        assertEquals(404, r.status());
        assertNotNull(r.json().get("errorCode"));
        Http.Resp badJson = http.post(API + "/users", "application/json", "{not json");
        assertEquals(400, badJson.status());
        assertEquals("INVALID_JSON", badJson.errorCode());
    }

    @Test
    public void recordsPrincipalAndStatus() {
        UserInfo u = emu.app(APP).registerUser("hank", "hank-pass");
        http.get(API + "/users/me", bearer(u.accessToken()));
        RecordedRequest last = emu.observe().requestsTo("/users/me$").stream()
                .filter(r -> ("user:" + u.userId()).equals(r.principal())).findFirst().orElseThrow();
        assertEquals("GET", last.method());
        assertEquals(AuthKind.BEARER, last.authKind());
        assertEquals(200, last.status());
        assertEquals("HTTP", last.transport());
        assertNull(last.errorCode());
    }
}
