package io.kiipush.localgateway;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * The {@code emu:} commands through a real Gogo {@link CommandProcessorImpl} (as the local gateway's shell runs them)
 * and on the command object: a missing or extra word prints the command's usage line instead of Gogo's coercion
 * error, bad numbers are refused with a clear message and change nothing, and every fault of the emulator's admin API
 * is there and acts on the emulator.
 */
public class EmulatorCommandsTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    @org.junit.ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static DemoCloud cloud;
    private static EmulatorCommands emu;
    private static ThreadIOImpl threadIo;
    private static CommandSession gogo;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeClass
    public static void start() throws Exception {
        cloud = new DemoCloud(TMP.getRoot().toPath(), 0);
        emu = new EmulatorCommands(cloud);
        threadIo = new ThreadIOImpl();
        threadIo.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIo);
        for (String function : EmulatorCommands.FUNCTIONS) {
            processor.addCommand(EmulatorCommands.SCOPE, emu, function);
        }
        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        gogo = processor.createSession(new ByteArrayInputStream(new byte[0]), new PrintStream(ignored),
                new PrintStream(ignored));
    }

    @AfterClass
    public static void stop() {
        gogo.close();
        threadIo.stop();
        cloud.close();
    }

    @Test
    public void missingOrExtraWordsPrintTheUsageLine() throws Exception {
        String[][] wrong = { { "push", "emu:push" }, { "push", "emu:push object x" }, { "help", "emu:help me" },
            { "info", "emu:info x" }, { "feed", "emu:feed on off" }, { "feed", "emu:feed maybe" },
            { "drop", "emu:drop now" }, { "hang", "emu:hang 10 20" }, { "resume", "emu:resume x" },
            { "kill", "emu:kill 1 2" }, { "restart", "emu:restart x" }, { "revoke", "emu:revoke x" },
            { "notready", "emu:notready 1 2" }, { "fail", "emu:fail" }, { "fail", "emu:fail 503 1 x y" },
            { "slow", "emu:slow" }, { "clear", "emu:clear all" } };
        for (String[] w : wrong) {
            String out = run(w[1]);
            assertTrue(w[1] + " printed: " + out, out.startsWith("Usage: emu:" + w[0]));
        }
        assertFalse("nothing happened", cloud.emulator().observe().isBrokerHung());
    }

    @Test
    public void badNumbersAreRefusedAndChangeNothing() throws Exception {
        String hang = run("emu:hang -5");
        assertTrue(hang, hang.startsWith("emu:hang: SECONDS must be a whole number from 1 to 86400, not -5"));
        assertTrue(hang, hang.contains("Usage: emu:hang [SECONDS]"));
        assertFalse(cloud.emulator().observe().isBrokerHung());
        assertTrue(run("emu:hang soon").contains("not soon"));
        assertTrue(run("emu:kill 0").startsWith("emu:kill: SECONDS must be"));
        assertTrue(run("emu:notready 0").startsWith("emu:notready: COUNT must be"));
        assertTrue(run("emu:fail 200").startsWith("emu:fail: STATUS must be 429 or 500 to 599, not 200"));
        assertTrue(run("emu:fail 503 -1").startsWith("emu:fail: COUNT must be"));
        assertTrue(run("emu:slow -1").startsWith("emu:slow: MILLIS must be"));
        assertEquals("no REST fault was set", 403, get("/api/apps/demoapp/users/me", "Bearer not-a-token"));
        assertTrue(run("emu:push nothing").contains("Usage: emu:push KIND"));
    }

    @Test
    public void helpListsEveryCommandWithItsUsage() throws Exception {
        String help = run("emu:help");
        for (String function : EmulatorCommands.FUNCTIONS) {
            assertTrue(function, help.contains("emu:" + function));
        }
        assertTrue(help, help.contains("emu:fail STATUS [COUNT] [PATH-REGEX]"));
        assertTrue(help, help.contains("emu:notready [COUNT]"));
        assertTrue(help, help.contains("emu:slow MILLIS [COUNT] [PATH-REGEX]"));
        assertTrue(help, help.contains("emu:kill [SECONDS]"));
        assertEquals(EmulatorCommands.FUNCTIONS.length + 1, help.split("\n").length);
    }

    @Test
    public void theFaultCommandsActOnTheEmulator() throws Exception {
        assertTrue(emu.hang("30").startsWith("The broker is silent for 30 s"));
        assertTrue(cloud.emulator().observe().isBrokerHung());
        emu.resume();
        assertFalse(cloud.emulator().observe().isBrokerHung());

        String path = "/api/apps/demoapp/installations/none/mqtt-endpoint";
        assertTrue(emu.fail("503", "2", "mqtt-endpoint$").contains("answer 503"));
        assertEquals(503, get(path, null));
        assertEquals(503, get(path, null));
        assertEquals("only two", 404, get(path, null));
        emu.fail("500", "5");
        assertEquals(500, get("/api/apps/demoapp/users/me", null));
        emu.clear();
        assertEquals(401, get("/api/apps/demoapp/users/me", null));

        emu.notready("2");
        assertTrue(body("/_emulator/settings").contains("\"endpointNotReadyPending\":2"));
        emu.clear();
        assertTrue(body("/_emulator/settings").contains("\"endpointNotReadyPending\":0"));
        assertTrue(emu.slow("10", "1").startsWith("The next 1 Kii REST call(s) answer after 10 ms"));
        assertEquals(401, get("/api/apps/demoapp/users/me", null));

        int port = cloud.emulator().mqttPort();
        emu.kill();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        emu.restart();
        new Socket("127.0.0.1", port).close();
        emu.kill("5");
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            new Socket("127.0.0.1", port).close();
            return true;
        });
    }

    private static String run(String command) throws Exception {
        return String.valueOf(gogo.execute(command));
    }

    private static int get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud.emulator().baseUrl() + path))
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String body(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cloud.emulator().baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
