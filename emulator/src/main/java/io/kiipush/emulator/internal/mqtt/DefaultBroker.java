package io.kiipush.emulator.internal.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.emulator.PushKind;
import io.kiipush.emulator.internal.rest.RestResponse;
import io.kiipush.emulator.internal.service.KiiError;
import io.kiipush.emulator.internal.service.KiiException;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.util.NamedThreadFactory;

/**
 * The default ("anonymous") broker of API via MQTT (docs/kii-protocol.md §7): accepts client ID {@code anonymous} with
 * user name {@code type=oauth2&client_id={appID}} and password {@code client_secret={appKey}}, answers the onboarding
 * request PUBLISHed to {@code p/anonymous/thing-if/apps/{appID}/onboardings} with a PUBLISH on that same topic, without
 * needing a SUBSCRIBE. Only onboarding is served here, as on Kii.
 */
final class DefaultBroker extends MqttListener {

    private static final Logger logger = LoggerFactory.getLogger(DefaultBroker.class);
    private static final int MAX_PACKET = 256 * 1024;

    /** Records the answers it publishes. */
    interface Recorder {
        void published(String topic, byte[] payload, PushKind kind);
    }

    private final String name;
    private final GateControl control;
    private final ApiViaMqtt api;
    private final Predicate<String> appExists;
    private final Recorder recorder;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger counter = new AtomicInteger();

    DefaultBroker(String name, InetAddress bind, int port, SSLContext tls, GateControl control, ApiViaMqtt api,
            Predicate<String> appExists, Recorder recorder) {
        super(name, bind, port, 64, tls);
        this.name = name;
        this.control = control;
        this.api = api;
        this.appExists = appExists;
        this.recorder = recorder;
    }

    @Override
    void accepted(Socket s) {
        sockets.add(s);
        NamedThreadFactory.start(name + "-" + counter.incrementAndGet(), () -> serve(s));
    }

    @Override
    void dropAll() {
        for (Socket s : sockets) {
            close(s);
        }
        control.wakeAll();
    }

    private void serve(Socket s) {
        try {
            if (!control.awaitRunning(s::isClosed)) {
                return;
            }
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            MqttWire.Packet p = MqttWire.read(in, MAX_PACKET);
            if (p == null || p.type() != MqttWire.CONNECT || !control.awaitRunning(s::isClosed)) {
                return;
            }
            MqttWire.Connect c = MqttWire.parseConnect(p.body());
            String appId = appOf(c);
            int rc = !c.supportedProtocol() ? 1
                    : c.clientId() == null || c.clientId().isEmpty() ? 2
                    : appId == null ? 4
                    : !appExists.test(appId) ? 5 : 0;
            out.write(MqttWire.connack(rc));
            out.flush();
            if (rc != 0) {
                return;
            }
            // the broker drops clients after 1.5 x keep-alive of silence (MQTT-3.1.2-24)
            s.setSoTimeout(c.keepAlive() == 0 ? 0 : c.keepAlive() * 1500);
            Principal anonymous = new Principal(appId, Principal.Kind.ANONYMOUS, null);
            while (control.awaitRunning(s::isClosed)) {
                MqttWire.Packet q = MqttWire.read(in, MAX_PACKET);
                if (q == null || !control.awaitRunning(s::isClosed)) {
                    return;
                }
                if (!handle(q, c.clientId(), appId, anonymous, out)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            logger.debug("{}: connection ended: {}", name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(s);
        }
    }

    /** @return false to close the connection */
    private boolean handle(MqttWire.Packet q, String clientId, String appId, Principal anonymous, OutputStream out)
            throws IOException {
        switch (q.type()) {
            case MqttWire.PUBLISH -> {
                MqttWire.Publish pub = MqttWire.parsePublish(q.flags(), q.body());
                if (pub.qos() == 1) {
                    out.write(MqttWire.ack(0x40, pub.packetId()));
                } else if (pub.qos() == 2) {
                    out.write(MqttWire.ack(0x50, pub.packetId()));
                }
                String path = ApiViaMqtt.pathOf(pub.topic(), clientId);
                if (path != null) {
                    byte[] answer = answer(path, appId, pub.payload(), anonymous);
                    out.write(MqttWire.publish(pub.topic(), answer));
                    recorder.published(pub.topic(), answer, PushKind.API_RESPONSE);
                }
            }
            case MqttWire.PUBREL -> out.write(MqttWire.ack(0x70, ((q.body()[0] & 0xFF) << 8) | (q.body()[1] & 0xFF)));
            case MqttWire.SUBSCRIBE -> {
                MqttWire.Subscribe sub = MqttWire.parseSubscribe(q.body(), true);
                out.write(MqttWire.suback(sub.packetId(), sub.filters().size(), 0));
            }
            case MqttWire.UNSUBSCRIBE -> {
                MqttWire.Subscribe sub = MqttWire.parseSubscribe(q.body(), false);
                out.write(MqttWire.ack(0xB0, sub.packetId()));
            }
            case MqttWire.PINGREQ -> out.write(MqttWire.PINGRESP);
            case MqttWire.PUBACK, MqttWire.PUBREC, MqttWire.PUBCOMP -> { }
            default -> {
                return false;
            }
        }
        out.flush();
        return true;
    }

    private byte[] answer(String path, String appId, byte[] payload, Principal anonymous) {
        if (!path.matches("/thing-if/apps/[^/]+/onboardings") || !path.equals("/thing-if/apps/" + appId + "/onboardings")) {
            return ApiViaMqtt.format(RestResponse.error(KiiException.of(KiiError.UNAUTHORIZED,
                    "Only onboarding of this app is available on the default broker")), null);
        }
        return api.handle(path, payload, anonymous);
    }

    /** @return the app ID of {@code type=oauth2&client_id={appID}} with a {@code client_secret=} password, or null */
    private static String appOf(MqttWire.Connect c) {
        if (c.username() == null || c.password() == null) {
            return null;
        }
        String pw = new String(c.password(), StandardCharsets.UTF_8);
        if (!pw.startsWith("client_secret=")) {
            return null;
        }
        String appId = null;
        boolean oauth2 = false;
        for (String kv : c.username().split("&")) {
            if (kv.equals("type=oauth2")) {
                oauth2 = true;
            } else if (kv.startsWith("client_id=")) {
                appId = kv.substring(10);
            }
        }
        return oauth2 && appId != null && !appId.isEmpty() ? appId : null;
    }

    private void close(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            logger.trace("close failed", e);
        }
    }
}
