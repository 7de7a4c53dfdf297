package io.kiipush.gateway.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ActionResult;
import io.kiipush.gateway.CommandResultException;
import io.kiipush.gateway.CommandResults;
import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;
import io.kiipush.gateway.itests.support.LogCapture;

/**
 * The command loop closed: a Thing-IF command reaches the gateway as an OSGi event, a consumer answers it through the
 * {@link CommandResults} service or the {@link CommandResults#TOPIC_RESULT} EventAdmin topic, and Kii (the emulator)
 * moves the command to {@code DONE} (every action succeeded) or {@code INCOMPLETE}. Bad events are rejected with a
 * clear log line and break nothing; the service is there only while the identity is a thing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CommandResultsIT {

    private static final String ACTIONS = "[{\"turnPower\":{\"power\":true}},{\"setBrightness\":{\"brightness\":30}}]";

    @Inject
    private BundleContext context;

    private Kii kii;
    private Gateway gateway;
    private Events commands;
    private ServiceTracker<CommandResults, CommandResults> results;
    private String thingId;
    private Kii.Account owner;
    private static int things;

    @Configuration
    public Option[] config() {
        return new Option[] { ItestSupport.gatewayOptions(CommandResultsIT.class) };
    }

    @Before
    public void connect() {
        kii = Kii.get();
        gateway = new Gateway(context);
        commands = Events.listen(context, PushEvents.TOPIC_COMMAND, null);
        results = new ServiceTracker<>(context, CommandResults.class, null);
        results.open();
        String vendorThingId = "it-results-" + (++things);
        thingId = kii.registerThing(vendorThingId, "results-pass").id;
        owner = kii.registerUser("results-owner-" + things, "owner-pass");
        gateway.configure(Gateway.thing(kii, vendorThingId, "results-pass"), Gateway.fastSession());
        gateway.awaitConnected();
    }

    @After
    public void tearDown() {
        results.close();
        commands.close();
        gateway.deleteConfigurations();
        gateway.close();
    }

    /** Sends a command and waits until the gateway posted it. */
    private String command() {
        String id = kii.sendCommand(thingId, owner.id, ACTIONS);
        commands.await(1, e -> id.equals(e.getProperty(PushEvents.PROP_COMMAND_ID)), Duration.ofSeconds(15));
        assertEquals("SENDING", state(id));
        return id;
    }

    private String state(String commandId) {
        return kii.command(thingId, commandId).get("commandState").getAsString();
    }

    private CommandResults service() throws InterruptedException {
        CommandResults s = results.waitForService(15_000);
        assertNotNull("CommandResults is registered for a thing", s);
        return s;
    }

    private void post(Map<String, Object> properties) {
        EventAdmin admin = context.getService(context.getServiceReference(EventAdmin.class));
        admin.postEvent(new Event(CommandResults.TOPIC_RESULT, properties));
    }

    @Test(timeout = 90_000)
    public void theServiceAnswersCommandsAndKiiMarksThemDoneOrIncomplete() throws Exception {
        String done = command();
        service().report(done, Arrays.asList(ActionResult.succeeded("turnPower"),
                ActionResult.succeeded("setBrightness").withData("{\"brightness\":30}"))).toCompletableFuture()
                .get(15, TimeUnit.SECONDS);
        assertEquals("DONE", state(done));
        JsonObject stored = kii.command(thingId, done);
        assertTrue(stored.toString(), stored.get("actionResults").toString().contains("\"brightness\":30"));

        String incomplete = command();
        service().report(incomplete, Arrays.asList(ActionResult.succeeded("turnPower"),
                ActionResult.failed("setBrightness", "lamp broken"))).toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertEquals("INCOMPLETE", state(incomplete));

        try {
            service().report("no-such-command", Collections.singletonList(ActionResult.succeeded("turnPower")))
                    .toCompletableFuture().get(15, TimeUnit.SECONDS);
            fail("Kii does not know that command");
        } catch (ExecutionException e) {
            CommandResultException r = (CommandResultException) e.getCause();
            assertEquals(404, r.getStatus());
            assertEquals("COMMAND_NOT_FOUND", r.getErrorCode());
        }
    }

    @Test(timeout = 90_000)
    public void theEventAdminTopicAnswersCommandsAndBadEventsAreRejectedClearly() throws Exception {
        try (LogCapture log = LogCapture.start(context)) {
            Map<String, Object> bad = new HashMap<>();
            bad.put(CommandResults.PROP_COMMAND_ID, "cmd-bad");
            bad.put(CommandResults.PROP_RESULTS, "[{\"turnPower\":{\"succeeded\":\"yes\"}}]");
            post(bad);
            post(Collections.<String, Object>singletonMap(CommandResults.PROP_RESULTS, "[]"));

            String id = command();
            Map<String, Object> good = new HashMap<>();
            good.put(CommandResults.PROP_COMMAND_ID, id);
            good.put(CommandResults.PROP_RESULTS,
                    "[{\"turnPower\":{\"succeeded\":true}},{\"setBrightness\":{\"succeeded\":true}}]");
            post(good);
            await().atMost(Duration.ofSeconds(15)).until(() -> "DONE".equals(state(id)));

            String failed = command();
            Map<String, Object> partly = new HashMap<>();
            partly.put(CommandResults.PROP_COMMAND_ID, failed);
            partly.put(CommandResults.PROP_RESULTS, "[{\"turnPower\":{\"succeeded\":true}},"
                    + "{\"setBrightness\":{\"succeeded\":false,\"errorMessage\":\"lamp broken\"}}]");
            post(partly);
            await().atMost(Duration.ofSeconds(15)).until(() -> "INCOMPLETE".equals(state(failed)));

            String text = log.text();
            assertTrue(text, text.contains("Kii command results event rejected: command cmd-bad: kii.results: the "
                    + "result of action 'turnPower' needs a boolean succeeded"));
            assertTrue(text, text.contains("property kii.commandID must be the command ID"));
        }
    }

    @Test(timeout = 90_000)
    public void aUserIdentityHasNoCommandResultsService() throws Exception {
        service();
        Map<String, Object> user = Gateway.site(kii);
        user.put("identity.mode", "USER");
        user.put("user.username", "results-owner-" + things);
        user.put("user.password", "owner-pass");
        gateway.configureOnboarding(user);
        await().atMost(Duration.ofSeconds(15)).until(() -> results.getService() == null);
        gateway.awaitConnected();
        assertEquals("still no service once the user is connected", null, results.getService());
    }
}
