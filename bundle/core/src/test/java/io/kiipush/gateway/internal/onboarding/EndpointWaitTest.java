package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.onboarding.KiiModel.Reply;

/** The bounded wait while mqtt-endpoint answers 503 MQTT_ENDPOINT_NOT_READY (docs/kii-protocol.md §3.2). */
public class EndpointWaitTest extends AgainstKiiStub {

    private static final String ENDPOINT = ".*/mqtt-endpoint";

    private static Reply notReady() {
        return Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "The MQTT endpoint is not ready");
    }

    @Test
    public void notReadyThreeTimesThenTheEndpoint() throws Exception {
        stub.enqueue("GET", ENDPOINT, notReady(), notReady(), notReady());
        component = rig.start(Fixtures.user(stub, dir));
        CompletableFuture<ConnectTarget> f = component.acquire();
        ConnectTarget t = Fixtures.get(f);
        assertEquals(4, stub.count("GET", ENDPOINT));
        assertEquals("one installation despite the retries", 1, stub.count("POST", ".*/installations"));
        assertTrue(t.getEndpoint().getMqttTopic().startsWith("topic-"));
    }

    @Test
    public void notReadyBeyondTheBoundedWaitIsTransient() throws Exception {
        stub.always("GET", ENDPOINT, r -> notReady());
        Map<String, Object> c = Fixtures.user(stub, dir);
        c.put("endpoint.maxWaitSec", 1);
        component = rig.start(c);
        long started = System.nanoTime();
        OnboardingException e = Fixtures.failure(component.acquire());
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(ErrorKind.TRANSIENT, e.getKind());
        assertEquals("MQTT_ENDPOINT_NOT_READY", e.getKiiErrorCode());
        assertEquals(503, e.getHttpStatus());
        assertTrue(e.getMessage(), e.getMessage().contains("was still not ready after 1 s"));
        assertTrue(e.getMessage(), e.getMessage().contains("endpoint.maxWaitSec"));
        assertTrue("waited " + elapsedMs + " ms", elapsedMs >= 900 && elapsedMs < 5000);
        int requests = stub.count("GET", ENDPOINT);
        assertTrue("retried with capped backoff: " + requests + " requests", requests >= 5 && requests <= 30);
    }

    @Test
    public void retryAfterInTheBodyIsHonoured() throws Exception {
        stub.enqueue("GET", ENDPOINT, Reply.of(503, "{\"errorCode\":\"MQTT_ENDPOINT_NOT_READY\",\"retryAfter\":1}"));
        component = rig.start(Fixtures.user(stub, dir));
        Fixtures.get(component.acquire());
        List<KiiModel.Req> gets = stub.requests("GET", ENDPOINT);
        assertEquals(2, gets.size());
        // The test tuning retries after 20 ms; only retryAfter explains a gap of about a second.
        long gap = gets.get(1).receivedAt - gets.get(0).receivedAt;
        assertTrue("gap " + gap + " ms", gap >= 900);
    }
}
