package io.kiipush.emulator;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import com.google.gson.JsonObject;

/** Load generator, the admin HTTP endpoint, TLS material persistence. */
public class LoadAndAdminTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(60);
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private static KiiEmulator emu;
    private static Http http;

    @BeforeClass
    public static void start() throws Exception {
        emu = KiiEmulator.builder().publishLogCapacity(1000).build().start();
        http = new Http(emu.baseUrl());
    }

    @AfterClass
    public static void stop() {
        emu.stop();
    }

    private static MqttEndpointInfo newEndpoint(String name) {
        UserInfo u = emu.app().registerUser(name, name + "-pass");
        return emu.app().mqttEndpoint(emu.app().installMqtt(Subscriber.user(u.userId()), false).installationId());
    }

    @Test
    public void steadyStreamKeepsItsRate() throws Exception {
        MqttEndpointInfo ep = newEndpoint("stream1");
        try (Mqtt m = Mqtt.subscribe(ep)) {
            long t0 = System.nanoTime();
            LoadRun run = emu.load().streamToInstallation(ep.installationId(), 500, 500, LoadGenerator.jsonPayload(300));
            assertTrue(run.await(Duration.ofSeconds(10)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue("500 events at 500/s took " + ms + " ms", ms >= 900 && ms < 3000);
            await().atMost(Duration.ofSeconds(5)).until(() -> m.received.size() == 500);
            String p = m.payloads().get(499);
            assertTrue(p, p.startsWith("{\"seq\":499,\"sentAtMicros\":"));
            assertTrue(Math.abs(p.length() - 300) <= 2);
            assertEquals(0, m.received.get(0).qos());
        }
    }

    @Test
    public void burstSendsEverythingAsFastAsTheBrokerTakesIt() throws Exception {
        MqttEndpointInfo ep = newEndpoint("burst1");
        int n = 5_000;
        try (Mqtt m = Mqtt.subscribe(ep)) {
            long t0 = System.nanoTime();
            LoadRun run = emu.load().burst(ep.mqttTopic(), n, LoadGenerator.jsonPayload(300));
            assertTrue(run.await(Duration.ofSeconds(20)));
            double s = (System.nanoTime() - t0) / 1e9;
            assertEquals(n, run.sent());
            assertTrue(run.isDone());
            // QoS 0: a client that cannot keep up loses messages (Moquette drops when its channel is full)
            await().atMost(Duration.ofSeconds(10)).until(() -> m.received.size() > 0);
            System.out.printf("burst: %d x 300 B handed to the broker in %.3f s (%.0f msg/s)%n", n, s, n / s);
            assertEquals("the publish log keeps at most its capacity", 1000, emu.observe().publishes().size());
            assertTrue(emu.observe().publishCount() >= n);
        }
    }

    @Test
    public void adminEndpointMirrorsTheJavaApi() throws Exception {
        JsonObject info = http.get("/_emulator/info").json();
        assertEquals(emu.baseUrl(), info.get("baseUrl").getAsString());
        assertEquals(emu.mqttPort(), info.getAsJsonObject("mqtt").get("portTCP").getAsInt());
        assertTrue(http.get("/_emulator/ca.pem").body().startsWith("-----BEGIN CERTIFICATE-----"));

        JsonObject user = http.post("/_emulator/apps/demoapp/users", "application/json",
                "{\"loginName\":\"admin-made\",\"password\":\"password\"}").json();
        String token = user.get("access_token").getAsString();
        String inst = http.post("/api/apps/demoapp/installations", "application/json", "{\"deviceType\":\"MQTT\"}",
                Http.bearer(token)).str("installationID");

        assertEquals(204, http.post("/_emulator/mqtt-endpoint/not-ready", "application/json", "{\"count\":1}").status());
        assertEquals(503, http.get("/api/apps/demoapp/installations/" + inst + "/mqtt-endpoint", Http.bearer(token))
                .status());
        assertEquals(204, http.post("/_emulator/rest/fail", "application/json",
                "{\"path\":\"/mqtt-endpoint$\",\"status\":500,\"count\":1}").status());
        assertEquals(500, http.get("/api/apps/demoapp/installations/" + inst + "/mqtt-endpoint", Http.bearer(token))
                .status());
        JsonObject ep = http.get("/api/apps/demoapp/installations/" + inst + "/mqtt-endpoint", Http.bearer(token))
                .json();

        MqttEndpointInfo info2 = emu.app().mqttEndpoint(inst);
        try (Mqtt m = Mqtt.subscribe(info2)) {
            JsonObject load = http.post("/_emulator/load", "application/json",
                    "{\"installationID\":\"" + inst + "\",\"count\":20,\"rate\":200}").json();
            await().atMost(Duration.ofSeconds(5)).until(() -> m.received.size() == 20);
            assertTrue(http.get("/_emulator/load/" + load.get("id").getAsString()).json().get("done").getAsBoolean());
            JsonObject clients = http.get("/_emulator/clients").json();
            assertTrue(clients.toString(), clients.toString().contains(ep.get("mqttTopic").getAsString()));

            assertEquals(204, http.post("/_emulator/mqtt/hang", "application/json", "{\"seconds\":30}").status());
            assertTrue(http.get("/_emulator/clients").json().get("brokerHung").getAsBoolean());
            assertEquals(204, http.post("/_emulator/mqtt/resume", null, null).status());
            assertEquals(204, http.post("/_emulator/installations/" + inst + "/revoke", null, null).status());
            await().atMost(Duration.ofSeconds(5)).until(() -> m.lost.get() != null);
        }
        JsonObject rotated = http.post("/_emulator/installations/" + inst + "/rotate", null, null).json();
        assertEquals(ep.get("mqttTopic").getAsString(), rotated.get("mqttTopic").getAsString());

        JsonObject settings = http.send("PUT", "/_emulator/settings", "application/json",
                "{\"endpointTtlSeconds\":120}").json();
        assertEquals(120, settings.get("endpointTtlSeconds").getAsLong());
        emu.faults().setEndpointTtlSeconds(KiiEmulator.TTL_FOREVER);
        settings = http.send("PUT", "/_emulator/settings", "application/json",
                "{\"queryDescendingByDefault\":true,\"maxPageSize\":50,\"thingMayListCommands\":false}").json();
        assertTrue(settings.get("queryDescendingByDefault").getAsBoolean());
        assertEquals(50, settings.get("maxPageSize").getAsInt());
        assertFalse(settings.get("thingMayListCommands").getAsBoolean());
        assertEquals(400, http.send("PUT", "/_emulator/settings", "application/json", "{\"noSuchSetting\":1}").status());

        String userId = user.get("userID").getAsString();
        emu.app().asUser(userId).createObject(Scope.user(userId), "admin-view", java.util.Map.of("n", 1));
        JsonObject objects = http.get("/_emulator/apps/demoapp/objects?bucket=admin-view&scope=user:" + userId).json();
        assertEquals(1, objects.getAsJsonArray("objects").size());
        assertEquals("1", objects.getAsJsonArray("objects").get(0).getAsJsonObject().get("_version").getAsString());
        assertEquals(400, http.get("/_emulator/apps/demoapp/objects").status());

        JsonObject requests = http.get("/_emulator/requests?path=mqtt-endpoint").json();
        assertTrue(requests.getAsJsonArray("requests").size() >= 3);
        JsonObject pubs = http.get("/_emulator/publishes?topic=" + ep.get("mqttTopic").getAsString()).json();
        assertEquals(20, pubs.getAsJsonArray("publishes").size());
        assertFalse("admin calls are not recorded as Kii calls",
                emu.observe().requests().stream().anyMatch(r -> r.path().startsWith("/_emulator")));
        assertEquals(404, http.get("/_emulator/nope").status());
    }

    @Test
    public void tlsMaterialPersistsAndCoversRequestedHosts() throws Exception {
        Path dir = tmp.newFolder("tls").toPath();
        TlsMaterial first = TlsMaterial.loadOrGenerate(dir, "gateway.local");
        assertTrue(first.covers("localhost", "127.0.0.1", "::1", "gateway.local"));
        assertFalse(first.covers("elsewhere.example"));
        TlsMaterial again = TlsMaterial.loadOrGenerate(dir, "gateway.local");
        assertEquals(first.caCertificatePem(), again.caCertificatePem());
        assertEquals(first.serverCertificatePem(), again.serverCertificatePem());
        TlsMaterial wider = TlsMaterial.loadOrGenerate(dir, "10.0.0.7");
        assertEquals("same CA, new server certificate", first.caCertificatePem(), wider.caCertificatePem());
        assertTrue(wider.covers("10.0.0.7"));
        Path pem = first.writeCaCertificatePem(dir.resolve("out/ca.pem"));
        assertTrue(Files.readString(pem).contains("BEGIN CERTIFICATE"));
        List<String> files = List.of("ca.pem", "ca-key.pem", "server.pem", "server-key.pem");
        for (String f : files) {
            assertTrue(f, Files.exists(dir.resolve(f)));
        }
    }
}
