package io.kiipush.emulator.internal.mqtt;

import java.net.InetAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

import javax.net.ssl.SSLContext;

/**
 * A fault-injecting TCP front for one public broker listener. It terminates TLS itself, and for plain MQTT listeners
 * reads the CONNECT to answer refusals with Kii-like return codes before anything reaches Moquette; then it pumps
 * bytes to Moquette's loopback port. It can hang (stop answering on live sockets, accept but ignore new ones), drop
 * connections, and be killed and restarted on the same port.
 */
final class Gate extends MqttListener {

    private final String name;
    private final boolean mqttAware;
    private final IntSupplier upstreamPort;
    private final GateControl control;
    private final ToIntFunction<MqttWire.Connect> access;
    private final ConnectSignals connectSignals;
    private final Set<GateConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger counter = new AtomicInteger();

    /**
     * @param mqttAware read and check the CONNECT here (plain MQTT framing); false for WebSocket listeners
     * @param access CONNECT → CONNACK return code (0 = accept)
     */
    Gate(String name, InetAddress bindAddress, int port, SSLContext tls, boolean mqttAware, IntSupplier upstreamPort,
            GateControl control, ToIntFunction<MqttWire.Connect> access, ConnectSignals connectSignals) {
        super("gate-" + name, bindAddress, port, 128, tls);
        this.name = name;
        this.mqttAware = mqttAware;
        this.upstreamPort = upstreamPort;
        this.control = control;
        this.access = access;
        this.connectSignals = connectSignals;
    }

    @Override
    void accepted(Socket s) {
        GateConnection c = new GateConnection(this, s, name + "-" + counter.incrementAndGet());
        connections.add(c);
        c.start();
    }

    @Override
    void dropAll() {
        for (GateConnection c : connections) {
            c.close();
        }
    }

    /** Drops connections that authenticated with {@code username} or use {@code clientId} (CONNECT-aware gates). */
    void drop(String username, String clientId) {
        for (GateConnection c : connections) {
            if ((username != null && username.equals(c.username())) || (clientId != null && clientId.equals(c.clientId()))) {
                c.close();
            }
        }
    }

    int connectionCount() {
        return connections.size();
    }

    // -- used by GateConnection

    void removed(GateConnection c) {
        connections.remove(c);
    }

    boolean mqttAware() {
        return mqttAware;
    }

    GateControl control() {
        return control;
    }

    int upstreamPort() {
        return upstreamPort.getAsInt();
    }

    int decide(MqttWire.Connect connect) {
        return access.applyAsInt(connect);
    }

    String name() {
        return name;
    }

    ConnectSignals connectSignals() {
        return connectSignals;
    }
}
