package io.kiipush.gateway.internal.session;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.kiipush.emulator.InstallationInfo;
import io.kiipush.emulator.KiiApp;
import io.kiipush.emulator.KiiEmulator;
import io.kiipush.emulator.Scope;
import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.internal.onboarding.OnboardingComponent;
import io.kiipush.gateway.internal.onboarding.Onboardings;
import io.kiipush.gateway.testing.ConfigProxy;
import io.kiipush.gateway.testing.EmulatorConfigs;

/**
 * The onboarding and session components wired as DS wires them, against the Kii emulator over real sockets: HTTP for
 * REST, MQTT over TLS with the emulator's CA and host name verification on.
 */
public class EndToEndTest {

    private static final String VENDOR_THING_ID = "gateway-e2e";
    private static final String THING_PASSWORD = "e2e-thing-S3CRET";
    private static final int KEEP_ALIVE_SEC = 5;

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Timeout.seconds(120);

    private KiiEmulator kii;
    private KiiApp app;
    private String thingId;
    private OnboardingComponent onboarding;
    private PushSessionComponent session;
    private final List<PushNotification> received = new CopyOnWriteArrayList<>();

    @Before
    public void start() throws Exception {
        kii = KiiEmulator.builder().build().start();
        app = kii.app();
        app.createTopic(Scope.app(), "alerts");
        thingId = app.registerThing(VENDOR_THING_ID, THING_PASSWORD, "gateway").thingId();
        Path ca = kii.writeCaCertificatePem(tmp.getRoot().toPath().resolve("kii-ca.pem"));

        Map<String, Object> o = EmulatorConfigs.thing(kii, app, VENDOR_THING_ID, THING_PASSWORD, ca,
                tmp.newFolder("state").toPath());
        o.put("subscriptions.buckets", new String[] { "sensors" });
        o.put("subscriptions.topics", new String[] { "alerts" });
        onboarding = new OnboardingComponent(ConfigProxy.of(OnboardingComponent.Config.class, o), null, null);

        Map<String, Object> s = EmulatorConfigs.fastSession();
        s.put("keepAliveSec", KEEP_ALIVE_SEC);
        session = new PushSessionComponent(ConfigProxy.of(PushSessionComponent.Config.class, s),
                java.util.Collections.emptyMap(), onboarding);
        Sessions.addListener(session, new PushNotificationListener() {
            @Override
            public void onNotification(PushNotification notification) {
                received.add(notification);
            }
        });
    }

    @After
    public void stop() {
        if (session != null) {
            session.deactivate();
        }
        if (onboarding != null) {
            Onboardings.deactivate(onboarding);
        }
        if (kii != null) {
            kii.stop();
        }
    }

    @Test
    public void everyPushKindArrivesOverTlsAsATypedNotification() {
        awaitConnected();
        await().atMost(10, TimeUnit.SECONDS).until(() -> onboarding.list().stream()
                .filter(st -> st.getState() == SubscriptionStatus.State.SUBSCRIBED).count() == 2);

        String owner = app.registerUser("owner-e2e", "owner-password").userId();
        String objectId = app.createObject(Scope.app(), "sensors", Map.of("temperature", 21.5));
        app.sendTopicMessage(Scope.app(), "alerts", Map.of("level", "high"));
        app.pushToThing(thingId, Map.of("note", "direct"));
        String commandId = app.sendCommand(thingId, owner, "[{\"turnPower\":{\"power\":true}}]");

        await().atMost(10, TimeUnit.SECONDS).until(() -> received.size() == 4);
        PushNotification bucket = only(NotificationKind.BUCKET_EVENT);
        assertEquals("sensors", bucket.getBucketId());
        assertEquals(objectId, bucket.getObjectId());
        assertEquals("DATA_OBJECT_CREATED", bucket.getType());
        assertEquals("high", only(NotificationKind.TOPIC_MESSAGE).getData().get("level"));
        assertEquals("alerts", only(NotificationKind.TOPIC_MESSAGE).getTopicId());
        assertEquals("direct", only(NotificationKind.DIRECT_PUSH).getData().get("note"));
        assertEquals(commandId, only(NotificationKind.COMMAND).getCommandId());
        assertTrue(only(NotificationKind.COMMAND).getActionsJson().contains("turnPower"));

        assertEquals(4, session.getStatus().getReceived());
        assertEquals(4, session.getStatus().getDispatched());
        assertEquals(0, session.getStatus().getMalformed() + session.getStatus().getDropped());
    }

    @Test
    public void revokedCredentialsAreRefreshedForTheSameInstallation() {
        awaitConnected();
        List<InstallationInfo> installations = kii.observe().installations();
        assertEquals(1, installations.size());
        String installationId = installations.get(0).installationId();
        int endpointCalls = kii.observe().requestsTo(".*/mqtt-endpoint").size();

        kii.faults().revokeCredentials(installationId);

        await().atMost(20, TimeUnit.SECONDS).until(() -> kii.observe().requestsTo(".*/mqtt-endpoint").size() > endpointCalls
                && session.getStatus().getState() == SessionState.CONNECTED);
        assertEquals("no second installation", 1, kii.observe().installations().size());
        assertEquals(1, session.getStatus().getReconnects());
        app.createObject(Scope.app(), "sensors", Map.of("after", "refresh"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> received.size() == 1);
    }

    @Test
    public void aHungBrokerIsDeclaredDeadWellBeforeTwoKeepAlives() {
        awaitConnected();
        long hungAt = System.nanoTime();
        kii.faults().hangBroker();
        await().atMost(Duration.ofSeconds(KEEP_ALIVE_SEC * 3L)).until(() -> session.getStatus().getState() != SessionState.CONNECTED);
        long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hungAt);
        assertTrue(session.getStatus().getLastError(), session.getStatus().getLastError().contains("connection considered dead"));
        assertTrue("detected after " + detectedMs + " ms; Paho alone needs 2 x keep-alive",
                detectedMs < KEEP_ALIVE_SEC * 1500L + 1000);
        kii.faults().resumeBroker();
        awaitConnected();
    }

    @Test
    public void deactivationEndsEveryThreadTheComponentsStarted() {
        awaitConnected();
        assertNotNull(threads().stream().filter(EndToEndTest::ours).findAny().orElse(null));
        session.deactivate();
        Onboardings.deactivate(onboarding);
        session = null;
        onboarding = null;
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertEquals(Set.of(), threads().stream()
                .filter(EndToEndTest::ours).collect(Collectors.toSet())));
    }

    private void awaitConnected() {
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(
                () -> assertEquals(session.getStatus().toString(), SessionState.CONNECTED, session.getStatus().getState()));
    }

    private PushNotification only(NotificationKind kind) {
        List<PushNotification> matching = received.stream().filter(n -> n.getKind() == kind).collect(Collectors.toList());
        assertEquals(kind + " in " + received, 1, matching.size());
        return matching.get(0);
    }

    // The components' threads (kii-session, kii-mqtt-N renamed by Paho to "MQTT ...", ...), not the emulator's kii-emu-*.
    private static boolean ours(String name) {
        return (name.startsWith("kii-") && !name.startsWith("kii-emu-")) || name.startsWith("MQTT");
    }

    private static Set<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
    }
}
