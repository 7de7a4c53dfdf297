package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.event.EventAdmin;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;

/**
 * Scenario 7: the faults of a field network, each ending CONNECTED again with everything the gateway received
 * accounted for: received = dispatched + dropped + malformed, and every dispatched push seen by a real handler.
 */
public class FaultsIT extends GatewayItest {

    private static final String BUCKET = "faults-bucket";
    private static final String ONBOARDINGS = "/thing-if/apps/[^/]+/onboardings$";
    private static final String ENDPOINTS = "/installations/[^/]+/mqtt-endpoint$";
    private static int things;

    private Events events;
    private Map<String, Object> onboarding;
    private int pushes;
    /** Pushes Felix EventAdmin swallowed while it reconfigured after a restart (see the EventAdmin test). */
    private long lostByEventAdmin;
    private Thread watcher;

    @Before
    public void setUp() {
        kii.clearRestFaults();
        events = listen(PushEvents.TOPIC_BUCKET_EVENT_ALL);
        onboarding = Gateway.thing(kii, "it-faults-" + (++things), "faults-pass");
        onboarding.put("subscriptions.buckets", new String[] { BUCKET });
        pushes = 0;
    }

    @After
    public void tearDown() throws InterruptedException {
        if (watcher != null) {
            watcher.interrupt();
            watcher.join(1000);
        }
        kii.resumeBroker();
        kii.clearRestFaults();
    }

    @Test(timeout = 90_000)
    public void brokerKilledAndRestarted() {
        SessionStatus before = connect();
        kii.killBroker(2);
        SessionStatus after = awaitReconnectedFrom(before, Duration.ofSeconds(30));
        assertTrue("counted as a reconnect", after.getReconnects() > before.getReconnects());
        pushFlows();
        assertAccounted();
    }

    @Test(timeout = 90_000)
    public void hungBrokerIsDetectedWithinOneAndAHalfKeepAlives() {
        SessionStatus before = connect();
        long hungAt = System.nanoTime();
        kii.hangBroker();
        SessionStatus[] down = new SessionStatus[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            down[0] = gateway.statusOrNull();
            return down[0].getState() != SessionState.CONNECTED;
        });
        long detectedMs = (System.nanoTime() - hungAt) / 1_000_000;
        // The session measures the silence since the last inbound packet (a PINGRESP may still land after the hang
        // request): it must end the link at 1.5 x keepAlive of silence, where Paho alone waits 2 x keepAlive.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("for (\\d+) ms").matcher(String.valueOf(down[0].getLastError()));
        assertTrue("a dead-link error: " + down[0], m.find());
        long silentMs = Long.parseLong(m.group(1));
        long deadLinkMs = Gateway.KEEP_ALIVE_SEC * 1500L;
        System.out.println("FaultsIT: hung broker detected " + detectedMs + " ms after the hang, after " + silentMs
                + " ms of silence (keepAlive " + Gateway.KEEP_ALIVE_SEC + " s)");
        assertTrue("silence " + silentMs + " ms before the link was ended", silentMs >= deadLinkMs && silentMs < deadLinkMs + 500);
        assertTrue("detected " + detectedMs + " ms after the hang", detectedMs < Gateway.KEEP_ALIVE_SEC * 2000L);

        kii.resumeBroker();
        awaitReconnectedFrom(before, Duration.ofSeconds(30));
        pushFlows();
        assertAccounted();
    }

    @Test(timeout = 90_000)
    public void revokedCredentialsRefreshTheEndpointOfTheSameInstallation() {
        SessionStatus before = connect();
        JsonObject installation = installationOf(before.getClientId());
        int installations = kii.installations().size();
        int onboardings = kii.requests("POST", ONBOARDINGS).size();
        int endpoints = kii.requests("GET", ENDPOINTS).size();

        kii.revokeCredentials(installation.get("installationID").getAsString());

        SessionStatus after = awaitReconnectedFrom(before, Duration.ofSeconds(30));
        assertEquals("same installation, same MQTT topic", before.getClientId(), after.getClientId());
        assertEquals("no new installation", installations, kii.installations().size());
        assertEquals("no re-onboarding: the token still works", onboardings, kii.requests("POST", ONBOARDINGS).size());
        assertTrue("a fresh endpoint was fetched", kii.requests("GET", ENDPOINTS).size() > endpoints);
        pushFlows();
        assertAccounted();
    }

    @Test(timeout = 120_000)
    public void mqttEndpointNotReadyIsRetriedUntilReady() {
        kii.registerUser("it-faults-user", "faults-user-pass");
        Map<String, Object> user = Gateway.site(kii);
        user.put("identity.mode", "USER");
        user.put("user.username", "it-faults-user");
        user.put("user.password", "faults-user-pass");
        user.put("subscriptions.buckets", new String[] { BUCKET });
        onboarding = user;
        kii.clearRequests();
        kii.endpointNotReady(3);

        connectWithin(Duration.ofSeconds(60));
        List<JsonObject> calls = kii.requests("GET", ENDPOINTS);
        assertEquals("three 503 answers, then the endpoint: " + calls, 4, calls.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(503, calls.get(i).get("status").getAsInt());
            assertEquals("MQTT_ENDPOINT_NOT_READY", calls.get(i).get("errorCode").getAsString());
        }
        assertEquals(200, calls.get(3).get("status").getAsInt());
        pushFlows();
        assertAccounted();
    }

    @Test(timeout = 90_000)
    public void restServerErrorsAreTransientAndRetried() {
        kii.clearRequests();
        kii.failRest(ONBOARDINGS, 503, 2);
        List<SessionStatus> seen = watchStatuses();

        connectWithin(Duration.ofSeconds(45));
        List<JsonObject> calls = kii.requests("POST", ONBOARDINGS);
        assertEquals("two failures, then success: " + calls, 3, calls.size());
        assertEquals(503, calls.get(0).get("status").getAsInt());
        assertEquals(200, calls.get(2).get("status").getAsInt());
        assertTrue("reported as TRANSIENT on the way: " + seen,
                seen.stream().anyMatch(s -> s.getLastErrorKind() == ErrorKind.TRANSIENT));
        pushFlows();
        assertAccounted();
    }

    @Test(timeout = 90_000)
    public void slowRestAnswersTimeOutAndAreRetried() {
        onboarding.put("http.readTimeoutMs", 1000);
        kii.clearRequests();
        kii.slowRest(ONBOARDINGS, 3000, 1);
        List<SessionStatus> seen = watchStatuses();

        connectWithin(Duration.ofSeconds(45));
        // The emulator records the slow call when its delayed answer goes out (the gateway no longer listens).
        Awaitility.await("the slow call was abandoned and retried").atMost(Duration.ofSeconds(10))
                .until(() -> kii.requests("POST", ONBOARDINGS).size() == 2);
        assertTrue("reported as TRANSIENT on the way: " + seen,
                seen.stream().anyMatch(s -> s.getLastErrorKind() == ErrorKind.TRANSIENT
                        && String.valueOf(s.getLastError()).toLowerCase().contains("time")));
        pushFlows();
        assertAccounted();
    }

    @Test(timeout = 90_000)
    public void pushesWaitWhileEventAdminIsAbsentAndAreDeliveredWhenItReturns() throws Exception {
        SessionStatus before = connect();
        Bundle eventAdmin = context.getServiceReference(EventAdmin.class).getBundle();
        eventAdmin.stop();
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(kii.createObject(BUCKET, Collections.singletonMap("while", "absent")));
                pushes++;
            }
            // All arrived over MQTT and wait in the queue: nothing dispatched, nothing dropped.
            Awaitility.await().atMost(Duration.ofSeconds(15))
                    .until(() -> gateway.statusOrNull().getReceived() == before.getReceived() + 20);
            SessionStatus waiting = gateway.statusOrNull();
            assertEquals(before.getDispatched(), waiting.getDispatched());
            assertEquals(0, waiting.getDropped());
            assertEquals(20, waiting.getQueued());
            assertEquals(SessionState.CONNECTED, waiting.getState());

            eventAdmin.start();
            // Ours: every waiting push is handed to the new EventAdmin, none dropped.
            Awaitility.await().atMost(Duration.ofSeconds(15))
                    .until(() -> gateway.statusOrNull().getDispatched() == before.getDispatched() + 20);
            assertEquals(0, gateway.statusOrNull().getDropped());
            assertEquals(0, gateway.statusOrNull().getQueued());
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (missing(ids) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50); // bounded poll: how many reach the handler is counted below, not awaited as one
            }
            lostByEventAdmin = missing(ids);
            if ("felix".equals(ItestSupport.FRAMEWORK)) {
                // Felix EventAdmin, once started, is configured by Config Admin on a thread of its own and closes and
                // reopens its handler tracker meanwhile: what is posted in that moment reaches no handler
                // (docs/events.md). The bundle cannot see it; it is counted and printed, not failed on.
                System.out.println("FaultsIT [felix]: " + lostByEventAdmin + " of 20 pushes posted to the restarted "
                        + "EventAdmin reached no handler");
            } else {
                assertEquals("every push posted to the restarted EventAdmin reached the handler", 0, lostByEventAdmin);
            }
        } finally {
            if (eventAdmin.getState() != Bundle.ACTIVE) {
                eventAdmin.start();
            }
        }
        assertAccounted();
    }

    private long missing(List<String> ids) {
        return ids.stream().filter(id -> events.matching(e -> id.equals(e.getProperty(PushEvents.PROP_OBJECT_ID)))
                .isEmpty()).count();
    }

    // ------------------------------------------------------------------ helpers

    private SessionStatus connect() {
        return connectWithin(Duration.ofSeconds(30));
    }

    private SessionStatus connectWithin(Duration within) {
        gateway.configure(onboarding, Gateway.fastSession());
        gateway.awaitState(SessionState.CONNECTED, within);
        pushFlows();
        return gateway.statusOrNull();
    }

    private SessionStatus awaitReconnectedFrom(SessionStatus before, Duration within) {
        SessionStatus[] last = new SessionStatus[1];
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = gateway.statusOrNull();
            return last[0] != null && last[0].getState() == SessionState.CONNECTED
                    && last[0].getConnectedSince() > before.getConnectedSince();
        });
        return last[0];
    }

    /** Polls the status every 20 ms from now until the test ends, keeping each one that carries an error. */
    private List<SessionStatus> watchStatuses() {
        List<SessionStatus> seen = new CopyOnWriteArrayList<>();
        watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                SessionStatus s = gateway.statusOrNull();
                if (s != null && s.getLastError() != null) {
                    seen.add(s);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "itest-status-watch");
        watcher.setDaemon(true);
        watcher.start();
        return seen;
    }

    private JsonObject installationOf(String mqttTopic) {
        for (JsonObject i : kii.installations()) {
            if (mqttTopic.equals(i.get("mqttTopic").getAsString())) {
                return i;
            }
        }
        throw new AssertionError("no installation with mqttTopic " + mqttTopic);
    }

    private void pushFlows() {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gateway.subscriptions().list().stream()
                .allMatch(s -> s.getState() == SubscriptionStatus.State.SUBSCRIBED));
        String id = kii.createObject(BUCKET, Collections.singletonMap("n", ++pushes));
        events.await(1, e -> id.equals(e.getProperty(PushEvents.PROP_OBJECT_ID)), Duration.ofSeconds(15));
    }

    /** Everything published to the gateway arrived, and everything that arrived is accounted for and was handled. */
    private void assertAccounted() {
        SessionStatus s = gateway.statusOrNull();
        assertNotNull(s);
        assertEquals(SessionState.CONNECTED, s.getState());
        int published = kii.publishesTo(s.getClientId()).size();
        assertEquals("every push published while connected was received: " + s, published, pushes);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gateway.statusOrNull().getDispatched() == pushes);
        s = gateway.statusOrNull();
        assertEquals("received = dispatched + dropped + malformed: " + s, s.getReceived(),
                s.getDispatched() + s.getDropped() + s.getMalformed());
        assertEquals(pushes, s.getReceived());
        assertEquals("each dispatched push reached the handler", pushes - lostByEventAdmin, events.all().size());
    }
}
