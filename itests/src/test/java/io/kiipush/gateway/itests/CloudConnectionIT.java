package io.kiipush.gateway.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.CloudSubscriber;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.junit.Test;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.util.tracker.ServiceTracker;

import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;
import io.kiipush.gateway.itests.support.Kura;

/**
 * A Kii connection made, used and deleted the way Kura's Cloud Connections page does it, through the real
 * {@code io.kiipush.gateway.kura} bundle and Kura's configuration service stand-in: New connection
 * ({@code CloudConnectionFactory.createConfiguration}), its two tabs filled in and applied, the state column
 * ({@code isConnected}) and live refresh ({@code CloudConnectionStatus} events), the Status page ({@code getInfo}),
 * New Pub/Sub (a Kii Subscriber bound by {@code cloud.endpoint.service.pid}, as a Wires Subscriber uses it: a
 * {@code CloudSubscriberListener} with a kind filter), Disconnect and Connect, and Delete: the connection's threads and
 * its state directory go. Every property Kura reads is read as Kura reads it (a String).
 */
public class CloudConnectionIT extends GatewayItest {

    private static final String CONNECTION = "io.kiipush.gateway.KiiConnection-it";
    private static final String ONBOARDING = "io.kiipush.gateway.KiiOnboarding-it";
    private static final String SUBSCRIBER = "kii-subscriber-it";
    private static final String BUCKET = "cloud-bucket";
    private static final String TOPIC = "cloud-topic";
    private static final String LOST = "org/eclipse/kura/cloud/CloudConnectionStatus/LOST";
    private static final String ESTABLISHED = "org/eclipse/kura/cloud/CloudConnectionStatus/ESTABLISHED";

    private Kura kura;

    @Override
    protected Option options() {
        return CoreOptions.composite(super.options(), ItestSupport.kuraCloudBundle());
    }

    @Override
    protected Gateway openGateway(BundleContext context, Kii kii) {
        File snapshots = new File(kii.workDir(), "kura-snapshots-cloud");
        assertTrue(snapshots.isDirectory() || snapshots.mkdirs());
        kura = Kura.start(context, snapshots.getPath());
        return new Gateway(context, kura);
    }

    @Test(timeout = 150_000)
    public void aConnectionMadeInCloudConnectionsConnectsDeliversToItsSubscriberAndLeavesNothingWhenDeleted()
            throws Exception {
        Events status = listen("org/eclipse/kura/cloud/CloudConnectionStatus/*");
        CloudConnectionFactory factory = service(CloudConnectionFactory.class, null);
        ServiceReference<CloudConnectionFactory> factoryRef = context.getServiceReference(CloudConnectionFactory.class);
        assertEquals("New connection's suggested name", "io.kiipush.gateway.KiiConnection",
                factoryRef.getProperty("kura.ui.csf.pid.default"));
        assertTrue(factoryRef.getProperty("kura.ui.csf.pid.regex") instanceof String);
        assertEquals("io.kiipush.gateway.PushSession", factory.getFactoryPid());

        // New connection, then the two tabs.
        factory.createConfiguration(CONNECTION);
        assertEquals(List.of(CONNECTION, ONBOARDING), factory.getStackComponentsPids(CONNECTION));
        kii.registerThing("it-cloud", "cloud-pass");
        kii.createTopic(TOPIC);
        Map<String, Object> onboarding = Gateway.thing(kii, "it-cloud", "cloud-pass");
        onboarding.remove("dataDir"); // the connection's own directory
        onboarding.put("subscriptions.buckets", new String[] { BUCKET });
        onboarding.put("subscriptions.topics", new String[] { TOPIC });
        kura.apply(ONBOARDING, onboarding);
        kura.apply(CONNECTION, Gateway.fastSession());
        assertTrue(factory.getManagedCloudConnectionPids().contains(CONNECTION));

        // The state column and its live refresh.
        CloudConnectionManager manager = service(CloudConnectionManager.class, "(kura.service.pid=" + CONNECTION + ")");
        await().atMost(Duration.ofSeconds(20)).until(manager::isConnected);
        Event established = status.await(1, e -> e.getTopic().equals(ESTABLISHED), Duration.ofSeconds(10)).get(0);
        assertEquals(CONNECTION, established.getProperty("cloud.service.pid"));

        // The Status page: every key of getInfo, no secret.
        CloudEndpoint endpoint = service(CloudEndpoint.class, "(kura.service.pid=" + CONNECTION + ")");
        Map<String, String> info = endpoint.getInfo();
        assertTrue(info.toString(), info.get("Broker URL").startsWith("tcp://"));
        assertEquals(kii.appId(), info.get("Kii App ID"));
        assertEquals("CONNECTED", info.get("State"));
        assertTrue(info.toString(), info.get("Identity").startsWith("thing:"));
        assertNull("no last error while connected", info.get("Last error"));
        for (String secret : new String[] { kii.appKey(), "cloud-pass" }) {
            assertFalse("no secret on the Status page", info.toString().contains(secret));
        }
        assertPidsAreStrings(CloudEndpoint.class);

        // New Pub/Sub: a Kii Subscriber for topic messages only, used as a Wires Subscriber uses it.
        Map<String, Object> sub = new HashMap<>();
        sub.put("cloud.endpoint.service.pid", CONNECTION);
        sub.put("kinds", "TOPIC_MESSAGE");
        kura.configurationService().createFactoryConfiguration("io.kiipush.gateway.kura.KiiSubscriber", SUBSCRIBER, sub, true);
        List<KuraMessage> wire = new CopyOnWriteArrayList<>();
        ServiceTracker<CloudSubscriber, CloudSubscriber> wireSubscriber = wiresSubscriber(wire::add);
        service(CloudSubscriber.class, "(kura.service.pid=" + SUBSCRIBER + ")");
        assertPidsAreStrings(CloudSubscriber.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.subscriptions().list().stream()
                .allMatch(s -> s.getState() == io.kiipush.gateway.SubscriptionStatus.State.SUBSCRIBED));
        // The subscriber finds its endpoint asynchronously (as Kura's do): what arrives before is not its to deliver.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            kii.sendTopicMessage(TOPIC, Collections.singletonMap("level", "low"));
            return !wire.isEmpty();
        });
        long dispatched = Long.parseLong(endpoint.getInfo().get("Dispatched"));
        kii.createObject(BUCKET, Collections.singletonMap("t", 20));
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.parseLong(endpoint.getInfo().get("Dispatched")) > dispatched);
        int before = wire.size();
        kii.sendTopicMessage(TOPIC, Collections.singletonMap("level", "high"));
        await().atMost(Duration.ofSeconds(20)).until(() -> wire.size() > before);
        for (KuraMessage m : wire) {
            assertEquals("the bucket event was filtered out", "TOPIC_MESSAGE", m.getPayload().getMetric("kind"));
        }
        KuraMessage message = wire.get(wire.size() - 1);
        assertEquals("TOPIC_MESSAGE", message.getPayload().getMetric("kind"));
        assertEquals(TOPIC, message.getPayload().getMetric("topic"));
        assertEquals("high", message.getPayload().getMetric("data.level"));
        assertTrue(new String(message.getPayload().getBody(), "UTF-8").contains("\"level\""));

        wireSubscriber.close();

        // Disconnect stays disconnected; Connect comes back.
        manager.disconnect();
        await().atMost(Duration.ofSeconds(10)).until(() -> !manager.isConnected());
        status.await(1, e -> e.getTopic().equals(LOST) && CONNECTION.equals(e.getProperty("cloud.service.pid")),
                Duration.ofSeconds(10));
        assertEquals("STOPPED", endpoint.getInfo().get("State"));
        manager.connect();
        await().atMost(Duration.ofSeconds(20)).until(manager::isConnected);
        status.await(2, e -> e.getTopic().equals(ESTABLISHED), Duration.ofSeconds(10));

        // Delete: the session, its endpoint, its subscriber, its threads and its state directory go.
        File state = gateway.bundle().getBundleContext().getDataFile("kii-push/" + ONBOARDING);
        assertTrue("the connection keeps its state in its own directory: " + state, state.isDirectory());
        factory.deleteConfiguration(CONNECTION);
        await().atMost(Duration.ofSeconds(15)).until(() -> context.getServiceReferences(CloudEndpoint.class.getName(),
                "(kura.service.pid=" + CONNECTION + ")") == null);
        // A link closed while its connect attempt was in flight (the session form's Apply reconnects at once) keeps
        // one thread until Paho ends that attempt: at most the connect timeout it started with (30 s) and a second.
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertEquals(List.of(), gatewayThreads()));
        await().atMost(Duration.ofSeconds(15)).until(() -> !state.exists());
        assertNull(context.getServiceReferences(CloudSubscriber.class.getName(), "(kura.service.pid=" + SUBSCRIBER + ")"));
        assertFalse(factory.getManagedCloudConnectionPids().contains(CONNECTION));
        assertNull("no configuration left", gateway.configurations("(|(kura.service.pid=" + CONNECTION
                + ")(kura.service.pid=" + ONBOARDING + ")(kura.service.pid=" + SUBSCRIBER + "))"));
    }

    /**
     * What Kura's Wires Subscriber does with its CloudSubscriber reference (dynamic, 0..1): registers its listener on
     * whichever instance of the Kii subscriber is bound, again when DS replaces it.
     */
    private ServiceTracker<CloudSubscriber, CloudSubscriber> wiresSubscriber(CloudSubscriberListener listener)
            throws Exception {
        ServiceTracker<CloudSubscriber, CloudSubscriber> t = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + CloudSubscriber.class.getName() + ")(kura.service.pid="
                        + SUBSCRIBER + "))"), null) {
            @Override
            public CloudSubscriber addingService(ServiceReference<CloudSubscriber> reference) {
                CloudSubscriber s = super.addingService(reference);
                s.registerCloudSubscriberListener(listener);
                return s;
            }

            @Override
            public void removedService(ServiceReference<CloudSubscriber> reference, CloudSubscriber s) {
                s.unregisterCloudSubscriberListener(listener);
                super.removedService(reference, s);
            }
        };
        t.open();
        return t;
    }

    // Kura reads these with a cast to String (kura-integration.md §1.5): a list would break its pages.
    private void assertPidsAreStrings(Class<?> type) {
        ServiceReference<?>[][] found = new ServiceReference<?>[1][];
        await().atMost(Duration.ofSeconds(10)).until(() -> (found[0] = context.getServiceReferences(type.getName(), null)) != null);
        ServiceReference<?>[] refs = found[0];
        for (ServiceReference<?> ref : refs) {
            for (String key : new String[] { "service.pid", "kura.service.pid", "cloud.endpoint.service.pid",
                "kura.cloud.connection.factory.pid" }) {
                Object value = ref.getProperty(key);
                assertTrue(key + " of " + ref + " is " + value, value == null || value instanceof String);
            }
        }
    }

    private <T> T service(Class<T> type, String filter) throws Exception {
        Object[] found = new Object[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            java.util.Collection<ServiceReference<T>> refs = context.getServiceReferences(type, filter);
            if (refs.isEmpty()) {
                return false;
            }
            found[0] = context.getService(refs.iterator().next());
            return found[0] != null;
        });
        return type.cast(found[0]);
    }

    // The threads a connection owns (the emulator's kii-emu-* threads are not the gateway's).
    private static List<String> gatewayThreads() {
        List<String> names = new java.util.ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (t.isAlive() && (t.getName().startsWith("kii-") && !t.getName().startsWith("kii-emu") || t.getName().startsWith("MQTT"))) {
                // where it is, so a failure says what holds it
                names.add(t.getName() + " " + t.getState() + " " + java.util.Arrays.toString(
                        java.util.Arrays.copyOf(e.getValue(), Math.min(12, e.getValue().length))));
            }
        }
        return names;
    }
}
