package io.kiipush.emulator;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/** Broker access rules: credentials, client ID, topic, CONNACK codes, TLS, the privileged publisher. */
public class MqttAccessTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(30);

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static KiiEmulator emu;
    private static KiiApp app;

    @BeforeClass
    public static void start() throws Exception {
        emu = KiiEmulator.builder().webSocketPort(0).secureWebSocketPort(0).build().start();
        app = emu.app();
    }

    @AfterClass
    public static void stop() {
        emu.stop();
    }

    private static MqttEndpointInfo newEndpoint(String name) {
        UserInfo u = app.registerUser(name, name + "-pass");
        InstallationInfo i = app.installMqtt(Subscriber.user(u.userId()), false);
        return app.mqttEndpoint(i.installationId());
    }

    private static int refusalCode(String uri, String clientId, String user, String password) {
        MqttException e = assertThrows(MqttException.class,
                () -> Mqtt.connect(uri, clientId, Mqtt.options(user, password, 30, null)).close());
        return e.getReasonCode();
    }

    @Test
    public void connackCodesForBadCredentialsAndClientId() {
        MqttEndpointInfo ep = newEndpoint("quinn");
        assertEquals(4, refusalCode(ep.tcpUri(), ep.mqttTopic(), ep.username(), "wrong"));
        assertEquals(4, refusalCode(ep.tcpUri(), ep.mqttTopic(), "nobody", ep.password()));
        assertEquals(2, refusalCode(ep.tcpUri(), "not-the-topic", ep.username(), ep.password()));
    }

    @Test
    public void clientIdRuleCanBeSwitchedOff() throws Exception {
        MqttEndpointInfo ep = newEndpoint("rita");
        emu.faults().setRequireClientIdEqualsTopic(false);
        try (Mqtt m = Mqtt.connect(ep.tcpUri(), "free-id", Mqtt.options(ep.username(), ep.password(), 30, null))) {
            m.client.subscribe(ep.mqttTopic(), 0);
            assertTrue(emu.observe().isConnected("free-id"));
        } finally {
            emu.faults().setRequireClientIdEqualsTopic(true);
        }
    }

    @Test
    public void clientMaySubscribeOnlyItsOwnTopic() throws Exception {
        MqttEndpointInfo mine = newEndpoint("sam");
        MqttEndpointInfo theirs = newEndpoint("tara");
        try (Mqtt m = Mqtt.subscribe(mine)) {
            MqttException e = assertThrows(MqttException.class, () -> m.client.subscribe(theirs.mqttTopic(), 0));
            assertEquals(MqttException.REASON_CODE_SUBSCRIBE_FAILED, e.getReasonCode());
            assertThrows(MqttException.class, () -> m.client.subscribe("#", 0));
            // publishing to someone else's topic is dropped (Moquette cannot refuse a QoS 0 PUBLISH)
            try (Mqtt t = Mqtt.subscribe(theirs)) {
                m.client.publish(theirs.mqttTopic(), "spoof".getBytes(), 0, false);
                app.pushToUser(emu.observe().installations().stream()
                        .filter(i -> theirs.mqttTopic().equals(i.mqttTopic())).findFirst().orElseThrow().owner().id(),
                        Map.of("real", "yes"));
                await().atMost(WAIT).until(() -> t.received.size() >= 1);
                assertEquals(1, t.received.size());
                assertTrue(t.payloads().get(0).contains("real"));
            }
        }
    }

    @Test
    public void revokedCredentialsDropTheConnectionAndGetConnack5() throws Exception {
        MqttEndpointInfo ep = newEndpoint("uma");
        Mqtt m = Mqtt.subscribe(ep);
        try {
            emu.faults().revokeCredentials(ep.installationId());
            await().atMost(WAIT).until(() -> m.lost.get() != null);
        } finally {
            m.close();
        }
        assertEquals(5, refusalCode(ep.tcpUri(), ep.mqttTopic(), ep.username(), ep.password()));
        MqttEndpointInfo fresh = app.mqttEndpoint(ep.installationId());
        assertNotEquals(ep.password(), fresh.password());
        assertEquals("topic is stable", ep.mqttTopic(), fresh.mqttTopic());
        try (Mqtt again = Mqtt.subscribe(fresh)) {
            assertTrue(again.client.isConnected());
        }
        // the old password stays refused with 5, not 4
        assertEquals(5, refusalCode(ep.tcpUri(), ep.mqttTopic(), ep.username(), ep.password()));
    }

    @Test
    public void rotatedCredentialsWorkAtOnce() throws Exception {
        MqttEndpointInfo ep = newEndpoint("vera");
        Mqtt m = Mqtt.subscribe(ep);
        MqttEndpointInfo rotated;
        try {
            rotated = emu.faults().rotateCredentials(ep.installationId());
            await().atMost(WAIT).until(() -> m.lost.get() != null);
        } finally {
            m.close();
        }
        MqttSecurityException e = assertThrows(MqttSecurityException.class,
                () -> Mqtt.connect(ep.sslUri(), ep.mqttTopic(), Mqtt.options(ep.username(), ep.password(), 30,
                        emu.clientSocketFactory())).close());
        assertEquals("over TLS as well", 5, e.getReasonCode());
        try (Mqtt ok = Mqtt.subscribeTls(rotated, emu.clientSocketFactory())) {
            assertTrue(ok.client.isConnected());
        }
    }

    @Test
    public void tlsListenerPresentsACertificateForLocalhostAnd127001() throws Exception {
        MqttEndpointInfo ep = newEndpoint("walt");
        try (Mqtt m = Mqtt.subscribeTls(ep, emu.clientSocketFactory())) {
            app.pushToUser(userOf(ep), Map.of("over", "tls"));
            await().atMost(WAIT).until(() -> m.received.size() == 1);
        }
        var opts = Mqtt.options(ep.username(), ep.password(), 30, emu.clientSocketFactory());
        opts.setHttpsHostnameVerificationEnabled(true);
        try (Mqtt m = Mqtt.connect("ssl://127.0.0.1:" + ep.portSsl(), ep.mqttTopic(), opts)) {
            assertTrue(m.client.isConnected());
        }
        // without trusting the CA the handshake fails
        assertThrows(MqttException.class, () -> Mqtt.connect(ep.sslUri(), ep.mqttTopic(),
                Mqtt.options(ep.username(), ep.password(), 30, null)).close());
    }

    @Test
    public void webSocketListenersCarryPushes() throws Exception {
        MqttEndpointInfo ep = newEndpoint("xena");
        assertNotNull(ep.wsUri());
        try (Mqtt ws = Mqtt.connect(ep.wsUri(), ep.mqttTopic(), Mqtt.options(ep.username(), ep.password(), 30,
                null))) {
            ws.client.subscribe(ep.mqttTopic(), 0);
            app.pushToUser(userOf(ep), Map.of("over", "ws"));
            await().atMost(WAIT).until(() -> ws.received.size() == 1);
        }
        try (Mqtt wss = Mqtt.connect(ep.wssUri(), ep.mqttTopic(), Mqtt.options(ep.username(), ep.password(), 30,
                emu.clientSocketFactory()))) {
            wss.client.subscribe(ep.mqttTopic(), 0);
            app.pushToUser(userOf(ep), Map.of("over", "wss"));
            await().atMost(WAIT).until(() -> wss.received.size() == 1);
        }
    }

    @Test
    public void privilegedPublisherReachesAnyTopic() throws Exception {
        MqttEndpointInfo ep = newEndpoint("yuri");
        try (Mqtt sub = Mqtt.subscribe(ep);
                Mqtt pub = Mqtt.connect(emu.mqttUri(), "bench-publisher",
                        Mqtt.options(emu.publisherUsername(), emu.publisherPassword(), 30, null))) {
            for (int i = 0; i < 50; i++) {
                pub.client.publish(ep.mqttTopic(), ("{\"i\":" + i + "}").getBytes(), 0, false);
            }
            await().atMost(WAIT).until(() -> sub.received.size() == 50);
            await().atMost(WAIT).until(() -> emu.observe().publishes(p -> p.kind() == PushKind.EXTERNAL
                    && p.topic().equals(ep.mqttTopic())).size() == 50);
        }
        assertEquals(4, refusalCode(emu.mqttUri(), "x", emu.publisherUsername(), "wrong"));
    }

    private static String userOf(MqttEndpointInfo ep) {
        return emu.observe().installations().stream().filter(i -> ep.mqttTopic().equals(i.mqttTopic())).findFirst()
                .orElseThrow().owner().id();
    }

    @Test
    public void mqtt31ClientsLikeTheEmbeddedSdksAreAccepted() throws Exception {
        MqttEndpointInfo ep = newEndpoint("zoe");
        var opts = Mqtt.options(ep.username(), ep.password(), 300, null);
        opts.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1);
        try (Mqtt m = Mqtt.connect(ep.tcpUri(), ep.mqttTopic(), opts)) {
            m.client.subscribe(ep.mqttTopic(), 0);
            app.pushToUser(userOf(ep), Map.of("protocol", "MQIsdp"));
            await().atMost(WAIT).until(() -> m.received.size() == 1);
        }
    }
}
