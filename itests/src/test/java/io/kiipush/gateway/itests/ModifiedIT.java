package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.Before;
import org.junit.Test;

import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;

/**
 * Scenario 6: a configuration change while CONNECTED (Kura's console "Apply") reconnects only when it changes the
 * connection (credentials, site, keep-alive); an unrelated field is applied in place on the live link.
 */
public class ModifiedIT extends GatewayItest {

    private static final String BUCKET = "modified-bucket";
    private static int things;

    private Events events;
    private Map<String, Object> onboarding;
    private Map<String, Object> session;

    @Before
    public void setUp() {
        events = listen(PushEvents.TOPIC_BUCKET_EVENT_PREFIX + "*");
        onboarding = Gateway.thing(kii, "it-modified-" + (++things), "modified-pass");
        onboarding.put("subscriptions.buckets", new String[] { BUCKET });
        session = Gateway.fastSession();
    }

    @Test(timeout = 90_000)
    public void changedCredentialsReconnectAsTheNewIdentity() {
        SessionStatus before = connect();
        onboarding.put("thing.vendorThingId", "it-modified-other-" + things);
        onboarding.put("thing.password", "other-pass");
        gateway.configureOnboarding(onboarding);

        SessionStatus after = awaitReconnectedFrom(before);
        assertNotEquals("a new identity has its own MQTT topic", before.getClientId(), after.getClientId());
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !kii.connectedClients().contains(before.getClientId()));
        assertTrue(kii.connectedClients().contains(after.getClientId()));
        pushFlows();
    }

    @Test(timeout = 90_000)
    public void changedSiteReconnects() {
        SessionStatus before = connect();
        int onboardingsBefore = onboardings();
        // The same emulator under another name: for the gateway a different Kii site.
        onboarding.put("site.url", kii.baseUrl().replace("localhost", "127.0.0.1"));
        gateway.configureOnboarding(onboarding);

        awaitReconnectedFrom(before);
        assertEquals("onboarded again at the new site", onboardingsBefore + 1, onboardings());
        pushFlows();
    }

    @Test(timeout = 90_000)
    public void changedKeepAliveReconnects() {
        SessionStatus before = connect();
        session.put("keepAliveSec", Gateway.KEEP_ALIVE_SEC + 2);
        gateway.configureSession(session);

        SessionStatus after = awaitReconnectedFrom(before);
        assertEquals("same endpoint, same client", before.getClientId(), after.getClientId());
        pushFlows();
    }

    @Test(timeout = 90_000)
    public void unrelatedFieldsApplyWithoutAReconnect() {
        SessionStatus before = connect();
        int onboardingsBefore = onboardings();
        onboarding.put("http.readTimeoutMs", 15000);
        onboarding.put("subscriptions.buckets", new String[] { BUCKET, "modified-added" });
        gateway.configureOnboarding(onboarding);
        session.put("queue.capacity", 5000);
        session.put("payload.maxBytes", 32768);
        session.put("backoff.maxMs", 2000L);
        gateway.configureSession(session);

        // The added subscription is applied on the live link...
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gateway.subscriptions().list().stream()
                .filter(s -> s.getState() == SubscriptionStatus.State.SUBSCRIBED).count() == 2);
        String id = kii.createObject("modified-added", Collections.singletonMap("added", true));
        events.await(1, e -> id.equals(e.getProperty(PushEvents.PROP_OBJECT_ID)), Duration.ofSeconds(15));

        // ...and the link itself never went down.
        SessionStatus after = gateway.statusOrNull();
        assertEquals(SessionState.CONNECTED, after.getState());
        assertEquals("same connection", before.getConnectedSince(), after.getConnectedSince());
        assertEquals("no reconnect", before.getReconnects(), after.getReconnects());
        assertEquals("no onboarding", onboardingsBefore, onboardings());
        assertFalse(kii.connectedClients().isEmpty());
    }

    private SessionStatus connect() {
        gateway.configure(onboarding, session);
        SessionStatus s = gateway.awaitConnected();
        pushFlows();
        return s;
    }

    private SessionStatus awaitReconnectedFrom(SessionStatus before) {
        SessionStatus[] last = new SessionStatus[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = gateway.statusOrNull();
            return last[0] != null && last[0].getState() == SessionState.CONNECTED
                    && last[0].getConnectedSince() > before.getConnectedSince();
        });
        return last[0];
    }

    private int onboardings() {
        return kii.requests("POST", "/thing-if/apps/[^/]+/onboardings$").size();
    }

    private void pushFlows() {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gateway.subscriptions().list().stream()
                .allMatch(s -> s.getState() == SubscriptionStatus.State.SUBSCRIBED));
        String id = kii.createObject(BUCKET, Collections.singletonMap("n", 1));
        events.await(1, e -> id.equals(e.getProperty(PushEvents.PROP_OBJECT_ID)), Duration.ofSeconds(15));
    }
}
