package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonObject;

import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;

/**
 * Scenario 3: configured Kii-side subscriptions are applied once (a restart duplicates nothing), and subscriptions are
 * added and removed at runtime through {@code KiiSubscriptions} and through the {@code kii:} Gogo commands.
 */
public class SubscriptionsIT extends GatewayItest {

    private Events events;
    private String thingId;
    private static int things;

    @Override
    protected Option options() {
        return composite(super.options(), mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject());
    }

    @Before
    public void connect() {
        events = listen(PushEvents.TOPIC_PUSH_ALL);
        kii.createTopic("subs-topic");
        String vendorThingId = "it-subs-" + (++things);
        thingId = kii.registerThing(vendorThingId, "subs-pass").id;
        Map<String, Object> onboarding = Gateway.thing(kii, vendorThingId, "subs-pass");
        onboarding.put("subscriptions.buckets", new String[] { "subs-a", "subs-b" });
        onboarding.put("subscriptions.topics", new String[] { "subs-topic" });
        kii.clearRequests();
        gateway.configure(onboarding, Gateway.fastSession());
        gateway.awaitConnected();
        awaitSubscribed(3);
    }

    @Test(timeout = 90_000)
    public void configuredSubscriptionsAreAppliedOnceAndARestartDuplicatesNothing() throws Exception {
        assertEquals("one subscribe call per configured entry", 3, subscribeCalls());
        assertEquals(3, kiiSideSubscriptions().size());

        gateway.bundle().stop();
        gateway.bundle().start();
        SessionStatus restarted = gateway.awaitConnected();
        awaitSubscribed(3);

        assertEquals("the Kii side still holds exactly the configured three", 3, kiiSideSubscriptions().size());
        assertEquals("the same installation, no second one", 1, kii.installations().stream()
                .filter(i -> i.get("owner").getAsString().equals("thing:" + thingId)).count());
        // One push per subscribed source arrives exactly once: a duplicate subscription would deliver it twice.
        kii.createObject("subs-a", Collections.singletonMap("n", 1));
        kii.sendTopicMessage("subs-topic", Collections.singletonMap("n", "2"));
        kii.createObject("subs-b", Collections.singletonMap("n", 3));
        events.await(1, e -> "subs-b".equals(e.getProperty(PushEvents.PROP_BUCKET_ID)), Duration.ofSeconds(15));
        assertEquals(3, events.all().size());
        assertEquals(3, gateway.session().getStatus().getReceived());
        assertEquals(0, restarted.getReconnects());
    }

    @Test(timeout = 90_000)
    public void runtimeSubscriptionsAreAppliedPersistedAndRemoved() throws Exception {
        Subscription runtime = Subscription.parse("bucket:subs-runtime");
        SubscriptionStatus added = gateway.subscriptions().subscribe(runtime);
        assertEquals(added.toString(), SubscriptionStatus.State.SUBSCRIBED, added.getState());
        assertEquals(SubscriptionStatus.Origin.RUNTIME, added.getOrigin());
        assertTrue(kiiSideSubscriptions().stream().anyMatch(s -> s.get("name").getAsString().equals("subs-runtime")));
        kii.createObject("subs-runtime", Collections.singletonMap("n", 1));
        events.await(1, e -> "subs-runtime".equals(e.getProperty(PushEvents.PROP_BUCKET_ID)), Duration.ofSeconds(15));

        gateway.bundle().stop();
        gateway.bundle().start();
        gateway.awaitConnected();
        assertTrue("runtime subscriptions survive a restart: " + gateway.subscriptions().list(),
                gateway.subscriptions().list().stream().anyMatch(s -> s.getSubscription().equals(runtime)));

        SubscriptionStatus removed = gateway.subscriptions().unsubscribe(runtime);
        assertEquals(removed.toString(), SubscriptionStatus.State.UNSUBSCRIBED, removed.getState());
        assertTrue(kiiSideSubscriptions().stream().noneMatch(s -> s.get("name").getAsString().equals("subs-runtime")));
        events.clear();
        kii.createObject("subs-runtime", Collections.singletonMap("n", 2));
        kii.createObject("subs-a", Collections.singletonMap("n", 3));
        // Pushes arrive in order: once the later one is here, the unsubscribed one would have been too.
        events.await(1, e -> "subs-a".equals(e.getProperty(PushEvents.PROP_BUCKET_ID)), Duration.ofSeconds(15));
        assertEquals(1, events.all().size());
        assertTrue(gateway.subscriptions().list().stream().noneMatch(s -> s.getSubscription().equals(runtime)));
    }

    @Test(timeout = 90_000)
    public void theGogoCommandsShowStatusSubscribeUnsubscribeAndReconnect() throws Exception {
        String status = gogo("kii:status");
        assertTrue(status, status.contains("Session       CONNECTED"));
        assertTrue(status, status.contains("bucket:app/subs-a"));

        String subscribed = gogo("kii:subscribe topic subs-topic-2");
        assertTrue("a topic that does not exist fails with Kii's error code: " + subscribed, subscribed.contains("TOPIC_NOT_FOUND"));
        kii.createTopic("subs-topic-2");
        subscribed = gogo("kii:subscribe topic:subs-topic-2");
        assertTrue(subscribed, subscribed.contains("SUBSCRIBED"));
        assertTrue(gogo("kii:subscriptions").contains("topic:app/subs-topic-2"));
        kii.sendTopicMessage("subs-topic-2", Collections.singletonMap("via", "gogo"));
        events.await(1, e -> "subs-topic-2".equals(e.getProperty(PushEvents.PROP_TOPIC)), Duration.ofSeconds(15));

        String invalid = gogo("kii:subscribe bucket group/x");
        assertTrue(invalid, invalid.startsWith("Invalid subscription: "));
        assertTrue("a missing word gets the usage line", gogo("kii:subscribe bucket").startsWith("Usage: kii:subscribe bucket|topic"));
        assertTrue("no word at all too", gogo("kii:unsubscribe").startsWith("Usage: kii:unsubscribe bucket|topic"));
        assertTrue("an extra word too", gogo("kii:status now").startsWith("Usage: kii:status"));
        String never = gogo("kii:unsubscribe topic never-subscribed");
        assertTrue(never, never.contains("is not subscribed by this gateway: nothing to remove"));
        String unsubscribed = gogo("kii:unsubscribe topic subs-topic-2");
        assertTrue(unsubscribed, unsubscribed.contains("UNSUBSCRIBED"));
        assertTrue(kiiSideSubscriptions().stream().noneMatch(s -> s.get("name").getAsString().equals("subs-topic-2")));

        String clientBefore = gateway.session().getStatus().getClientId();
        assertTrue(gogo("kii:reconnect").startsWith("Reconnect requested"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            SessionStatus s = gateway.statusOrNull();
            return s != null && s.getReconnects() == 1 && s.getState() == io.kiipush.gateway.SessionState.CONNECTED;
        });
        assertEquals("same endpoint, same client id", clientBefore, gateway.session().getStatus().getClientId());
    }

    private String gogo(String command) throws Exception {
        ServiceTracker<CommandProcessor, CommandProcessor> t = new ServiceTracker<>(context, CommandProcessor.class, null);
        t.open();
        try {
            CommandProcessor processor = t.waitForService(10_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(out, true, "UTF-8");
                    CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), ps, ps)) {
                Object result = session.execute(command);
                return result == null ? out.toString("UTF-8") : String.valueOf(result);
            }
        } finally {
            t.close();
        }
    }

    private void awaitSubscribed(int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gateway.subscriptions().list().stream()
                .filter(s -> s.getState() == SubscriptionStatus.State.SUBSCRIBED).count() == count);
    }

    private int subscribeCalls() {
        return (int) kii.requests(null, "/push/subscriptions/").stream()
                .filter(r -> r.get("method").getAsString().matches("PUT|POST")).count();
    }

    private List<JsonObject> kiiSideSubscriptions() {
        return kii.subscriptions().stream().filter(s -> s.get("subscriber").getAsString().contains(thingId))
                .collect(Collectors.toList());
    }
}
