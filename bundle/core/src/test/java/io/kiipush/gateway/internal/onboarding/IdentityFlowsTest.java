package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.Transport;

/** Each identity mode end to end against the Kii stub: the calls made, their headers, bodies and the target. */
public class IdentityFlowsTest extends AgainstKiiStub {

    private ConnectTarget acquire(Map<String, Object> config) throws Exception {
        component = rig.start(config);
        return Fixtures.get(component.acquire());
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((KiiStub.APP + ":" + KiiStub.APP_KEY)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void thingOnboardsWithAnAnonymousTokenAndUsesTheEndpointOfTheAnswer() throws Exception {
        ConnectTarget t = acquire(Fixtures.thing(stub, dir));

        List<KiiModel.Req> tokens = stub.requests("POST", "/api/apps/app1/oauth2/token");
        assertEquals(1, tokens.size());
        KiiModel.Req token = tokens.get(0);
        assertEquals(basic(), token.header("Authorization"));
        assertEquals(KiiStub.APP, token.header("X-Kii-AppID"));
        assertEquals(KiiStub.APP_KEY, token.header("X-Kii-AppKey"));
        assertEquals("client_credentials", token.json().get("grant_type").getAsString());
        assertEquals(KiiStub.APP, token.json().get("client_id").getAsString());

        KiiModel.Req onboarding = stub.requests("POST", "/thing-if/apps/app1/onboardings").get(0);
        assertEquals("application/vnd.kii.OnboardingWithVendorThingIDByThing+json", onboarding.header("Content-Type"));
        assertTrue(onboarding.header("Authorization").startsWith("Bearer tok-S3CRET-"));
        JsonObject body = onboarding.json();
        assertEquals(KiiStub.VENDOR_THING_ID, body.get("vendorThingID").getAsString());
        assertEquals(KiiStub.THING_PASSWORD, body.get("thingPassword").getAsString());
        assertEquals("STANDALONE", body.get("layoutPosition").getAsString());

        assertEquals("the answer carried the endpoint", 0, stub.count("POST", "/api/apps/app1/installations"));
        assertEquals(0, stub.count("GET", ".*/mqtt-endpoint"));
        assertEquals(Transport.TLS, t.getTransport());
        assertEquals("ssl://" + KiiStub.MQTT_HOST + ":8883", t.serverUri());
        assertEquals("thing:th.vt-1", t.getIdentity());
        assertTrue("installation ID from the onboarding answer", t.getEndpoint().getInstallationId().matches("inst\\d+"));
        assertTrue(t.isVerifyHostname());
        assertNull(t.getSslSocketFactory());
    }

    @Test
    public void thingWithoutEndpointInTheAnswerCreatesTheInstallationAndFetchesTheEndpoint() throws Exception {
        stub.onboardingIncludesEndpoint = false;
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("installation.development", true);
        c.put("mqtt.transport", "TCP");
        ConnectTarget t = acquire(c);

        KiiModel.Req install = stub.requests("POST", "/api/apps/app1/installations").get(0);
        assertEquals("application/vnd.kii.InstallationCreationRequest+json", install.header("Content-Type"));
        assertEquals("MQTT", install.json().get("deviceType").getAsString());
        assertTrue(install.json().get("development").getAsBoolean());
        assertTrue(install.header("Authorization").startsWith("Bearer "));
        assertNull("no app credentials with a token", install.header("X-Kii-AppKey"));
        KiiModel.Req endpoint = stub.requests("GET", ".*/mqtt-endpoint").get(0);
        assertEquals("/api/apps/app1/installations/" + t.getEndpoint().getInstallationId() + "/mqtt-endpoint",
                endpoint.path);
        assertEquals(install.header("Authorization"), endpoint.header("Authorization"));
        assertEquals("tcp://" + KiiStub.MQTT_HOST + ":1883", t.serverUri());
    }

    @Test
    public void thingByOwnerUsesTheOwnerTokenAndTheByOwnerMediaType() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("thing.owner", "user:" + KiiStub.USER_ID);
        c.put("thing.ownerToken", KiiStub.OWNER_TOKEN);
        acquire(c);

        assertEquals("no anonymous token needed", 0, stub.count("POST", ".*/oauth2/token"));
        KiiModel.Req onboarding = stub.requests("POST", "/thing-if/apps/app1/onboardings").get(0);
        assertEquals("application/vnd.kii.OnboardingWithVendorThingIDByOwner+json", onboarding.header("Content-Type"));
        assertEquals("Bearer " + KiiStub.OWNER_TOKEN, onboarding.header("Authorization"));
        assertEquals("user:" + KiiStub.USER_ID, onboarding.json().get("owner").getAsString());
    }

    @Test
    public void thingByThingIdUsesTheThingIdMediaType() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.remove("thing.vendorThingId");
        c.put("thing.id", "th.known");
        ConnectTarget t = acquire(c);
        KiiModel.Req onboarding = stub.requests("POST", "/thing-if/apps/app1/onboardings").get(0);
        assertEquals("application/vnd.kii.OnboardingWithThingIDByThing+json", onboarding.header("Content-Type"));
        assertEquals("th.known", onboarding.json().get("thingID").getAsString());
        assertFalse(onboarding.json().has("vendorThingID"));
        assertEquals("thing:th.known", t.getIdentity());
    }

    @Test
    public void userLogsInCreatesTheInstallationAndFetchesTheEndpoint() throws Exception {
        ConnectTarget t = acquire(Fixtures.user(stub, dir));

        KiiModel.Req login = stub.requests("POST", "/api/apps/app1/oauth2/token").get(0);
        assertEquals(basic(), login.header("Authorization"));
        assertEquals("password", login.json().get("grant_type").getAsString());
        assertEquals(KiiStub.USERNAME, login.json().get("username").getAsString());
        assertEquals(KiiStub.USER_PASSWORD, login.json().get("password").getAsString());
        KiiModel.Req install = stub.requests("POST", "/api/apps/app1/installations").get(0);
        assertFalse(install.json().get("development").getAsBoolean());
        assertEquals(1, stub.count("GET", ".*/mqtt-endpoint"));
        assertEquals("user:" + KiiStub.USER_ID, t.getIdentity());
        assertEquals("topic-" + t.getEndpoint().getInstallationId(), t.getEndpoint().getMqttTopic());
    }

    @Test
    public void tokenModeUsesTheConfiguredTokenWithoutAnyLogin() throws Exception {
        stub.issueToken("pre-S3CRET-1", "user:" + KiiStub.USER_ID);
        ConnectTarget t = acquire(Fixtures.token(stub, dir, "pre-S3CRET-1", "user:" + KiiStub.USER_ID));
        assertEquals(0, stub.count("POST", ".*/oauth2/token"));
        assertEquals("Bearer pre-S3CRET-1", stub.requests("POST", ".*/installations").get(0).header("Authorization"));
        assertEquals("Bearer pre-S3CRET-1", stub.requests("GET", ".*/mqtt-endpoint").get(0).header("Authorization"));
        assertEquals("user:" + KiiStub.USER_ID, t.getIdentity());
    }

    @Test
    public void refusedPreIssuedTokenIsAnAuthenticationFailureWithoutRetryTricks() throws Exception {
        component = rig.start(Fixtures.token(stub, dir, "revoked-S3CRET-2", "thing:th.1"));
        OnboardingException e = Fixtures.failure(component.acquire());
        assertEquals(ErrorKind.AUTHENTICATION, e.getKind());
        assertEquals(403, e.getHttpStatus());
        assertEquals("WRONG_TOKEN", e.getKiiErrorCode());
        assertTrue(e.getMessage(), e.getMessage().contains("Kii refused the access token of thing:th.1 (403 WRONG_TOKEN"));
        assertTrue(e.getMessage(), e.getMessage().contains("enter a valid token in Access token (token.value)"));
        assertFalse(e.getMessage().contains("S3CRET"));
        assertEquals(0, stub.count("POST", ".*/oauth2/token"));
        assertEquals(1, stub.count("POST", ".*/installations"));
    }

    @Test
    public void transportWithoutPortInTheEndpointIsAConfigurationError() throws Exception {
        stub.offerWss = false;
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("mqtt.transport", "WSS");
        component = rig.start(c);
        OnboardingException e = Fixtures.failure(component.acquire());
        assertEquals(ErrorKind.CONFIGURATION, e.getKind());
        assertEquals("the broker " + KiiStub.MQTT_HOST + " offers no WSS port; choose TLS or TCP or WS in "
                + "MQTT transport (mqtt.transport)",
                e.getMessage());
    }

    @Test
    public void webSocketTargetCarriesThePath() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("mqtt.transport", "WS");
        c.put("mqtt.webSocketPath", "/kii-ws");
        ConnectTarget t = acquire(c);
        assertEquals("ws://" + KiiStub.MQTT_HOST + ":12470/kii-ws", t.serverUri());
        assertFalse(t.toString().contains("S3CRET"));
        assertFalse(t.getEndpoint().toString().contains("S3CRET"));
    }
}
