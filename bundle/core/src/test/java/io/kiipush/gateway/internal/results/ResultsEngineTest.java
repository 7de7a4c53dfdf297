package io.kiipush.gateway.internal.results;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.kiipush.gateway.ActionResult;
import io.kiipush.gateway.CommandResultException;
import io.kiipush.gateway.internal.session.Backoff;

/** The engine over a scripted channel, a real results thread and a fast backoff (10 ms doubling to 40 ms). */
public class ResultsEngineTest {

    private static final List<ActionResult> OK = Collections.singletonList(ActionResult.succeeded("turnPower"));
    private static final String OK_BODY = "{\"actionResults\":[{\"turnPower\":{\"succeeded\":true}}]}";

    @Rule
    public final Timeout timeout = Timeout.seconds(30);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path dir;
    private FakeChannel channel;
    private ScheduledThreadPoolExecutor executor;
    private ResultsEngine engine;

    @Before
    public void setUp() throws Exception {
        dir = tmp.newFolder("data").toPath();
        channel = new FakeChannel(dir);
    }

    @After
    public void tearDown() throws Exception {
        stop();
    }

    private ResultsEngine start(int maxEntries) {
        executor = new ScheduledThreadPoolExecutor(1);
        engine = new ResultsEngine(channel, new Outbox(dir.resolve("command-results.json"), maxEntries, 100_000),
                executor, new ResultsPolicy(new Backoff(10, 40, new Random(3))), System::currentTimeMillis);
        engine.start();
        return engine;
    }

    private ResultsEngine start() {
        return start(100);
    }

    private void stop() throws InterruptedException {
        if (engine != null) {
            engine.stop();
            executor.shutdownNow();
            assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
            engine.failWaiting();
            engine = null;
        }
    }

    private static CommandResultException failure(CompletableFuture<Void> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
            fail("expected a failure");
            return null;
        } catch (ExecutionException e) {
            return (CommandResultException) e.getCause();
        }
    }

    private String outboxText() throws Exception {
        Path file = dir.resolve("command-results.json");
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    }

    @Test
    public void sendsOnceAndEmptiesTheOutbox() throws Exception {
        start().report("cmd-1", OK).get(10, TimeUnit.SECONDS);
        assertEquals(1, channel.calls.size());
        assertEquals("cmd-1", channel.calls.get(0).commandId);
        assertEquals(OK_BODY, channel.calls.get(0).body);
        assertEquals(1, engine.sent());
        assertEquals(0, engine.pending());
        assertTrue(outboxText(), !outboxText().contains("cmd-1"));
        assertTrue(engine.describe().get(0), engine.describe().get(0).startsWith("sent 1, pending 0, failed 0"));
    }

    @Test
    public void transientFailuresAreRetriedUntilKiiAccepts() throws Exception {
        channel.then(FakeChannel.status(503, null), FakeChannel.network(), FakeChannel.status(429, null),
                FakeChannel.status(500, "INTERNAL"));
        start().report("cmd-1", OK).get(10, TimeUnit.SECONDS);
        assertEquals(5, channel.calls.size());
        assertEquals(1, engine.sent());
        assertEquals(0, engine.failed());
        assertTrue(engine.describe().get(0), engine.describe().get(0).contains("retries 4"));
        assertTrue(engine.lastFailure(), engine.lastFailure().contains("cmd-1"));
    }

    @Test
    public void anUnknownCommandFailsForGoodWithKiisCode() throws Exception {
        channel.then(FakeChannel.status(404, "COMMAND_NOT_FOUND"));
        CommandResultException e = failure(start().report("cmd-x", OK));
        assertEquals("COMMAND_NOT_FOUND", e.getErrorCode());
        assertEquals(404, e.getStatus());
        assertEquals("cmd-x", e.getCommandId());
        assertTrue(e.getMessage(), e.getMessage().contains("no such command"));
        assertEquals(1, channel.calls.size());
        assertEquals(1, engine.failed());
        assertEquals(0, engine.pending());
        assertTrue(engine.lastFailure().contains("cmd-x"));
        assertTrue(!outboxText().contains("cmd-x"));
    }

    @Test
    public void anIdentityThatIsNotAThingCannotAnswer() throws Exception {
        channel.cannotAnswer = "the gateway's Kii identity is a user (Identity mode (identity.mode) USER)";
        CommandResultException e = failure(start().report("cmd-1", OK));
        assertEquals("IDENTITY_NOT_THING", e.getErrorCode());
        assertTrue(e.getMessage(), e.getMessage().contains("identity.mode"));
        assertEquals(0, channel.calls.size());
        assertEquals(1, engine.failed());
    }

    @Test
    public void badInputIsRefusedAtOnceAndCounted() throws Exception {
        start();
        for (CompletableFuture<Void> f : Arrays.asList(engine.report(null, OK), engine.report("a/../b", OK),
                engine.report("cmd-1", Collections.<ActionResult>emptyList()),
                engine.report("cmd-1", Collections.singletonList(ActionResult.succeeded("a").withData("nope"))))) {
            assertTrue(f.isDone());
            assertEquals("INVALID_INPUT", failure(f).getErrorCode());
        }
        engine.rejectedEvent("property kii.commandID must be ...");
        assertEquals(5, engine.rejected());
        assertEquals(0, channel.calls.size());
    }

    @Test
    public void resultsLeftInTheOutboxAreSentAfterARestart() throws Exception {
        channel.cannotAnswer = null;
        CountDownLatch stuck = new CountDownLatch(1);
        // Kii is unreachable for the first run: the results stay in the outbox file.
        for (int i = 0; i < 1000; i++) {
            channel.then(FakeChannel.network());
        }
        CompletableFuture<Void> f = start().report("cmd-1", OK);
        while (channel.calls.isEmpty()) {
            stuck.await(10, TimeUnit.MILLISECONDS);
        }
        assertTrue(outboxText(), outboxText().contains("cmd-1"));
        stop();
        assertEquals("STOPPED", failure(f).getErrorCode());

        FakeChannel fresh = new FakeChannel(dir);
        channel = fresh;
        start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (engine.sent() < 1 && System.currentTimeMillis() < deadline) {
            stuck.await(10, TimeUnit.MILLISECONDS);
        }
        assertEquals(1, engine.sent());
        assertEquals("cmd-1", fresh.calls.get(0).commandId);
        assertEquals(OK_BODY, fresh.calls.get(0).body);
        assertTrue(!outboxText().contains("cmd-1"));
    }

    @Test
    public void aCorruptOutboxIsReportedAndTheEngineGoesOn() throws Exception {
        Files.write(dir.resolve("command-results.json"), "not json".getBytes(StandardCharsets.UTF_8));
        start().report("cmd-1", OK).get(10, TimeUnit.SECONDS);
        assertTrue(engine.lastFailure(), engine.lastFailure().contains("corrupt"));
        assertEquals(1, engine.sent());
    }

    @Test
    public void aFullOutboxRefusesNewResults() throws Exception {
        for (int i = 0; i < 1000; i++) {
            channel.then(FakeChannel.network());
        }
        start(1);
        CompletableFuture<Void> first = engine.report("cmd-1", OK);
        CommandResultException e = failure(engine.report("cmd-2", OK));
        assertEquals("OUTBOX_FULL", e.getErrorCode());
        assertTrue(!first.isDone());
        assertEquals(1, engine.pending());
    }

    @Test
    public void newerResultsForTheSameCommandSupersedeOlderOnes() throws Exception {
        for (int i = 0; i < 3; i++) {
            channel.then(FakeChannel.network());
        }
        start();
        CompletableFuture<Void> older = engine.report("cmd-1", OK);
        CompletableFuture<Void> newer = engine.report("cmd-1",
                Collections.singletonList(ActionResult.failed("turnPower", "jammed")));
        newer.get(10, TimeUnit.SECONDS);
        assertEquals("SUPERSEDED", failure(older).getErrorCode());
        String lastBody = channel.calls.get(channel.calls.size() - 1).body;
        assertTrue(lastBody, lastBody.contains("jammed"));
        assertEquals(1, engine.sent());
    }

    @Test
    public void wakeRetriesAtOnce() throws Exception {
        engine = null;
        executor = new ScheduledThreadPoolExecutor(1);
        // A long backoff: only wake() can make the second attempt happen within the test.
        engine = new ResultsEngine(channel, new Outbox(null, 10, 100_000), executor,
                new ResultsPolicy(new Backoff(600_000, 600_000, new Random(1))), System::currentTimeMillis);
        engine.start();
        channel.then(FakeChannel.network());
        CompletableFuture<Void> f = engine.report("cmd-1", OK);
        CountDownLatch wait = new CountDownLatch(1);
        while (channel.calls.isEmpty()) {
            wait.await(10, TimeUnit.MILLISECONDS);
        }
        assertNull(f.getNow(null));
        engine.wake();
        f.get(10, TimeUnit.SECONDS);
        assertEquals(2, channel.calls.size());
    }

    @Test
    public void oneUnreachableKiiMakesTheOthersWaitInsteadOfEachPayingATimeout() throws Exception {
        Outbox stored = new Outbox(dir.resolve("command-results.json"), 10, 100_000);
        stored.add(new Outbox.Entry("c1", OK_BODY, 1));
        stored.add(new Outbox.Entry("c2", OK_BODY, 2));
        stored.add(new Outbox.Entry("c3", OK_BODY, 3));
        stored.save();
        channel.then(FakeChannel.network());
        executor = new ScheduledThreadPoolExecutor(1);
        engine = new ResultsEngine(channel, new Outbox(dir.resolve("command-results.json"), 10, 100_000), executor,
                new ResultsPolicy(new Backoff(600_000, 600_000, new Random(1))), System::currentTimeMillis);
        engine.start();
        CountDownLatch wait = new CountDownLatch(1);
        long deadline = System.currentTimeMillis() + 10_000;
        while (engine.lastFailure() == null && System.currentTimeMillis() < deadline) {
            wait.await(10, TimeUnit.MILLISECONDS);
        }
        // The drain that failed on c1 is over once the results thread runs a task queued after it.
        executor.submit(() -> null).get(10, TimeUnit.SECONDS);
        assertEquals("c2 and c3 wait for c1's backoff", 1, channel.calls.size());
        assertEquals(3, engine.pending());

        engine.wake();
        while (engine.sent() < 3 && System.currentTimeMillis() < deadline) {
            wait.await(10, TimeUnit.MILLISECONDS);
        }
        assertEquals(3, engine.sent());
        assertEquals(Arrays.asList("c1", "c1", "c2", "c3"), Arrays.asList(channel.calls.get(0).commandId,
                channel.calls.get(1).commandId, channel.calls.get(2).commandId, channel.calls.get(3).commandId));
    }
}
