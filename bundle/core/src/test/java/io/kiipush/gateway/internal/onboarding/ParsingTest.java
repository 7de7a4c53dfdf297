package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/** Tolerant reading of Kii answers: the field spellings different SDKs and fixtures use (docs/kii-protocol.md §2.4, §3.2, §7). */
public class ParsingTest {

    @Rule
    public Timeout timeout = Timeout.seconds(10);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static MqttEndpoint endpoint(String json, String ttlHeader) {
        return KiiJson.endpoint(KiiJson.parseObject(json), ttlHeader, "fallback-inst", 1000L);
    }

    @Test
    public void restEndpointAnswerWithTtlInBody() {
        MqttEndpoint ep = endpoint("{\"installationID\":\"i1\",\"username\":\"u\",\"password\":\"p\","
                + "\"mqttTopic\":\"t\",\"host\":\"h\",\"portTCP\":1883,\"portSSL\":8883,\"portWS\":12470,"
                + "\"portWSS\":12473,\"X-MQTT-TTL\":120}", null);
        assertEquals("i1", ep.getInstallationId());
        assertEquals("h", ep.getHost());
        assertEquals(1883, ep.getPortTcp());
        assertEquals(8883, ep.getPortSsl());
        assertEquals(12470, ep.getPortWs());
        assertEquals(12473, ep.getPortWss());
        assertEquals("u", ep.getUsername());
        assertEquals("p", ep.getPassword());
        assertEquals("t", ep.getMqttTopic());
        assertEquals(120, ep.getTtlSeconds());
        assertEquals(1000L + 120_000L, ep.expiresAt());
    }

    @Test
    public void onboardingStyleUserNameAndTtlKeyAndMissingWebSocketPorts() {
        MqttEndpoint ep = endpoint("{\"userName\":\"u\",\"password\":\"p\",\"mqttTopic\":\"t\",\"host\":\"h\","
                + "\"portTCP\":1883,\"portSSL\":8883,\"ttl\":2147483647}", null);
        assertEquals("u", ep.getUsername());
        assertEquals(0, ep.getPortWs());
        assertEquals(0, ep.getPortWss());
        assertEquals(MqttEndpoint.TTL_FOREVER, ep.getTtlSeconds());
        assertEquals(Long.MAX_VALUE, ep.expiresAt());
        assertEquals("the installation asked for is kept when the answer omits it", "fallback-inst",
                ep.getInstallationId());
    }

    @Test
    public void ttlFromHeaderWhenTheBodyHasNone() {
        assertEquals(300, endpoint("{\"username\":\"u\",\"password\":\"p\",\"mqttTopic\":\"t\",\"host\":\"h\"}", " 300 ")
                .getTtlSeconds());
        assertEquals("no TTL anywhere: never expires", MqttEndpoint.TTL_FOREVER,
                endpoint("{\"username\":\"u\",\"password\":\"p\",\"mqttTopic\":\"t\",\"host\":\"h\"}", null)
                        .getTtlSeconds());
    }

    @Test
    public void caseInsensitiveKeysAndNumericStrings() {
        MqttEndpoint ep = endpoint("{\"USERNAME\":\"u\",\"Password\":\"p\",\"mqtttopic\":\"t\",\"HOST\":\"h\","
                + "\"porttcp\":\"1883\",\"PortSSL\":\"8883\",\"x-mqtt-ttl\":\"60\",\"portWS\":\"x\"}", null);
        assertEquals("u", ep.getUsername());
        assertEquals(1883, ep.getPortTcp());
        assertEquals(8883, ep.getPortSsl());
        assertEquals(0, ep.getPortWs());
        assertEquals(60, ep.getTtlSeconds());
    }

    @Test
    public void missingRequiredFieldIsNamed() {
        for (String field : Arrays.asList("host", "username", "password", "mqttTopic")) {
            JsonObject o = KiiJson.parseObject("{\"username\":\"u\",\"password\":\"p\",\"mqttTopic\":\"t\",\"host\":\"h\"}");
            o.remove(field);
            try {
                KiiJson.endpoint(o, null, null, 0);
                fail("expected a failure for missing " + field);
            } catch (IllegalArgumentException e) {
                assertEquals("the answer has no '" + field + "'", e.getMessage());
            }
        }
    }

    @Test
    public void nonObjectsAreNotParsed() {
        assertNull(KiiJson.parseObject(""));
        assertNull(KiiJson.parseObject("[1,2]"));
        assertNull(KiiJson.parseObject("<html>"));
        assertNull(KiiJson.parseObject("{broken"));
    }

    @Test
    public void onboardingAnswerWithAndWithoutUsableEndpoint() throws Exception {
        OnboardingSettings s = Fixtures.settings(Fixtures.thing(null, tmp.getRoot().toPath()));
        Grant g = ThingOnboarding.grant(s.identity, KiiJson.parseObject("{\"accessToken\":\"a\","
                + "\"thingID\":\"th.1\",\"mqttEndpoint\":{\"installationID\":\"i\",\"username\":\"u\",\"password\":\"p\","
                + "\"mqttTopic\":\"t\",\"host\":\"h\",\"portSSL\":8883,\"ttl\":10}}"), null, 5);
        assertEquals("a", g.token);
        assertEquals("th.1", g.ownerId);
        assertEquals("thing", g.ownerKind);
        assertEquals(10, g.endpoint.getTtlSeconds());
        assertEquals("i", g.endpoint.getInstallationId());

        Grant noEndpoint = ThingOnboarding.grant(s.identity, KiiJson.parseObject("{\"access_token\":\"a\","
                + "\"thingID\":\"th.1\",\"mqttEndpoint\":{\"host\":\"h\"}}"), null, 5);
        assertNull("an incomplete endpoint is fetched separately", noEndpoint.endpoint);
        assertFalse(noEndpoint.toString().contains("a\""));

        try {
            ThingOnboarding.grant(s.identity, KiiJson.parseObject("{\"thingID\":\"th.1\"}"), null, 5);
            fail();
        } catch (OnboardingException e) {
            assertEquals(ErrorKind.TRANSIENT, e.getKind());
            assertTrue(e.getMessage(), e.getMessage().contains("it has no 'accessToken'"));
        }
    }

    private static ApiResponse api(String text) {
        return ApiResponse.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void apiViaMqttResponseWithCrlf() {
        ApiResponse r = api("200\r\nContent-Type: application/json\r\nX-Kii-RequestID: r1\r\n\r\n{\"a\":1}");
        assertNotNull(r);
        assertEquals(200, r.status);
        assertEquals("application/json", r.headers.get("content-type"));
        assertEquals("{\"a\":1}", r.body);
        assertTrue(r.answers("r1"));
        assertFalse(r.answers("r2"));
    }

    @Test
    public void apiViaMqttResponseWithLfOnlyOrNoHeaders() {
        ApiResponse lf = api("403\nContent-Type: application/json\n\n{\"errorCode\":\"X\"}");
        assertEquals(403, lf.status);
        assertEquals("{\"errorCode\":\"X\"}", lf.body);
        assertTrue("no request ID: accepted", lf.answers("any"));

        ApiResponse bare = api("200\r\n{\"accessToken\":\"a\"}");
        assertEquals(200, bare.status);
        assertEquals("{\"accessToken\":\"a\"}", bare.body);

        assertEquals(201, api("HTTP/1.1 201 Created\r\n\r\n{}").status);
    }

    @Test
    public void ownRequestEchoIsNotAResponse() {
        assertNull(api("POST\r\nContent-Type: application/vnd.kii.OnboardingWithVendorThingIDByThing+json\r\n\r\n{}"));
        assertNull(api("20x\r\n\r\n{}"));
        assertNull(api("2000\r\n\r\n{}"));
    }

    @Test
    public void serverTextInMessagesIsCleanedOfSecrets() {
        String d = KiiAnswers.detail(403, "WRONG_TOKEN", "token tok-S3CRET-9 is\r\nnot valid",
                Arrays.asList("tok-S3CRET-9"));
        assertEquals("(403 WRONG_TOKEN: token *** is  not valid)", d);
        String longText = new String(new char[500]).replace('\0', 'x');
        assertTrue(KiiAnswers.detail(500, null, longText, Arrays.<String>asList()).length() < 200);
    }

    @Test
    public void onboardingRequestVariants() throws Exception {
        java.util.Map<String, Object> c = Fixtures.thing(null, tmp.getRoot().toPath());
        c.put("thing.type", "sensor");
        c.put("thing.firmwareVersion", "1.2");
        c.put("thing.layoutPosition", "gateway");
        OnboardingSettings s = Fixtures.settings(c);
        assertEquals("application/vnd.kii.OnboardingWithVendorThingIDByThing+json", ThingOnboarding.mediaType(s.identity));
        JsonObject b = ThingOnboarding.body(s.identity);
        assertEquals(KiiStub.VENDOR_THING_ID, b.get("vendorThingID").getAsString());
        assertEquals(KiiStub.THING_PASSWORD, b.get("thingPassword").getAsString());
        assertEquals("sensor", b.get("thingType").getAsString());
        assertEquals("1.2", b.get("firmwareVersion").getAsString());
        assertEquals("GATEWAY", b.get("layoutPosition").getAsString());
        assertFalse(b.has("owner"));

        c.remove("thing.vendorThingId");
        c.put("thing.id", "th.9");
        c.put("thing.owner", "group:g1");
        c.put("thing.ownerToken", KiiStub.OWNER_TOKEN);
        s = Fixtures.settings(c);
        assertEquals("application/vnd.kii.OnboardingWithThingIDByOwner+json", ThingOnboarding.mediaType(s.identity));
        b = ThingOnboarding.body(s.identity);
        assertEquals("th.9", b.get("thingID").getAsString());
        assertEquals("group:g1", b.get("owner").getAsString());
        assertFalse("thingType only applies when a vendorThingID registers a thing", b.has("thingType"));
    }
}
