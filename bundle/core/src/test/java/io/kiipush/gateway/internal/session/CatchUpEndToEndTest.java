package io.kiipush.gateway.internal.session;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
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

import io.kiipush.emulator.KiiApp;
import io.kiipush.emulator.KiiEmulator;
import io.kiipush.emulator.RecordedRequest;
import io.kiipush.emulator.Scope;
import io.kiipush.gateway.Gap;
import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.internal.onboarding.OnboardingComponent;
import io.kiipush.gateway.internal.onboarding.Onboardings;
import io.kiipush.gateway.testing.ConfigProxy;
import io.kiipush.gateway.testing.EmulatorConfigs;

/**
 * Catch-up against the Kii emulator over real HTTP: the broker is killed (or the components stopped), objects are
 * created and updated and a command is sent meanwhile, and after the SUBACK of the new link every one of them arrives
 * once, marked as recovered, followed by one gap.
 */
public class CatchUpEndToEndTest {

    private static final String VENDOR_THING_ID = "gateway-catchup";
    private static final String THING_PASSWORD = "catchup-thing-S3CRET";

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Timeout.seconds(120);

    private KiiEmulator kii;
    private KiiApp app;
    private String thingId;
    private String owner;
    private Map<String, Object> onboardingConfig;
    private OnboardingComponent onboarding;
    private PushSessionComponent session;
    private final List<PushNotification> received = new CopyOnWriteArrayList<>();
    private final List<Gap> gaps = new CopyOnWriteArrayList<>();

    @Before
    public void start() throws Exception {
        kii = KiiEmulator.builder().build().start();
        app = kii.app();
        thingId = app.registerThing(VENDOR_THING_ID, THING_PASSWORD, "gateway").thingId();
        owner = app.registerUser("owner-catchup", "owner-password").userId();
        Path ca = kii.writeCaCertificatePem(tmp.getRoot().toPath().resolve("kii-ca.pem"));
        onboardingConfig = EmulatorConfigs.thing(kii, app, VENDOR_THING_ID, THING_PASSWORD, ca,
                tmp.newFolder("state").toPath());
        onboardingConfig.put("subscriptions.buckets", new String[] { "sensors", "thing/meters" });
        activate();
    }

    private void activate() {
        onboarding = new OnboardingComponent(ConfigProxy.of(OnboardingComponent.Config.class, onboardingConfig), null,
                null);
        Map<String, Object> s = EmulatorConfigs.fastSession();
        s.put("catchup.pageSize", 2); // small pages: paging is exercised
        session = new PushSessionComponent(ConfigProxy.of(PushSessionComponent.Config.class, s),
                java.util.Collections.emptyMap(), onboarding);
        Sessions.addListener(session, new PushNotificationListener() {
            @Override
            public void onNotification(PushNotification notification) {
                received.add(notification);
            }

            @Override
            public void onGap(Gap gap) {
                gaps.add(gap);
            }
        });
    }

    private void deactivate() {
        if (session != null) {
            session.deactivate();
            session = null;
        }
        if (onboarding != null) {
            Onboardings.deactivate(onboarding);
            onboarding = null;
        }
    }

    @After
    public void stop() {
        deactivate();
        if (kii != null) {
            kii.stop();
        }
    }

    @Test
    public void whatChangedWhileTheBrokerWasDownIsRecoveredOnceAfterTheReconnect() {
        awaitConnectedAndSubscribed();
        String live = app.createObject(Scope.app(), "sensors", Map.of("n", 0));
        await().atMost(10, TimeUnit.SECONDS).until(() -> received.size() == 1);
        assertTrue("no gap for the first connection of a brand-new identity", gaps.isEmpty());

        kii.faults().killBroker();
        await().atMost(20, TimeUnit.SECONDS).until(() -> session.getStatus().getState() != SessionState.CONNECTED);
        String a = app.createObject(Scope.app(), "sensors", Map.of("n", 1));
        String b = app.createObject(Scope.app(), "sensors", Map.of("n", 2));
        String c = app.createObject(Scope.app(), "sensors", Map.of("n", 3));
        app.patchObject(Scope.app(), "sensors", a, Map.of("n", 11));
        String m = app.createObject(Scope.thing(thingId), "meters", Map.of("kwh", 7));
        String command = app.sendCommand(thingId, owner, "[{\"turnPower\":{\"power\":true}}]");
        app.patchObject(Scope.app(), "sensors", live, Map.of("n", 10));
        kii.faults().restartBroker();

        await().atMost(30, TimeUnit.SECONDS).until(() -> gaps.size() == 1);
        Gap gap = gaps.get(0);
        assertEquals(Gap.Reason.RECONNECT, gap.getReason());
        assertEquals(Gap.CatchUp.COMPLETE, gap.getCatchUp());
        assertTrue(gap.toString(), gap.getStart() < gap.getEnd());

        List<PushNotification> recovered = received.stream().filter(PushNotification::isRecovered)
                .collect(Collectors.toList());
        assertEquals(recovered.toString(), 5, gap.getRecoveredObjects());
        assertEquals(1, gap.getRecoveredCommands());
        assertEquals(6, recovered.size());
        Set<String> objects = new HashSet<>();
        for (PushNotification n : recovered) {
            assertEquals(0, n.getSequence());
            if (n.getKind() == NotificationKind.BUCKET_EVENT) {
                assertTrue("once each: " + recovered, objects.add(n.getObjectId()));
            } else {
                assertEquals(command, n.getCommandId());
                assertTrue(n.getActionsJson(), n.getActionsJson().contains("turnPower"));
            }
        }
        assertEquals(Set.of(a, b, c, m, live), objects);
        assertEquals("DATA_OBJECT_UPDATED", recoveredObject(recovered, a).getType());
        assertEquals("DATA_OBJECT_CREATED", recoveredObject(recovered, b).getType());
        assertEquals("DATA_OBJECT_UPDATED", recoveredObject(recovered, live).getType());
        PushNotification meter = recoveredObject(recovered, m);
        assertEquals("APP_AND_THING", meter.getScopeType());
        assertEquals(thingId, meter.getString("objectScopeThingID"));
        assertTrue(meter.getData().get("object").toString().contains("\"kwh\":7"));

        SessionStatus st = session.getStatus();
        assertEquals(1, st.getGaps());
        assertEquals(5, st.getRecoveredObjects());
        assertEquals(1, st.getRecoveredCommands());
        assertEquals(0, st.getCatchUpFailures());

        List<RecordedRequest> queries = kii.observe().requestsTo(".*/buckets/sensors/query");
        assertTrue("pages of 2: " + queries.size(), queries.size() >= 2);
        String body = queries.get(0).body();
        assertTrue(body, body.contains("\"orderBy\":\"_modified\"") && body.contains("\"descending\":false")
                && body.contains("\"bestEffortLimit\":2") && body.contains("\"field\":\"_modified\""));
        assertEquals("application/vnd.kii.QueryRequest+json", queries.get(0).contentType());
    }

    @Test
    public void aRestartCatchesUpFromThePersistedLastAliveTime() {
        awaitConnectedAndSubscribed();
        deactivate();
        String a = app.createObject(Scope.app(), "sensors", Map.of("n", 1));
        String command = app.sendCommand(thingId, owner, "[{\"turnPower\":{\"power\":false}}]");
        activate();

        await().atMost(30, TimeUnit.SECONDS).until(() -> gaps.size() == 1);
        Gap gap = gaps.get(0);
        assertEquals(Gap.Reason.RESTART, gap.getReason());
        assertTrue(gap.isAfterRestart());
        assertEquals(1, gap.getRecoveredObjects());
        assertEquals(1, gap.getRecoveredCommands());
        assertEquals(Set.of(a, command), received.stream().filter(PushNotification::isRecovered)
                .map(n -> n.getKind() == NotificationKind.COMMAND ? n.getCommandId() : n.getObjectId())
                .collect(Collectors.toSet()));
    }

    @Test
    public void aRefusedQueryIsCountedAndTheSessionStaysConnected() {
        awaitConnectedAndSubscribed();
        kii.faults().failRest("POST", ".*/buckets/sensors/query", 403, 100);
        kii.faults().dropAllConnections();
        await().atMost(30, TimeUnit.SECONDS).until(() -> gaps.size() == 1);
        assertEquals(Gap.CatchUp.INCOMPLETE, gaps.get(0).getCatchUp());
        SessionStatus st = session.getStatus();
        assertEquals(SessionState.CONNECTED, st.getState());
        assertEquals(1, st.getCatchUpFailures());
        assertTrue(st.getLastCatchUpFailure(), st.getLastCatchUpFailure().startsWith("[AUTHENTICATION] catch-up of "
                + "bucket bucket:app/sensors"));
        assertFalse("no secret in the status", st.toString().contains(THING_PASSWORD));
    }

    private static PushNotification recoveredObject(List<PushNotification> recovered, String objectId) {
        return recovered.stream().filter(n -> objectId.equals(n.getObjectId())).findFirst().get();
    }

    private void awaitConnectedAndSubscribed() {
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(
                () -> assertEquals(session.getStatus().toString(), SessionState.CONNECTED, session.getStatus().getState()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> onboarding.list().stream()
                .filter(st -> st.getState() == SubscriptionStatus.State.SUBSCRIBED).count() == 2);
    }
}
