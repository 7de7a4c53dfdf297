package io.kiipush.emulator.internal.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.emulator.internal.util.NamedThreadFactory;

/**
 * A fault-injecting TCP front for one public broker listener. It terminates TLS itself, and for plain MQTT listeners
 * reads the CONNECT to answer refusals with Kii-like return codes before anything reaches Moquette; then it pumps
 * bytes to Moquette's loopback port. It can hang (stop answering on live sockets, accept but ignore new ones), drop
 * connections, and be killed and restarted on the same port.
 */
final class Gate {

    private static final Logger logger = LoggerFactory.getLogger(Gate.class);

    private final String name;
    private final InetAddress bindAddress;
    private final SSLContext tls;
    private final boolean mqttAware;
    private final IntSupplier upstreamPort;
    private final GateControl control;
    private final ToIntFunction<MqttWire.Connect> access;
    private final ConnectSignals connectSignals;
    private final Set<GateConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile ServerSocket server;
    private volatile int port;

    /**
     * @param mqttAware read and check the CONNECT here (plain MQTT framing); false for WebSocket listeners
     * @param access CONNECT → CONNACK return code (0 = accept)
     */
    Gate(String name, InetAddress bindAddress, int port, SSLContext tls, boolean mqttAware, IntSupplier upstreamPort,
            GateControl control, ToIntFunction<MqttWire.Connect> access, ConnectSignals connectSignals) {
        this.name = name;
        this.bindAddress = bindAddress;
        this.port = port;
        this.tls = tls;
        this.mqttAware = mqttAware;
        this.upstreamPort = upstreamPort;
        this.control = control;
        this.access = access;
        this.connectSignals = connectSignals;
    }

    synchronized void start() throws IOException {
        ServerSocket ss = tls != null ? tls.getServerSocketFactory().createServerSocket() : new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(bindAddress, port), 128);
        port = ss.getLocalPort();
        server = ss;
        NamedThreadFactory.start("gate-" + name + "-accept", () -> acceptLoop(ss));
    }

    int port() {
        return port;
    }

    boolean isRunning() {
        ServerSocket ss = server;
        return ss != null && !ss.isClosed();
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            try {
                Socket s = ss.accept();
                GateConnection c = new GateConnection(this, s, name + "-" + counter.incrementAndGet());
                connections.add(c);
                c.start();
            } catch (SocketException e) {
                break;
            } catch (IOException e) {
                logger.debug("gate {}: accept failed", name, e);
            }
        }
    }

    /** "Broker process killed": stop listening and reset every connection. */
    synchronized void kill() {
        ServerSocket ss = server;
        server = null;
        if (ss != null) {
            try {
                ss.close();
            } catch (IOException e) {
                logger.debug("gate {}: close failed", name, e);
            }
        }
        dropAll();
    }

    /** Listen again on the same port after {@link #kill()}. */
    synchronized void restart() throws IOException {
        if (!isRunning()) {
            start();
        }
    }

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
