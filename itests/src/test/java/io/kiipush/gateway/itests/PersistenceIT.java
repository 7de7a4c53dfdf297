package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
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

    private static final String BUCKET = "persist-bucket";

    // The two methods run in two frameworks of the same JVM: system properties (per class) carry the first one's facts over.
    private final String firstUuid = "kiipush.itest.persistence.uuid." + getClass().getSimpleName();
    private final String firstClient = "kiipush.itest.persistence.client." + getClass().getSimpleName();

    @Inject
    private BundleContext context;

    private Kii kii;
    private Gateway gateway;
    private Events events;

    @Configuration
    public Option[] config() {
        return new Option[] { ItestSupport.gatewayOptions(getClass()) };
    }

    /**
     * How this class writes the configuration: straight to Config Admin here; {@link PersistenceThroughKuraIT} goes
     * through Kura's configuration service and web console instead.
     */
    protected Gateway openGateway(BundleContext context, Kii kii) {
        return new Gateway(context);
    }

    @Before
    public void setUp() {
        kii = Kii.get();
        gateway = openGateway(context, kii);
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

        System.setProperty(firstUuid, context.getProperty(Constants.FRAMEWORK_UUID));
        System.setProperty(firstClient, first.getClientId());
    }

    @Test(timeout = 90_000)
    public void b_aFreshFrameworkWithTheSameDataDirectoryReusesTheInstallation() {
        String uuid = System.getProperty(firstUuid);
        assertNotNull("runs after a_bundleStopAndStartReusesTheInstallation", uuid);
        assertNotEquals("a fresh framework", uuid, context.getProperty(Constants.FRAMEWORK_UUID));
        Dictionary<String, Object> fresh = gateway.properties(Gateway.ONBOARDING_PID);
        assertNull("the fresh framework starts without the app's configuration (Kura seeds only defaults)",
                fresh == null ? null : fresh.get("app.id"));

        gateway.configure(onboarding(), Gateway.fastSession());
        SessionStatus status = gateway.awaitConnected();
        assertEquals(System.getProperty(firstClient), status.getClientId());
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
