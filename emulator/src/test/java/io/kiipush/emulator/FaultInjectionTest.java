package io.kiipush.emulator;

import static io.kiipush.emulator.Http.bearer;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/** Broker and REST faults over real sockets. */
public class FaultInjectionTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(40);

    private static final Duration WAIT = Duration.ofSeconds(8);
    private static KiiEmulator emu;
    private static KiiApp app;
    private static Http http;

    @BeforeClass
    public static void start() throws Exception {
        emu = KiiEmulator.builder().build().start();
        app = emu.app();
        http = new Http(emu.baseUrl());
    }

    @AfterClass
    public static void stop() {
        emu.stop();
    }

    @After
    public void clear() {
        emu.faults().clearAll();
        emu.faults().restartBroker();
    }

    private static MqttEndpointInfo newEndpoint(String name) {
        UserInfo u = app.registerUser(name, name + "-pass");
        return app.mqttEndpoint(app.installMqtt(Subscriber.user(u.userId()), false).installationId());
    }

    /** MQTT 3.1.1 CONNECT with clean session, user name and password. */
    private static byte[] connectPacket(MqttEndpointInfo ep) {
        byte[] id = ep.mqttTopic().getBytes();
        byte[] user = ep.username().getBytes();
        byte[] pw = ep.password().getBytes();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60});
        for (byte[] f : new byte[][] {id, user, pw}) {
            body.write(f.length >> 8);
            body.write(f.length);
            body.writeBytes(f);
        }
        byte[] b = body.toByteArray();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0x10);
        int len = b.length;
        do {
            int digit = len % 128;
            len /= 128;
            out.write(len > 0 ? digit | 0x80 : digit);
        } while (len > 0);
        out.writeBytes(b);
        return out.toByteArray();
    }

    @Test
    public void hungBrokerKeepsTcpButAnswersNothingUntilResumed() throws Exception {
        MqttEndpointInfo ep = newEndpoint("hang1");
        Mqtt live = Mqtt.connect(ep.tcpUri(), ep.mqttTopic(), Mqtt.options(ep.username(), ep.password(), 1, null));
        try {
            emu.faults().hangBroker();
            assertTrue(emu.observe().isBrokerHung());
            // Paho sends PINGREQ, gets no PINGRESP and gives up on its own keep-alive timer
            await().atMost(WAIT).until(() -> live.lost.get() != null);
            assertEquals(MqttException.REASON_CODE_CLIENT_TIMEOUT, ((MqttException) live.lost.get()).getReasonCode());
        } finally {
            live.close();
        }
        try (Socket raw = new Socket("localhost", ep.portTcp())) {
            raw.setSoTimeout(700);
            raw.getOutputStream().write(connectPacket(ep));
            InputStream in = raw.getInputStream();
            assertThrows("accepted but no CONNACK while hung", SocketTimeoutException.class, in::read);
            assertTrue(raw.isConnected() && !raw.isClosed());
            emu.faults().resumeBroker();
            raw.setSoTimeout(3000);
            byte[] connack = in.readNBytes(4);
            assertArrayEquals("the pending CONNECT is answered after the hang", new byte[] {0x20, 2, 0, 0}, connack);
        }
    }

    @Test
    public void timedHangEndsByItself() throws Exception {
        MqttEndpointInfo ep = newEndpoint("hang2");
        emu.faults().hangBroker(Duration.ofMillis(800));
        long t0 = System.nanoTime();
        try (Socket raw = new Socket("localhost", ep.portTcp())) {
            raw.setSoTimeout(5000);
            raw.getOutputStream().write(connectPacket(ep));
            assertArrayEquals(new byte[] {0x20, 2, 0, 0}, raw.getInputStream().readNBytes(4));
        }
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 600);
        await().atMost(WAIT).until(() -> !emu.observe().isBrokerHung());
    }

    @Test
    public void tlsHandshakeDoesNotHappenWhileHung() throws Exception {
        MqttEndpointInfo ep = newEndpoint("hang3");
        emu.faults().hangBroker();
        try (Socket s = emu.clientSocketFactory().createSocket("localhost", ep.portSsl())) {
            s.setSoTimeout(700);
            assertThrows(SocketTimeoutException.class, () -> ((javax.net.ssl.SSLSocket) s).startHandshake());
        }
    }

    @Test
    public void dropAllConnectionsClosesEveryClient() throws Exception {
        MqttEndpointInfo a = newEndpoint("drop1");
        MqttEndpointInfo b = newEndpoint("drop2");
        try (Mqtt ma = Mqtt.subscribe(a); Mqtt mb = Mqtt.subscribeTls(b, emu.clientSocketFactory())) {
            await().atMost(WAIT).until(() -> emu.observe().connectedClientIds().size() >= 2);
            emu.faults().dropAllConnections();
            await().atMost(WAIT).until(() -> ma.lost.get() != null && mb.lost.get() != null);
        }
        try (Mqtt again = Mqtt.subscribe(a)) {
            assertTrue("listeners stay up", again.client.isConnected());
        }
    }

    @Test
    public void killedBrokerRefusesConnectionsUntilRestartedOnTheSamePort() throws Exception {
        MqttEndpointInfo ep = newEndpoint("kill1");
        int port = emu.mqttPort();
        try (Mqtt m = Mqtt.subscribe(ep)) {
            emu.faults().killBroker();
            await().atMost(WAIT).until(() -> m.lost.get() != null);
        }
        MqttException refused = assertThrows(MqttException.class, () -> Mqtt.subscribe(ep).close());
        assertEquals(MqttException.REASON_CODE_SERVER_CONNECT_ERROR, refused.getReasonCode());
        emu.faults().restartBroker();
        assertEquals(port, emu.mqttPort());
        try (Mqtt m = Mqtt.subscribe(ep)) {
            app.pushToUser(emu.observe().installations().stream().filter(i -> ep.mqttTopic().equals(i.mqttTopic()))
                    .findFirst().orElseThrow().owner().id(), Map.of("back", true));
            await().atMost(WAIT).until(() -> m.received.size() == 1);
        }
    }

    @Test
    public void killWithDowntimeRestartsByItself() throws Exception {
        MqttEndpointInfo ep = newEndpoint("kill2");
        emu.faults().killBroker(Duration.ofMillis(500));
        assertThrows(MqttException.class, () -> Mqtt.subscribe(ep).close());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    try (Mqtt m = Mqtt.subscribe(ep)) {
                        return m.client.isConnected();
                    }
                });
    }

    @Test
    public void restFailuresAndLatencyHitOnlyMatchingPaths() {
        UserInfo u = app.registerUser("rest1", "rest1-pass");
        String id = app.installMqtt(Subscriber.user(u.userId()), false).installationId();
        String path = "/api/apps/" + app.id() + "/installations/" + id + "/mqtt-endpoint";
        emu.faults().failRest("GET", "/mqtt-endpoint$", 503, 2);
        Http.Resp first = http.get(path, bearer(u.accessToken()));
        assertEquals(503, first.status());
        assertEquals("RESOURCE_TEMPORARILY_UNAVAILABLE", first.errorCode());
        assertTrue(first.contentType().startsWith("application/vnd.kii."));
        assertEquals(200, http.get("/api/apps/" + app.id() + "/users/me", bearer(u.accessToken())).status());
        assertEquals(503, http.get(path, bearer(u.accessToken())).status());
        assertEquals(200, http.get(path, bearer(u.accessToken())).status());

        emu.faults().failRest("/users/me$", 500, 1);
        Http.Resp e500 = http.get("/api/apps/" + app.id() + "/users/me", bearer(u.accessToken()));
        assertEquals(500, e500.status());
        assertEquals("UNDEFINED_ERROR", e500.errorCode());
        emu.faults().failRest("/users/me$", 429, 1);
        Http.Resp e429 = http.get("/api/apps/" + app.id() + "/users/me", bearer(u.accessToken()));
        assertEquals(429, e429.status());
        assertEquals("429 carries no body", "", e429.body());

        emu.faults().addLatency("/users/me$", Duration.ofMillis(400));
        long t0 = System.nanoTime();
        assertEquals(200, http.get("/api/apps/" + app.id() + "/users/me", bearer(u.accessToken())).status());
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 380);
        emu.faults().clearRestFaults();
        assertTrue(emu.observe().requestsTo("/mqtt-endpoint$").stream().filter(r -> r.status() == 503).count() >= 2);
    }

    @Test
    public void endpointTtlExpiryRefusesTheOldCredentialsAndIssuesNewOnes() throws Exception {
        emu.faults().setEndpointTtlSeconds(2);
        try {
            UserInfo u = app.registerUser("ttl1", "ttl1-pass");
            String id = app.installMqtt(Subscriber.user(u.userId()), false).installationId();
            Http.Resp ep = http.get("/api/apps/" + app.id() + "/installations/" + id + "/mqtt-endpoint",
                    bearer(u.accessToken()));
            long ttl = Long.parseLong(ep.header("X-MQTT-TTL"));
            assertTrue("ttl " + ttl, ttl >= 1 && ttl <= 2);
            MqttEndpointInfo first = app.mqttEndpoint(id);
            Mqtt m = Mqtt.subscribe(first);
            try {
                await().atMost(WAIT).until(() -> m.lost.get() != null);
            } finally {
                m.close();
            }
            MqttException e = assertThrows(MqttException.class, () -> Mqtt.subscribe(first).close());
            assertEquals(5, e.getReasonCode());
            MqttEndpointInfo second = app.mqttEndpoint(id);
            assertNotEquals(first.password(), second.password());
            try (Mqtt again = Mqtt.subscribe(second)) {
                assertTrue(again.client.isConnected());
            }
        } finally {
            emu.faults().setEndpointTtlSeconds(KiiEmulator.TTL_FOREVER);
        }
    }

    @Test
    public void perInstallationNotReadyCountAppliesToNewInstallations() {
        emu.faults().setEndpointNotReadyPerInstallation(1);
        try {
            UserInfo u = app.registerUser("nr1", "nr1-pass");
            String id = http.post("/api/apps/" + app.id() + "/installations", "application/json",
                    "{\"deviceType\":\"MQTT\"}", bearer(u.accessToken())).str("installationID");
            String path = "/api/apps/" + app.id() + "/installations/" + id + "/mqtt-endpoint";
            assertEquals(503, http.get(path, bearer(u.accessToken())).status());
            assertEquals(200, http.get(path, bearer(u.accessToken())).status());
            assertEquals(200, http.get(path, bearer(u.accessToken())).status());
        } finally {
            emu.faults().setEndpointNotReadyPerInstallation(0);
        }
    }
}
