package io.kiipush.localgateway;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * The local gateway as the README starts it, in this JVM: the emulator and its feed, the framework with every bundle
 * active, notifications of every feed kind reaching the listeners, the web console rendering both forms from the
 * metatype behind its login with the passwords masked, a shutdown that stops the event sources (feed, consumer,
 * gateway) before EventAdmin and the emulator last, without EventAdmin's "Event Task Processing Interrupted", and
 * nothing left running after close.
 */
public class LocalGatewayTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(180);

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void eventsFlowAndTheConsoleShowsBothFormsWithMaskedPasswords() throws Exception {
        Options options = Options.parse(new String[] { "--console-port", "0", "--work-dir",
                tmp.getRoot().getAbsolutePath(), "--no-shell", "--feed-interval", "250" }, Map.of());
        LocalGateway.configureLogging(options);
        String appKey;
        List<String> stops = new CopyOnWriteArrayList<>();
        PrintStream stdout = System.out;
        ByteArrayOutputStream shutdownOutput = new ByteArrayOutputStream();
        try (LocalGateway gateway = new LocalGateway(options, false)) {
            gateway.start();
            gateway.startShell(); // headless (--nointeractive): must not stop the framework
            appKey = gateway.cloud().emulator().app().key();

            // the thing's four feed kinds (object created, topic message, command, object updated) went through
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Osgi.SessionView s = gateway.osgi().session();
                assertTrue(String.valueOf(s), s != null && s.dispatched() >= 4);
            });
            Osgi.SessionView session = gateway.osgi().session();
            assertEquals(session.toString(), "CONNECTED", session.state());
            assertEquals(session.received(), session.dispatched());
            // the second connection, the demo user, gets the notes of its own bucket (the fifth feed kind)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Osgi.SessionView user = gateway.osgi().session(LocalGateway.USER_SESSION_FILTER);
                assertTrue(String.valueOf(user), user != null && "CONNECTED".equals(user.state()) && user.dispatched() >= 1);
            });
            for (Bundle b : gateway.osgi().bundles()) {
                assertEquals(b.getSymbolicName() + " is active", Bundle.ACTIVE, b.getState());
            }

            String console = gateway.consoleUrl();
            assertTrue(console, console.startsWith("http://127.0.0.1:") && console.endsWith("/system/console"));
            assertEquals("the console asks for a login", 401, get(console + "/configMgr", null).status);

            // factory instances: the console addresses each by its generated service.pid
            String onboardingPid = gateway.osgi().configurationPid("(kura.service.pid=io.kiipush.gateway.Onboarding)");
            String sessionPid = gateway.osgi().configurationPid("(kura.service.pid=io.kiipush.gateway.PushSession)");
            Response onboarding = get(console + "/configMgr/" + onboardingPid + ".json", "admin:admin");
            assertEquals(200, onboarding.status);
            assertTrue(onboarding.body, onboarding.body.contains("\"title\":\"Kii Push Onboarding\""));
            // Password AD type 12, shown as "unmodified", never the value
            assertTrue(onboarding.body, onboarding.body.contains(
                    "\"app.key\":{\"name\":\"Application key\",\"optional\":false,\"is_set\":true,\"type\":12,\"value\":\"unmodified\""));
            assertTrue(onboarding.body.contains("\"thing.password\":{\"name\":\"Thing password\",\"optional\":false,\"is_set\":true,\"type\":12"));
            assertFalse("the app key is not in the page", onboarding.body.contains(appKey));

            Response session2 = get(console + "/configMgr/" + sessionPid + ".json", "admin:admin");
            assertEquals(200, session2.status);
            assertTrue(session2.body, session2.body.contains("\"title\":\"Kii Push Session\""));
            assertTrue(session2.body, session2.body.contains("\"keepAliveSec\""));

            // the Kii Push page (bundle io.kiipush.gateway.console): the connection CONNECTED, no secret
            Response page = get(console + "/" + LocalGateway.KIIPUSH_PAGE, "admin:admin");
            assertEquals(200, page.status);
            assertTrue(page.body, page.body.contains("<td class=\"kiipush-state\">CONNECTED</td>"));
            assertTrue(page.body, page.body.contains("<title>") && page.body.contains("Kii Push"));
            Response json = get(console + "/" + LocalGateway.KIIPUSH_PAGE + "/status.json", "admin:admin");
            assertEquals(200, json.status);
            assertTrue(json.body, json.body.contains("\"state\":\"CONNECTED\""));
            assertTrue(json.body, json.body.contains("\"recent\":[{"));
            Object thingPassword = gateway.cloud().onboardingConfiguration(tmp.getRoot().toPath()).get("thing.password");
            for (String secret : List.of(appKey, String.valueOf(thingPassword))) {
                assertFalse("no secret in the Kii Push page", page.body.contains(secret) || json.body.contains(secret));
            }

            assertNotNull("emu: commands are registered for Gogo", gateway.osgi().framework().getBundleContext()
                    .getServiceReferences((String) null, "(osgi.command.scope=emu)"));

            // Ctrl-C order: event sources first, EventAdmin after them, the emulator last
            DemoCloud cloud = gateway.cloud();
            gateway.osgi().framework().getBundleContext().addBundleListener((SynchronousBundleListener) e -> {
                if (e.getType() == BundleEvent.STOPPING) {
                    stops.add(e.getBundle().getSymbolicName() + (cloud.feeding() ? " (feeding)" : "")
                            + (cloud.emulator().isRunning() ? "" : " (emulator stopped)"));
                }
            });
            System.setOut(new PrintStream(new TeeStream(stdout, shutdownOutput), true));
        } finally {
            System.setOut(stdout);
        }
        assertEquals(LocalGateway.CONSUMER_BUNDLE, stops.get(0));
        assertEquals(LocalGateway.GATEWAY_BUNDLE, stops.get(1));
        assertTrue(stops.toString(), stops.indexOf("org.apache.felix.eventadmin") > 1);
        assertFalse(stops.toString(), stops.stream().anyMatch(s -> s.contains("(feeding)") || s.contains("(emulator")));
        assertFalse(shutdownOutput.toString(), shutdownOutput.toString().contains("Interrupted"));
        // the gateway's threads (kii-session-1, MQTT ...), the emulator's (kii-emu-*) and the feed are gone
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(List.of(), ourThreads()));
    }

    /** Writes to two streams (the test's output and a capture). */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }

    private static List<String> ourThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("kii-") || n.startsWith("MQTT ") || n.equals("demo-feed")).sorted()
                .collect(Collectors.toList());
    }

    private static final class Response {
        final int status;
        final String body;

        Response(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }

    private static Response get(String url, String userColonPassword) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        if (userColonPassword != null) {
            c.setRequestProperty("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)));
        }
        int status = c.getResponseCode();
        InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        c.disconnect();
        return new Response(status, body);
    }
}
