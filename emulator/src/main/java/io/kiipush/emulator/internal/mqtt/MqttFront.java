package io.kiipush.emulator.internal.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.emulator.PushKind;
import io.kiipush.emulator.RecordedPublish;
import io.kiipush.emulator.internal.rest.BoundedLog;
import io.kiipush.emulator.internal.service.ConnectionControl;
import io.kiipush.emulator.internal.service.MqttAccess;
import io.kiipush.emulator.internal.service.PushSink;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBufUtil;

/**
 * The MQTT side: Moquette, the fault gates in front of its public listeners (unless in direct mode), and the default
 * broker for API via MQTT. Publishes pushes, drops connections, and implements the broker faults.
 */
public final class MqttFront implements PushSink, ConnectionControl {

    private static final Logger logger = LoggerFactory.getLogger(MqttFront.class);

    /**
     * Listener configuration; port 0 = ephemeral, -1 = disabled.
     *
     * @param gated put fault gates in front of Moquette (false = "direct": Moquette binds the public ports)
     */
    public record Config(InetAddress bind, boolean gated, int tcp, int tls, int ws, int wss, int defaultTcp,
            int defaultTls) {
    }

    private final Config config;
    private final MqttAccess access;
    private final ApiViaMqtt api;
    private final BoundedLog<RecordedPublish> publishes;
    private final ScheduledExecutorService scheduler;
    private final SSLContext tls;
    private final MoquetteBroker moquette;
    private final GateControl control = new GateControl();
    private final ConnectSignals connectSignals = new ConnectSignals();
    private final List<Gate> gates = new ArrayList<>();
    private final List<DefaultBroker> defaultBrokers = new ArrayList<>();
    private volatile Gate tcpGate;
    private volatile Gate tlsGate;
    private volatile Gate wsGate;
    private volatile Gate wssGate;
    private volatile DefaultBroker defaultTcp;
    private volatile DefaultBroker defaultTls;
    private volatile MoquetteBroker.Ports moquettePorts;
    private ScheduledFuture<?> resumeTask;
    private ScheduledFuture<?> restartTask;

    public MqttFront(Config config, MqttAccess access, ApiViaMqtt api, BoundedLog<RecordedPublish> publishes,
            ScheduledExecutorService scheduler, SSLContext tls) {
        this.config = config;
        this.access = access;
        this.api = api;
        this.publishes = publishes;
        this.scheduler = scheduler;
        this.tls = tls;
        this.moquette = new MoquetteBroker(access, this::onClientPublish, tls, connectSignals);
    }

    public synchronized void start(Predicate<String> appExists) throws IOException {
        boolean anyWs = config.ws() >= 0 || config.wss() >= 0;
        if (config.gated()) {
            String loopback = InetAddress.getLoopbackAddress().getHostAddress();
            moquettePorts = new MoquetteBroker.Ports(loopback, freePort(), -1, anyWs ? freePort() : -1, -1);
            moquette.start(moquettePorts);
            tcpGate = gate("tcp", config.tcp(), null, true, () -> moquettePorts.tcp());
            tlsGate = config.tls() >= 0 ? gate("tls", config.tls(), tls, true, () -> moquettePorts.tcp()) : null;
            wsGate = config.ws() >= 0 ? gate("ws", config.ws(), null, false, () -> moquettePorts.ws()) : null;
            wssGate = config.wss() >= 0 ? gate("wss", config.wss(), tls, false, () -> moquettePorts.ws()) : null;
        } else {
            moquettePorts = new MoquetteBroker.Ports(config.bind().getHostAddress(), concrete(config.tcp()),
                    concrete(config.tls()), concrete(config.ws()), concrete(config.wss()));
            moquette.start(moquettePorts);
        }
        if (config.defaultTcp() >= 0) {
            defaultTcp = new DefaultBroker("default-broker-tcp", config.bind(), config.defaultTcp(), null, control, api,
                    appExists, this::recordAnswer);
            defaultTcp.start();
            defaultBrokers.add(defaultTcp);
        }
        if (config.defaultTls() >= 0) {
            defaultTls = new DefaultBroker("default-broker-tls", config.bind(), config.defaultTls(), tls, control, api,
                    appExists, this::recordAnswer);
            defaultTls.start();
            defaultBrokers.add(defaultTls);
        }
    }

    private Gate gate(String name, int port, SSLContext ctx, boolean mqttAware, java.util.function.IntSupplier up)
            throws IOException {
        Gate g = new Gate(name, config.bind(), port, ctx, mqttAware, up, control,
                c -> access.check(c.clientId(), c.username(), c.password()).returnCode(), connectSignals);
        g.start();
        gates.add(g);
        return g;
    }

    private static int concrete(int port) throws IOException {
        return port == 0 ? freePort() : port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public synchronized void stop() {
        cancel(resumeTask);
        cancel(restartTask);
        control.resume();
        for (Gate g : gates) {
            g.kill();
        }
        gates.clear();
        for (DefaultBroker d : defaultBrokers) {
            d.kill();
        }
        defaultBrokers.clear();
        moquette.stop();
    }

    // ------------------------------------------------------------------ ports

    public int tcpPort() {
        return tcpGate != null ? tcpGate.port() : moquettePorts.tcp();
    }

    public int tlsPort() {
        return config.gated() ? (tlsGate == null ? 0 : tlsGate.port()) : Math.max(0, moquettePorts.ssl());
    }

    public int wsPort() {
        return config.gated() ? (wsGate == null ? 0 : wsGate.port()) : Math.max(0, moquettePorts.ws());
    }

    public int wssPort() {
        return config.gated() ? (wssGate == null ? 0 : wssGate.port()) : Math.max(0, moquettePorts.wss());
    }

    public int defaultTcpPort() {
        return defaultTcp == null ? 0 : defaultTcp.port();
    }

    public int defaultTlsPort() {
        return defaultTls == null ? 0 : defaultTls.port();
    }

    // ------------------------------------------------------------------ PushSink / ConnectionControl

    @Override
    public void publish(String topic, String payload, PushKind kind) {
        publishes.add(new RecordedPublish(Instant.now(), topic, payload, kind));
        moquette.publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes without recording the payload (load generator at high rates); still counted. */
    public void publishUnrecorded(String topic, byte[] payload) {
        moquette.publish(topic, payload);
    }

    @Override
    public void disconnect(String username, String clientId) {
        for (Gate g : gates) {
            g.drop(username, clientId);
        }
        moquette.disconnect(clientId);
    }

    private void onClientPublish(InterceptPublishMessage msg) {
        String topic = msg.getTopicName();
        if (access.isPublisher(msg.getUsername())) {
            publishes.add(new RecordedPublish(Instant.now(), topic,
                    msg.getPayload().toString(StandardCharsets.UTF_8), PushKind.EXTERNAL));
            return;
        }
        String path = ApiViaMqtt.pathOf(topic, msg.getClientID());
        if (path != null) {
            byte[] answer = api.handle(path, ByteBufUtil.getBytes(msg.getPayload()), null);
            publish(topic, new String(answer, StandardCharsets.UTF_8), PushKind.API_RESPONSE);
        }
    }

    private void recordAnswer(String topic, byte[] payload, PushKind kind) {
        publishes.add(new RecordedPublish(Instant.now(), topic, new String(payload, StandardCharsets.UTF_8), kind));
    }

    public List<String> connectedClientIds() {
        return moquette.connectedClientIds();
    }

    // ------------------------------------------------------------------ faults

    public synchronized void dropAll() {
        for (Gate g : gates) {
            g.dropAll();
        }
        for (DefaultBroker d : defaultBrokers) {
            d.dropAll();
        }
        moquette.disconnectAll();
    }

    /** @param duration how long, or {@code null} until {@link #resume()} */
    public synchronized void hang(Duration duration) {
        requireGated("hang");
        cancel(resumeTask);
        control.hang();
        logger.info("MQTT broker hung{}", duration == null ? "" : " for " + duration);
        if (duration != null) {
            resumeTask = scheduler.schedule(this::resume, duration.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void resume() {
        cancel(resumeTask);
        if (control.isHung()) {
            control.resume();
            logger.info("MQTT broker answering again");
        }
    }

    public boolean isHung() {
        return control.isHung();
    }

    /** @param downtime restart automatically after this, or {@code null} to wait for {@link #restart()} */
    public synchronized void kill(Duration downtime) {
        cancel(restartTask);
        logger.info("MQTT broker killed{}", downtime == null ? "" : " for " + downtime);
        if (config.gated()) {
            for (Gate g : gates) {
                g.kill();
            }
        } else {
            moquette.stop();
        }
        for (DefaultBroker d : defaultBrokers) {
            d.kill();
        }
        if (downtime != null) {
            restartTask = scheduler.schedule(() -> {
                try {
                    restart();
                } catch (IOException e) {
                    logger.warn("MQTT broker restart failed", e);
                }
            }, downtime.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void restart() throws IOException {
        cancel(restartTask);
        if (config.gated()) {
            for (Gate g : gates) {
                g.restart();
            }
        } else if (!moquette.isRunning()) {
            moquette.start(moquettePorts);
        }
        for (DefaultBroker d : defaultBrokers) {
            d.restart();
        }
        logger.info("MQTT broker restarted on the same ports");
    }

    public boolean isGated() {
        return config.gated();
    }

    private void requireGated(String fault) {
        if (!config.gated()) {
            throw new UnsupportedOperationException(fault + " needs the fault gates; this emulator runs in direct mode");
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
