package io.kiipush.emulator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * Faithfulness: the real, unmodified Kii Cloud JS SDK 2.4.19 and Thing-IF JS SDK 1.0.3 (installed from npm by
 * {@code npm ci} during the build, see emulator/pom.xml) drive the emulator through user registration and login,
 * MQTT installation and endpoint (with the 503 retry), bucket and topic subscriptions, objects, a paged bucket query,
 * a topic message, thing registration and authentication, Thing-IF onboarding, commands listed in pages and read;
 * plain MQTT.js clients connected with the returned endpoints must receive every push. Fails the build when any SDK
 * call fails.
 */
public class KiiJsSdkFaithfulnessTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(120);
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void realKiiSdksWorkUnmodifiedAgainstTheEmulator() throws Exception {
        assumeFalse("skipped with -DskipNodeTests=true", Boolean.getBoolean("kiiemu.skipNode"));
        Path dir = Path.of(System.getProperty("kiiemu.nodeDir", "target/node-faithfulness"));
        assertTrue("npm ci did not run in " + dir, Files.isDirectory(dir.resolve("node_modules/kii-cloud-sdk")));

        try (KiiEmulator emu = KiiEmulator.builder().app("sdkapp", "sdkkey").endpointNotReadyCount(2).build()
                .start()) {
            File out = tmp.newFile("node.log");
            ProcessBuilder pb = new ProcessBuilder("node", "faithfulness.js").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(out);
            pb.environment().put("KII_BASE_URL", emu.baseUrl());
            pb.environment().put("KII_APP_ID", "sdkapp");
            pb.environment().put("KII_APP_KEY", "sdkkey");
            Process node = pb.start();
            boolean finished = node.waitFor(90, TimeUnit.SECONDS);
            if (!finished) {
                node.destroyForcibly();
            }
            String log = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            System.out.print(log);
            assertTrue("node did not finish:\n" + log, finished);
            assertEquals("the Kii SDK run failed:\n" + log, 0, node.exitValue());
            assertTrue(log, log.contains("[kii-js-sdk] OK"));

            List<RecordedRequest> endpointCalls = emu.observe().requestsTo("/mqtt-endpoint$");
            assertTrue("the SDK saw the 503s and retried",
                    endpointCalls.stream().filter(r -> r.status() == 503).count() >= 2
                            && endpointCalls.stream().anyMatch(r -> r.status() == 200));
            assertTrue(emu.observe().requests(r -> r.path().equals("/api/oauth2/token")
                    && r.authKind() == AuthKind.APP_HEADERS).size() >= 2);
            assertEquals(2, emu.observe().publishes(p -> p.kind() == PushKind.COMMAND).size());
            assertEquals("two query pages", 2, emu.observe().requests(r -> r.path().endsWith("/query")
                    && r.status() == 200).size());
            assertTrue(emu.observe().requests(r -> r.status() >= 500).stream()
                    .allMatch(r -> "MQTT_ENDPOINT_NOT_READY".equals(r.errorCode())));
        }
    }
}
