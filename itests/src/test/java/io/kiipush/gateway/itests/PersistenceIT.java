package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;

/**
 * Scenario 5: the installation, token and endpoint survive a bundle restart and a start from nothing (Kura starts OSGi
 * clean on every boot: no configuration, no bundle state) through the configured data directory: no second
 * installation, no second onboarding, and pushes flow again. One framework per method, and each method onboards a
 * thing of its own with its own data directory and bucket, so each runs alone as well as after the other; the
 * emulator (and its records) lives for the whole class. {@link PersistenceThroughKuraIT} configures through Kura.
 */
@ExamReactorStrategy(PerMethod.class)
public class PersistenceIT extends GatewayItest {

    private static final String BUCKET = "persist-bucket";
    private static final String ONBOARDINGS = "/thing-if/apps/[^/]+/onboardings$";

    private Events events;
    // This method's bucket; the emulator's records are counted from the method's start.
    private String bucket;
    private int onboardingsBefore;
    private int installationsBefore;

    @Before
    public void setUp() {
        events = listen(PushEvents.TOPIC_BUCKET_EVENT_PREFIX + "*");
    }

    @Test(timeout = 90_000)
    public void a_bundleStopAndStartReusesTheInstallation() throws Exception {
        Map<String, Object> onboarding = onboarding("restart");
        gateway.configure(onboarding, Gateway.fastSession());
        SessionStatus first = gateway.awaitConnected();
        assertEquals(1, onboardings());
        assertEquals(1, installations());
        pushFlows("before-restart");

        Bundle bundle = gateway.bundle();
        bundle.stop();
        awaitGone(first);
        bundle.start();

        SessionStatus again = gateway.awaitConnected();
        assertEquals("same MQTT identity after the restart", first.getClientId(), again.getClientId());
        assertEquals("no second onboarding", 1, onboardings());
        assertEquals("no second installation", 1, installations());
        assertEquals("no second bucket subscription", 1, bucketSubscriptions());
        pushFlows("after-restart");
    }

    @Test(timeout = 90_000)
    public void b_aFreshStartWithTheSameDataDirectoryReusesTheInstallation() throws Exception {
        Map<String, Object> onboarding = onboarding("fresh");
        gateway.configure(onboarding, Gateway.fastSession());
        SessionStatus first = gateway.awaitConnected();
        assertEquals(1, onboardings());
        assertEquals(1, installations());
        pushFlows("before-fresh-start");

        // What a Kura boot leaves: the bundle stopped, then started with no configuration (Kura's stand-ins, if any,
        // start anew with no snapshot); only the data directory carries the installation over.
        Bundle bundle = gateway.bundle();
        bundle.stop();
        awaitGone(first);
        gateway.deleteConfigurations();
        gateway.close();
        gateway = openGateway(context, kii);
        bundle.start();
        Dictionary<String, Object> fresh = gateway.properties(Gateway.ONBOARDING_PID);
        assertNull("the fresh start has no app configuration (Kura seeds only defaults)",
                fresh == null ? null : fresh.get("app.id"));

        gateway.configure(onboarding, Gateway.fastSession());
        SessionStatus status = gateway.awaitConnected();
        assertEquals(first.getClientId(), status.getClientId());
        assertEquals("no second onboarding", 1, onboardings());
        assertEquals("no second installation", 1, installations());
        assertEquals("no second bucket subscription", 1, bucketSubscriptions());
        pushFlows("fresh-start");
    }

    private void awaitGone(SessionStatus first) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gateway.statusOrNull() == null
                && !kii.connectedClients().contains(first.getClientId()));
    }

    // A thing, data directory (Gateway.site makes a new one) and bucket of the method's own.
    private Map<String, Object> onboarding(String name) {
        bucket = BUCKET + "-" + name;
        onboardingsBefore = kii.requests("POST", ONBOARDINGS).size();
        installationsBefore = kii.installations().size();
        Map<String, Object> o = Gateway.thing(kii, "it-persist-" + name, "persist-pass");
        o.put("subscriptions.buckets", new String[] { bucket });
        return o;
    }

    private int onboardings() {
        return kii.requests("POST", ONBOARDINGS).size() - onboardingsBefore;
    }

    private int installations() {
        return kii.installations().size() - installationsBefore;
    }

    private long bucketSubscriptions() {
        return kii.subscriptions().stream().filter(s -> s.toString().contains(bucket)).count();
    }

    private void pushFlows(String marker) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gateway.subscriptions().list().stream()
                .allMatch(s -> s.getState() == io.kiipush.gateway.SubscriptionStatus.State.SUBSCRIBED));
        String id = kii.createObject(bucket, Collections.singletonMap("marker", marker));
        events.await(1, e -> id.equals(e.getProperty(PushEvents.PROP_OBJECT_ID)), Duration.ofSeconds(15));
    }
}
