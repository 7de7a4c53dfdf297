package io.kiipush.gateway.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;

import io.kiipush.gateway.KiiSubscriptions;
import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.PushSession;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;

/**
 * Several Kii connections in one gateway, made as Kura's Cloud Connections makes them: one factory configuration of
 * the onboarding and one of the session per connection, each with its {@code kura.service.pid}, the session's
 * {@code onboarding.target} naming its onboarding. Each connection has its own identity, session, state directory and
 * counters; every event and notification names its connection; a listener can ask for one connection; deleting a
 * connection stops its threads and removes its state directory while the other stays connected; an operator's
 * disconnect holds until connect.
 */
public class MultiConnectionIT extends GatewayItest {

    private static final String A = "io.kiipush.gateway.KiiConnection-a";
    private static final String B = "io.kiipush.gateway.KiiConnection-b";
    private static final String BUCKET_A = "multi-bucket-a";
    private static final String TOPIC_B = "multi-topic-b";

    private final List<Configuration> created = new ArrayList<>();

    @After
    public void deleteConnections() throws IOException {
        for (Configuration c : created) {
            try {
                c.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // deleted by the test
            }
        }
    }

    @Test(timeout = 120_000)
    public void twoConnectionsReceiveTheirOwnPushesAndADeletedOneLeavesNothingBehind() throws Exception {
        Events pushes = listen(PushEvents.TOPIC_PUSH_ALL);
        Events states = listen(PushEvents.TOPIC_STATE_CHANGED);
        List<PushNotification> heardByA = new CopyOnWriteArrayList<>();
        ServiceRegistration<PushNotificationListener> onlyA = context.registerService(PushNotificationListener.class,
                heardByA::add, new Hashtable<>(Map.of(PushEvents.PROP_CONNECTION, A)));
        try {
            kii.createTopic(TOPIC_B);
            kii.registerThing("it-multi-a", "pass-a");
            kii.registerThing("it-multi-b", "pass-b");
            Configuration onboardingA = connection(A, "it-multi-a", "pass-a", new String[] { BUCKET_A }, new String[0]);
            connection(B, "it-multi-b", "pass-b", new String[0], new String[] { TOPIC_B });

            Map<String, PushSession> sessions = awaitSessions(2);
            assertEquals(Set.of(A, B), sessions.keySet());
            await().atMost(Duration.ofSeconds(20)).until(() -> sessions.values().stream()
                    .allMatch(s -> s.getStatus().getState() == SessionState.CONNECTED));
            assertNotEquals("each connection is its own Kii installation",
                    sessions.get(A).getStatus().getClientId(), sessions.get(B).getStatus().getClientId());
            assertEquals(A, sessions.get(A).getStatus().getConnection());
            assertEquals("thing", sessions.get(B).getStatus().getIdentity().split(":")[0]);
            states.await(1, e -> B.equals(e.getProperty(PushEvents.PROP_CONNECTION))
                    && "CONNECTED".equals(e.getProperty(PushEvents.PROP_STATE)), Duration.ofSeconds(10));

            awaitSubscribed(sessions);
            kii.createObject(BUCKET_A, Collections.singletonMap("line", "a"));
            kii.sendTopicMessage(TOPIC_B, Collections.singletonMap("line", "b"));
            List<Event> two = pushes.await(2, e -> true, Duration.ofSeconds(20));
            Map<Object, Event> byConnection = new HashMap<>();
            two.forEach(e -> byConnection.put(e.getProperty(PushEvents.PROP_CONNECTION), e));
            assertEquals(BUCKET_A, byConnection.get(A).getProperty(PushEvents.PROP_BUCKET_ID));
            assertEquals(TOPIC_B, byConnection.get(B).getProperty(PushEvents.PROP_TOPIC));
            await().atMost(Duration.ofSeconds(10)).until(() -> heardByA.size() == 1);
            assertEquals("a listener registered for A hears A only", A, heardByA.get(0).getConnection());
            assertEquals(1, sessions.get(A).getStatus().getDispatched());
            assertEquals(1, sessions.get(B).getStatus().getDispatched());

            // An operator's disconnect holds until connect.
            sessions.get(B).disconnect();
            await().atMost(Duration.ofSeconds(10)).until(() -> sessions.get(B).getStatus().getState() == SessionState.STOPPED);
            sessions.get(B).reconnect();
            assertEquals("reconnect does not end an operator's disconnect", SessionState.STOPPED,
                    sessions.get(B).getStatus().getState());
            sessions.get(B).connect();
            await().atMost(Duration.ofSeconds(20)).until(() -> sessions.get(B).getStatus().getState() == SessionState.CONNECTED);

            // Deleting connection A: its session and threads go, its state directory is removed, B stays connected.
            File stateA = gateway.bundle().getBundleContext().getDataFile("kii-push/io.kiipush.gateway.KiiOnboarding-a");
            assertTrue("A keeps its state in its own directory: " + stateA, stateA.isDirectory());
            int sessionThreads = threads("kii-session");
            assertEquals(2, sessionThreads);
            for (Configuration c : configurations(A)) {
                c.delete();
            }
            onboardingA.delete();
            await().atMost(Duration.ofSeconds(15)).until(() -> awaitSessionsNow().size() == 1);
            await().atMost(Duration.ofSeconds(15)).until(() -> threads("kii-session") == 1);
            await().atMost(Duration.ofSeconds(15)).until(() -> !stateA.exists());
            assertEquals(SessionState.CONNECTED, sessions.get(B).getStatus().getState());
            assertFalse(awaitSessionsNow().containsKey(A));
        } finally {
            onlyA.unregister();
        }
    }

    // One Kii connection as the Cloud Connections factory creates it: the onboarding, then the session bound to it.
    private Configuration connection(String pid, String vendorThingId, String password, String[] buckets,
            String[] topics) throws IOException {
        String onboardingPid = pid.replace("KiiConnection", "KiiOnboarding");
        Map<String, Object> onboarding = Gateway.thing(kii, vendorThingId, password);
        onboarding.remove("dataDir"); // the default: a directory of this connection's own
        onboarding.put("kura.service.pid", onboardingPid);
        onboarding.put("subscriptions.buckets", buckets);
        onboarding.put("subscriptions.topics", topics);
        Configuration o = factoryConfiguration(Gateway.ONBOARDING_PID, onboarding);
        Map<String, Object> session = Gateway.fastSession();
        session.put("kura.service.pid", pid);
        session.put("onboarding.target", "(kura.service.pid=" + onboardingPid + ")");
        factoryConfiguration(Gateway.SESSION_PID, session);
        return o;
    }

    private Configuration factoryConfiguration(String factoryPid, Map<String, Object> properties) throws IOException {
        ConfigurationAdmin admin = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Configuration c = admin.createFactoryConfiguration(factoryPid, "?");
        c.update(new Hashtable<>(properties));
        created.add(c);
        return c;
    }

    private Configuration[] configurations(String kuraServicePid) {
        Configuration[] found = gateway.configurations("(kura.service.pid=" + kuraServicePid + ")");
        return found == null ? new Configuration[0] : found;
    }

    private Map<String, PushSession> awaitSessions(int count) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> awaitSessionsNow().size() == count);
        return awaitSessionsNow();
    }

    private Map<String, PushSession> awaitSessionsNow() throws Exception {
        Map<String, PushSession> found = new HashMap<>();
        ServiceReference<?>[] refs = context.getServiceReferences(PushSession.class.getName(), null);
        if (refs != null) {
            for (ServiceReference<?> ref : refs) {
                PushSession s = (PushSession) context.getService(ref);
                if (s != null) {
                    found.put(s.getConnection(), s);
                }
            }
        }
        return found;
    }

    private void awaitSubscribed(Map<String, PushSession> sessions) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(KiiSubscriptions.class.getName(), null);
        assertEquals("one subscriptions service per connection", 2, refs.length);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ServiceReference<?> ref : refs) {
                KiiSubscriptions subs = (KiiSubscriptions) context.getService(ref);
                if (subs.list().stream().anyMatch(s -> s.getState() != SubscriptionStatus.State.SUBSCRIBED)
                        || subs.list().isEmpty()) {
                    return false;
                }
            }
            return true;
        });
    }

    private static int threads(String prefix) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) && t.isAlive()) {
                n++;
            }
        }
        return n;
    }

}
