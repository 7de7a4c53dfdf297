package io.kiipush.emulator;

import static io.kiipush.emulator.Http.bearer;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/** Start/stop behaviour: ports released, threads joined, fixed ports reusable, HTTPS, direct mode. */
public class LifecycleTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    /** Threads this emulator or its embedded Moquette could leave behind. */
    private static Set<String> emulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("kii-emu-") || n.startsWith("Session Executor")
                        || n.startsWith("nioEventLoopGroup") || n.startsWith("moquette"))
                .collect(Collectors.toSet());
    }

    /** Threads started since {@code before} and still alive, ignoring the test's own client libraries. */
    private static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).filter(t -> !before.contains(t))
                .map(Thread::getName).filter(n -> !n.startsWith("MQTT ") && !n.startsWith("HttpClient-")
                        && !n.startsWith("Time-limited test") && !n.startsWith("awaitility"))
                .collect(Collectors.toSet());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void assertFree(int port) throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    public void repeatedStartStopOnFixedPortsLeavesNoThreadsOrPorts() throws Exception {
        int http = freePort();
        int mqtt = freePort();
        int tls = freePort();
        int dflt = freePort();
        TlsMaterial material = TlsMaterial.generate();
        KiiEmulator.Builder b = KiiEmulator.builder().httpPort(http).mqttPort(mqtt).mqttTlsPort(tls)
                .defaultBrokerPort(dflt).defaultBrokerTlsPort(-1).tls(material);
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        long maxStart = 0;
        long maxStop = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            KiiEmulator emu = b.build().start();
            maxStart = Math.max(maxStart, System.nanoTime() - t0);
            assertEquals(mqtt, emu.mqttPort());
            assertEquals(material.caCertificatePem(), emu.caCertificatePem());
            UserInfo u = emu.app().registerUser("user" + round, "password");
            MqttEndpointInfo ep = emu.app().mqttEndpoint(emu.app().installMqtt(Subscriber.user(u.userId()), false)
                    .installationId());
            try (Mqtt t = Mqtt.subscribeTls(ep, emu.clientSocketFactory())) {
                emu.app().pushToUser(u.userId(), Map.of("round", round));
                await().atMost(Duration.ofSeconds(5)).until(() -> t.received.size() == 1);
            }
            t0 = System.nanoTime();
            emu.stop();
            maxStop = Math.max(maxStop, System.nanoTime() - t0);
            assertEquals("threads left after stop: " + emulatorThreads(), Set.of(), emulatorThreads());
            assertEquals("no other new threads right after stop", Set.of(), newThreads(before));
            for (int port : List.of(http, mqtt, tls, dflt)) {
                assertFree(port);
            }
        }
        System.out.printf("emulator start max %d ms, stop max %d ms%n", maxStart / 1_000_000, maxStop / 1_000_000);
        // Paho's own threads may still be winding down; everything the emulator started must be gone already
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(Set.of(), newThreads(before)));
    }

    @Test
    public void aStoppedInstanceStartsAgainWithFreshState() throws Exception {
        KiiEmulator emu = KiiEmulator.builder().build().start();
        try {
            emu.app().registerUser("again", "password");
            emu.stop();
            emu.start();
            assertEquals(404, new Http(emu.baseUrl()).get("/api/apps/demoapp/users/LOGIN_NAME:again",
                    bearer(emu.app().adminToken())).status());
        } finally {
            emu.stop();
        }
        assertThrows(IllegalStateException.class, emu::baseUrl);
    }

    @Test
    public void httpsRestTrustsTheGeneratedCa() throws Exception {
        try (KiiEmulator emu = KiiEmulator.builder().https(true).build().start()) {
            assertTrue(emu.baseUrl().startsWith("https://localhost:"));
            Http https = new Http(emu.baseUrl(), emu.tls().clientSslContext());
            Http.Resp r = https.post("/api/apps/demoapp/users", "application/json",
                    "{\"loginName\":\"tls-user\",\"password\":\"password\"}");
            assertEquals(201, r.status());
            assertThrows(Exception.class, () -> new Http(emu.baseUrl()).get("/api/apps/demoapp/users/me"));
        }
    }

    @Test
    public void directModeDeliversWithoutGatesButCannotHang() throws Exception {
        try (KiiEmulator emu = KiiEmulator.builder().faultInjection(false).build().start()) {
            UserInfo u = emu.app().registerUser("direct", "password");
            MqttEndpointInfo ep = emu.app().mqttEndpoint(emu.app().installMqtt(Subscriber.user(u.userId()), false)
                    .installationId());
            try (Mqtt t = Mqtt.subscribeTls(ep, emu.clientSocketFactory())) {
                emu.app().pushToUser(u.userId(), Map.of("direct", true));
                await().atMost(Duration.ofSeconds(5)).until(() -> t.received.size() == 1);
            }
            assertThrows(UnsupportedOperationException.class, () -> emu.faults().hangBroker(Duration.ofSeconds(1)));
            try (Mqtt m = Mqtt.subscribe(ep)) {
                emu.faults().revokeCredentials(ep.installationId());
                await().atMost(Duration.ofSeconds(5)).until(() -> m.lost.get() != null);
            }
            org.eclipse.paho.client.mqttv3.MqttException e = assertThrows(
                    org.eclipse.paho.client.mqttv3.MqttException.class, () -> Mqtt.subscribe(ep).close());
            assertEquals("Moquette itself answers 4 for every refusal", 4, e.getReasonCode());
            emu.faults().killBroker();
            assertThrows(org.eclipse.paho.client.mqttv3.MqttException.class, () -> Mqtt.subscribe(
                    emu.app().mqttEndpoint(ep.installationId())).close());
            emu.faults().restartBroker();
            try (Mqtt m = Mqtt.subscribe(emu.app().mqttEndpoint(ep.installationId()))) {
                assertTrue(m.client.isConnected());
            }
        }
    }
}
