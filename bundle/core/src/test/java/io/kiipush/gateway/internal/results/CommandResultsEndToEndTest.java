package io.kiipush.gateway.internal.results;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.kiipush.emulator.KiiApp;
import io.kiipush.emulator.KiiEmulator;
import io.kiipush.gateway.ActionResult;
import io.kiipush.gateway.CommandResultException;
import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.internal.onboarding.OnboardingComponent;
import io.kiipush.gateway.internal.onboarding.Onboardings;
import io.kiipush.gateway.internal.session.Backoff;
import io.kiipush.gateway.internal.session.PushSessionComponent;
import io.kiipush.gateway.internal.session.Sessions;
import io.kiipush.gateway.testing.ConfigProxy;
import io.kiipush.gateway.testing.EmulatorConfigs;

/**
 * The command loop closed over real sockets against the Kii emulator: a command sent by a user reaches the thing over
 * MQTT, the thing's results go back with {@code PUT .../action-results} through the onboarding's HTTP client, and the
 * emulator moves the command to {@code DONE} (every action succeeded) or {@code INCOMPLETE}.
 */
public class CommandResultsEndToEndTest {

    private static final String VENDOR_THING_ID = "gateway-results";
    private static final String THING_PASSWORD = "results-thing-S3CRET";

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Timeout.seconds(120);

    private KiiEmulator kii;
    private KiiApp app;
    private String thingId;
    private String owner;
    private Path state;
    private OnboardingComponent onboarding;
    private PushSessionComponent session;
    private ScheduledThreadPoolExecutor executor;
    private ResultsEngine engine;
    private final List<PushNotification> commands = new CopyOnWriteArrayList<>();

    @Before
    public void start() throws Exception {
        kii = KiiEmulator.builder().build().start();
        app = kii.app();
        thingId = app.registerThing(VENDOR_THING_ID, THING_PASSWORD, "gateway").thingId();
        owner = app.registerUser("owner-results", "owner-password").userId();
        state = tmp.newFolder("state").toPath();

        Map<String, Object> o = EmulatorConfigs.thing(kii, app, VENDOR_THING_ID, THING_PASSWORD, null, state);
        onboarding = new OnboardingComponent(ConfigProxy.of(OnboardingComponent.Config.class, o), null, null);

        Map<String, Object> s = EmulatorConfigs.fastSession();
        session = new PushSessionComponent(ConfigProxy.of(PushSessionComponent.Config.class, s),
                java.util.Collections.emptyMap(), onboarding);
        Sessions.addListener(session, new PushNotificationListener() {
            @Override
            public void onNotification(PushNotification n) {
                if (n.getKind() == NotificationKind.COMMAND) {
                    commands.add(n);
                }
            }
        });
        startEngine();
        await().atMost(20, TimeUnit.SECONDS).until(() -> session.getStatus().getState().name().equals("CONNECTED"));
    }

    private void startEngine() {
        executor = new ScheduledThreadPoolExecutor(1);
        engine = new ResultsEngine(onboarding, new Outbox(state.resolve("command-results.json"), 100, 100_000),
                executor, new ResultsPolicy(new Backoff(50, 200, new SecureRandom())), System::currentTimeMillis);
        engine.start();
    }

    private void stopEngine() throws InterruptedException {
        engine.stop();
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        engine.failWaiting();
    }

    @After
    public void stop() throws Exception {
        if (engine != null) {
            stopEngine();
        }
        if (session != null) {
            Sessions.deactivate(session);
        }
        if (onboarding != null) {
            Onboardings.deactivate(onboarding);
        }
        if (kii != null) {
            kii.stop();
        }
    }

    /** Sends a command and waits until the thing received it over MQTT. */
    private PushNotification command(String actionsJson) {
        String id = app.sendCommand(thingId, owner, actionsJson);
        assertEquals("SENDING", app.command(thingId, id).state());
        await().atMost(10, TimeUnit.SECONDS).until(() -> commands.stream().anyMatch(c -> id.equals(c.getCommandId())));
        return commands.stream().filter(c -> id.equals(c.getCommandId())).findFirst().get();
    }

    @Test
    public void allSucceededMovesTheCommandToDone() throws Exception {
        PushNotification c = command("[{\"turnPower\":{\"power\":true}},{\"setPresetTemperature\":{\"value\":25}}]");

        engine.report(c.getCommandId(), Arrays.asList(ActionResult.succeeded("turnPower"),
                ActionResult.succeeded("setPresetTemperature").withData("{\"applied\":25}"))).get(10, TimeUnit.SECONDS);

        assertEquals("DONE", app.command(thingId, c.getCommandId()).state());
        String stored = app.command(thingId, c.getCommandId()).actionResultsJson();
        assertTrue(stored, stored.contains("\"turnPower\":{\"succeeded\":true}") && stored.contains("\"applied\":25"));
        assertEquals(1, engine.sent());
    }

    @Test
    public void aFailedActionMovesTheCommandToIncomplete() throws Exception {
        PushNotification c = command("[{\"turnPower\":{\"power\":true}},{\"setPresetTemperature\":{\"value\":99}}]");

        engine.report(c.getCommandId(), Arrays.asList(ActionResult.succeeded("turnPower"),
                ActionResult.failed("setPresetTemperature", "out of range"))).get(10, TimeUnit.SECONDS);

        assertEquals("INCOMPLETE", app.command(thingId, c.getCommandId()).state());
        assertTrue(app.command(thingId, c.getCommandId()).actionResultsJson().contains("out of range"));
    }

    @Test
    public void anUnknownCommandIsAPermanentFailureWithKiisCode() throws Exception {
        CompletableFuture<Void> f = engine.report("no-such-command", Collections.singletonList(
                ActionResult.succeeded("turnPower")));
        try {
            f.get(10, TimeUnit.SECONDS);
            fail("the emulator answers 404");
        } catch (ExecutionException e) {
            CommandResultException r = (CommandResultException) e.getCause();
            assertEquals(404, r.getStatus());
            assertEquals("COMMAND_NOT_FOUND", r.getErrorCode());
        }
        assertEquals(1, engine.failed());
        assertEquals(0, engine.pending());
    }

    @Test
    public void serverErrorsAreRetriedAndAStoppedEngineSendsAfterItsRestart() throws Exception {
        PushNotification c = command("[{\"turnPower\":{\"power\":false}}]");
        kii.faults().failRest("PUT", ".*/action-results", 503, 3);
        engine.report(c.getCommandId(), Collections.singletonList(ActionResult.succeeded("turnPower")))
                .get(10, TimeUnit.SECONDS);
        assertEquals("DONE", app.command(thingId, c.getCommandId()).state());

        PushNotification d = command("[{\"turnPower\":{\"power\":true}}]");
        kii.faults().failRest("PUT", ".*/action-results", 503, 1_000_000);
        CompletableFuture<Void> pending = engine.report(d.getCommandId(),
                Collections.singletonList(ActionResult.succeeded("turnPower")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> engine.lastFailure() != null
                && engine.lastFailure().contains(d.getCommandId()));
        stopEngine();
        assertTrue(pending.isCompletedExceptionally());
        assertEquals("SENDING", app.command(thingId, d.getCommandId()).state());

        kii.faults().clearRestFaults();
        startEngine();
        await().atMost(10, TimeUnit.SECONDS).until(() -> "DONE".equals(app.command(thingId, d.getCommandId()).state()));
        assertEquals(1, engine.sent());
    }
}
