package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.results.ThingChannel.Reply;

/**
 * The request shape of the action-results call (docs/kii-protocol.md §6.4) and who may make it, over the in-memory
 * Kii ({@link FakeKiiHttp}).
 */
public class ThingCommandCallsTest {

    private static final String RESULTS = "/thing-if/apps/app1/targets/thing:th\\.vt-1/commands/.*/action-results";
    private static final String BODY = "{\"actionResults\":[{\"turnPower\":{\"succeeded\":true}}]}";

    @Rule
    public final Timeout timeout = Timeout.seconds(20);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final KiiModel kii = new KiiModel();
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);
    private Path dir;
    private OnboardingService service;

    @Before
    public void setUp() throws Exception {
        dir = tmp.newFolder("data").toPath();
    }

    @After
    public void tearDown() {
        if (service != null) {
            service.close();
        }
        executor.shutdownNow();
    }

    private OnboardingService start(Map<String, Object> config) {
        service = new OnboardingService(Fixtures.settings(config), executor, Fixtures.FAST, new FakeKiiHttp(kii),
                new FakeApiExchange(kii));
        return service;
    }

    @Test
    public void putsTheResultsWithTheThingsTokenAndTheResultsMediaType() throws Exception {
        start(Fixtures.thing(null, dir));
        Fixtures.get(service.endpoints().acquire());
        kii.always("PUT", RESULTS, req -> KiiModel.Reply.of(204, ""));

        Reply reply = service.commands().putActionResults("cmd-1", BODY);

        assertEquals(204, reply.status);
        List<KiiModel.Req> puts = kii.requests("PUT", RESULTS);
        assertEquals(1, puts.size());
        KiiModel.Req put = puts.get(0);
        assertEquals("/thing-if/apps/app1/targets/thing:th.vt-1/commands/cmd-1/action-results", put.path);
        assertEquals("application/vnd.kii.CommandResultsUpdateRequest+json", put.header("Content-Type"));
        AtomicReference<String> token = new AtomicReference<>();
        service.inspect(st -> token.set(st.token));
        assertNotNull(token.get());
        assertEquals("Bearer " + token.get(), put.header("Authorization"));
        assertEquals(BODY, put.body);
    }

    @Test
    public void kiisRefusalComesBackWithItsCodeAndWithoutTheToken() throws Exception {
        start(Fixtures.thing(null, dir));
        Fixtures.get(service.endpoints().acquire());
        AtomicReference<String> token = new AtomicReference<>();
        service.inspect(st -> token.set(st.token));
        kii.always("PUT", RESULTS, req -> KiiModel.Reply.error(404, "COMMAND_NOT_FOUND",
                "Command cmd-x was not found for " + token.get()));

        Reply reply = service.commands().putActionResults("cmd-x", BODY);

        assertEquals(404, reply.status);
        assertEquals("COMMAND_NOT_FOUND", reply.errorCode);
        assertFalse(reply.message, reply.message.contains(token.get()));
        assertTrue(reply.toString(), reply.toString().contains("HTTP 404 COMMAND_NOT_FOUND"));
    }

    @Test
    public void beforeTheOnboardingTheCallWaitsAsATransientFailure() {
        start(Fixtures.thing(null, dir));
        try {
            service.commands().putActionResults("cmd-1", BODY);
            fail("no token yet");
        } catch (OnboardingException e) {
            assertEquals(ErrorKind.TRANSIENT, e.getKind());
            assertTrue(e.getMessage(), e.getMessage().contains("not onboarded yet"));
        }
        assertEquals(0, kii.count("PUT", RESULTS));
    }

    @Test
    public void onlyAThingMayAnswerCommands() {
        assertNull(start(Fixtures.thing(null, dir)).commands().cannotAnswer());
        service.close();
        String user = start(Fixtures.user(null, dir)).commands().cannotAnswer();
        assertNotNull(user);
        assertTrue(user, user.contains("identity.mode") && user.contains("USER"));
        service.close();
        assertNull(start(Fixtures.token(null, dir, "tok", "thing:th.1")).commands().cannotAnswer());
        service.close();
        String userToken = start(Fixtures.token(null, dir, "tok", "user:u1")).commands().cannotAnswer();
        assertTrue(userToken, userToken.contains("token.owner") && userToken.contains("user:u1"));
        assertFalse("no secret in the message", userToken.contains("tok "));
    }
}
