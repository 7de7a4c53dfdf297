package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.RefreshReason;
import io.kiipush.gateway.internal.endpoint.Transport;
import io.kiipush.gateway.internal.onboarding.KiiModel.Reply;

/** refresh(): same installation with the stored token; re-onboard on a refused token; reinstall when Kii lost it. */
public class RefreshTest extends AgainstKiiStub {

    private static final String ENDPOINT = ".*/mqtt-endpoint";

    @Test
    public void refreshFetchesANewEndpointForTheSameInstallationWithTheStoredToken() throws Exception {
        component = rig.start(Fixtures.user(stub, dir));
        ConnectTarget first = Fixtures.get(component.acquire());
        ConnectTarget fresh = Fixtures.get(component.refresh(first, RefreshReason.CREDENTIALS_REFUSED));
        assertEquals(1, stub.count("POST", ".*/oauth2/token"));
        assertEquals(1, stub.count("POST", ".*/installations"));
        assertEquals(2, stub.count("GET", ENDPOINT));
        assertEquals(first.getEndpoint().getInstallationId(), fresh.getEndpoint().getInstallationId());
        assertFalse(first.sameConnection(fresh));
    }

    @Test
    public void refusedTokenMakesTheThingOnboardAgainAndTheNewTokenIsPersisted() throws Exception {
        component = rig.start(Fixtures.thing(stub, dir));
        ConnectTarget first = Fixtures.get(component.acquire());
        stub.revokeTokens();

        ConnectTarget fresh = Fixtures.get(component.refresh(first, RefreshReason.CREDENTIALS_REFUSED));

        assertEquals("403 from mqtt-endpoint, then onboarding again", 1, stub.count("GET", ENDPOINT));
        assertEquals(2, stub.count("POST", ".*/onboardings"));
        assertEquals(2, stub.count("POST", ".*/oauth2/token"));
        assertEquals("same thing, same installation", first.getEndpoint().getInstallationId(),
                fresh.getEndpoint().getInstallationId());
        assertFalse(first.sameConnection(fresh));

        rig.stop(component);
        int calls = stub.requests.size();
        OnboardingComponent restarted = rig.start(Fixtures.thing(stub, dir));
        assertTrue(fresh.sameConnection(Fixtures.get(restarted.acquire())));
        assertEquals(calls, stub.requests.size());
    }

    @Test
    public void refusedTokenMakesTheUserLogInAgainWithoutASecondInstallation() throws Exception {
        component = rig.start(Fixtures.user(stub, dir));
        ConnectTarget first = Fixtures.get(component.acquire());
        stub.revokeTokens();

        ConnectTarget fresh = Fixtures.get(component.refresh(first, RefreshReason.CREDENTIALS_REFUSED));

        assertEquals(2, stub.count("POST", ".*/oauth2/token"));
        assertEquals(1, stub.count("POST", ".*/installations"));
        assertEquals(3, stub.count("GET", ENDPOINT));
        assertEquals(first.getEndpoint().getInstallationId(), fresh.getEndpoint().getInstallationId());
    }

    @Test
    public void lostInstallationIsCreatedAgainAndPersisted() throws Exception {
        component = rig.start(Fixtures.user(stub, dir));
        ConnectTarget first = Fixtures.get(component.acquire());
        stub.dropInstallations();

        ConnectTarget fresh = Fixtures.get(component.refresh(first, RefreshReason.TTL_EXPIRED));

        assertEquals(2, stub.count("POST", ".*/installations"));
        assertEquals(1, stub.count("POST", ".*/oauth2/token"));
        String newInstallation = fresh.getEndpoint().getInstallationId();
        assertNotEquals(first.getEndpoint().getInstallationId(), newInstallation);
        component.service().inspect(st -> assertEquals(newInstallation, st.installationId));
    }

    @Test
    public void refreshWithAStaleTargetThatWasAlreadyReplacedMakesNoCall() throws Exception {
        component = rig.start(Fixtures.user(stub, dir));
        ConnectTarget first = Fixtures.get(component.acquire());
        ConnectTarget second = Fixtures.get(component.refresh(first, RefreshReason.CREDENTIALS_REFUSED));
        int calls = stub.requests.size();

        ConnectTarget again = Fixtures.get(component.refresh(first, RefreshReason.CREDENTIALS_REFUSED));

        assertEquals(calls, stub.requests.size());
        assertTrue(second.sameConnection(again));
    }

    @Test
    public void concurrentCallsShareOneFlow() throws Exception {
        stub.enqueue("GET", ENDPOINT, Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "wait"),
                Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "wait"), Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "wait"));
        component = rig.start(Fixtures.user(stub, dir));
        CompletableFuture<ConnectTarget> a = component.acquire();
        CompletableFuture<ConnectTarget> b = component.acquire();
        CompletableFuture<ConnectTarget> c = component.acquire();
        assertSame(a, b);
        assertSame(a, c);
        ConnectTarget t = Fixtures.get(a);
        assertEquals(1, stub.count("POST", ".*/oauth2/token"));
        assertEquals(1, stub.count("POST", ".*/installations"));

        stub.enqueue("GET", ENDPOINT, Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "wait"),
                Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "wait"));
        CompletableFuture<ConnectTarget> r1 = component.refresh(t, RefreshReason.SUBSCRIBE_REFUSED);
        CompletableFuture<ConnectTarget> r2 = component.refresh(t, RefreshReason.SUBSCRIBE_REFUSED);
        assertSame(r1, r2);
        Fixtures.get(r1);
        assertEquals(4 + 3, stub.count("GET", ENDPOINT));
    }

    @Test
    public void refreshDuringAnAcquireTakesItsResultWhenItIsNotTheStaleEndpoint() throws Exception {
        stub.enqueue("GET", ENDPOINT, Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "wait"),
                Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "wait"), Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "wait"));
        component = rig.start(Fixtures.user(stub, dir));
        ConnectTarget unrelated = new ConnectTarget(new MqttEndpoint("old",
                "old.host", 1883, 8883, 0, 0, "u", "p", "t", 60, 0), Transport.TLS,
                null, "", true, "/mqtt", "user:old");

        CompletableFuture<ConnectTarget> acquire = component.acquire();
        CompletableFuture<ConnectTarget> refresh = component.refresh(unrelated, RefreshReason.CREDENTIALS_REFUSED);
        assertFalse("the acquire is still waiting for the endpoint", acquire.isDone());

        ConnectTarget fromAcquire = Fixtures.get(acquire);
        ConnectTarget fromRefresh = Fixtures.get(refresh);
        assertTrue(fromAcquire.sameConnection(fromRefresh));
        assertEquals("no extra request for the refresh", 4, stub.count("GET", ENDPOINT));
    }

    @Test
    public void refusedPreIssuedTokenOnRefreshIsAuthenticationWithoutLogin() throws Exception {
        stub.issueToken("pre-S3CRET-7", "user:" + KiiStub.USER_ID);
        component = rig.start(Fixtures.token(stub, dir, "pre-S3CRET-7", "user:" + KiiStub.USER_ID));
        ConnectTarget first = Fixtures.get(component.acquire());
        stub.revokeTokens();
        OnboardingException e = Fixtures.failure(component.refresh(first, RefreshReason.CREDENTIALS_REFUSED));
        assertEquals(ErrorKind.AUTHENTICATION, e.getKind());
        assertTrue(e.getMessage(), e.getMessage().contains("token.value"));
        assertEquals(0, stub.count("POST", ".*/oauth2/token"));
    }

    @Test
    public void refreshBeforeAnyOnboardingOnboards() throws Exception {
        component = rig.start(Fixtures.thing(stub, dir));
        ConnectTarget t = Fixtures.get(component.refresh(null, RefreshReason.TTL_EXPIRED));
        assertEquals(1, stub.count("POST", ".*/onboardings"));
        assertEquals("thing:th.vt-1", t.getIdentity());
    }
}
