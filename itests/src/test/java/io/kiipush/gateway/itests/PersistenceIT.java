package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;

import javax.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.After;
import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;

/**
 * Scenario 5: the installation, token and endpoint survive a bundle restart and a fresh framework (Kura starts OSGi
 * clean on every boot) through the configured data directory: no second installation, no second onboarding, and
 * pushes flow again. One framework per method; the emulator (and its records) lives for the whole class.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class PersistenceIT {

    // The two methods run in two frameworks of the same JVM: system properties carry the first one's facts over.
    private static final String FIRST_UUID = "kiipush.itest.persistence.uuid";
    private static final String FIRST_CLIENT = "kiipush.itest.persistence.client";
    private static final String BUCKET = "persist-bucket";

    @Inject
    private BundleContext context;

    private Kii kii;
    private Gateway gateway;
    private Events events;

    @Configuration
    public Option[] config() {
        return new Option[] { ItestSupport.gatewayOptions(PersistenceIT.class) };
    }

    @Before
    public void setUp() {
        kii = Kii.get();
        gateway = new Gateway(context);
        events = Events.listen(context, PushEvents.TOPIC_BUCKET_EVENT_PREFIX + "*", null);
    }

    @After
    public void tearDown() {
        events.close();
        gateway.deleteConfigurations();
        gateway.close();
    }

    @Test(timeout = 90_000)
    public void a_bundleStopAndStartReusesTheInstallation() throws Exception {
        gateway.configure(onboarding(), Gateway.fastSession());
        SessionStatus first = gateway.awaitConnected();
        assertEquals(1, onboardings());
        assertEquals(1, kii.installations().size());
        pushFlows("before-restart");

        Bundle bundle = gateway.bundle();
        bundle.stop();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gateway.statusOrNull() == null
                && !kii.connectedClients().contains(first.getClientId()));
        bundle.start();

        SessionStatus again = gateway.awaitConnected();
        assertEquals("same MQTT identity after the restart", first.getClientId(), again.getClientId());
        assertEquals("no second onboarding", 1, onboardings());
        assertEquals("no second installation", 1, kii.installations().size());
        assertEquals("no second bucket subscription", 1, bucketSubscriptions());
        pushFlows("after-restart");

        System.setProperty(FIRST_UUID, context.getProperty(Constants.FRAMEWORK_UUID));
        System.setProperty(FIRST_CLIENT, first.getClientId());
    }

    @Test(timeout = 90_000)
    public void b_aFreshFrameworkWithTheSameDataDirectoryReusesTheInstallation() {
        String firstUuid = System.getProperty(FIRST_UUID);
        assertNotNull("runs after a_bundleStopAndStartReusesTheInstallation", firstUuid);
        assertNotEquals("a fresh framework", firstUuid, context.getProperty(Constants.FRAMEWORK_UUID));
        assertNull("the fresh framework starts without configuration", gateway.properties(Gateway.ONBOARDING_PID));

        gateway.configure(onboarding(), Gateway.fastSession());
        SessionStatus status = gateway.awaitConnected();
        assertEquals(System.getProperty(FIRST_CLIENT), status.getClientId());
        assertEquals("no second onboarding", 1, onboardings());
        assertEquals("no second installation", 1, kii.installations().size());
        assertEquals("no second bucket subscription", 1, bucketSubscriptions());
        pushFlows("fresh-framework");
    }

    private Map<String, Object> onboarding() {
        Map<String, Object> o = Gateway.thing(kii, "it-persist-thing", "persist-pass");
        o.put("dataDir", kii.workDir() + "/persisted-state"); // the same directory in both frameworks
        o.put("subscriptions.buckets", new String[] { BUCKET });
        return o;
    }

    private int onboardings() {
        return kii.requests("POST", "/thing-if/apps/[^/]+/onboardings$").size();
    }

    private long bucketSubscriptions() {
        return kii.subscriptions().stream().filter(s -> s.toString().contains(BUCKET)).count();
    }

    private void pushFlows(String marker) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gateway.subscriptions().list().stream()
                .allMatch(s -> s.getState() == io.kiipush.gateway.SubscriptionStatus.State.SUBSCRIBED));
        String id = kii.createObject(BUCKET, Collections.singletonMap("marker", marker));
        events.await(1, e -> id.equals(e.getProperty(PushEvents.PROP_OBJECT_ID)), Duration.ofSeconds(15));
    }
}
