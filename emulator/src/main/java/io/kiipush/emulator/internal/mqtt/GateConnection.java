package io.kiipush.emulator.internal.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.emulator.internal.util.NamedThreadFactory;

/** One client connection through a {@link Gate}: two pump threads that stop moving bytes while the broker hangs. */
final class GateConnection {

    private static final Logger logger = LoggerFactory.getLogger(GateConnection.class);
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int MAX_CONNECT = 65_535 + 1024;
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    private final Gate gate;
    private final Socket client;
    private final String id;
    private volatile Socket upstream;
    private volatile boolean closed;
    private volatile String username;
    private volatile String clientId;

    GateConnection(Gate gate, Socket client, String id) {
        this.gate = gate;
        this.client = client;
        this.id = id;
    }

    void start() {
        NamedThreadFactory.start("gate-" + id + "-up", this::run);
    }

    String username() {
        return username;
    }

    String clientId() {
        return clientId;
    }

    private void run() {
        try {
            if (!gate.control().awaitRunning(this::isClosed)) {
                return;
            }
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] first = null;
            if (gate.mqttAware()) {
                client.setSoTimeout(CONNECT_TIMEOUT_MS);
                MqttWire.Packet p = MqttWire.read(in, MAX_CONNECT);
                if (p == null || p.type() != MqttWire.CONNECT || !gate.control().awaitRunning(this::isClosed)) {
                    return;
                }
                MqttWire.Connect c = MqttWire.parseConnect(p.body());
                int rc = c.supportedProtocol() ? gate.decide(c) : 1;
                if (rc != 0) {
                    logger.debug("gate {}: CONNECT of client {} refused with {}", id, c.clientId(), rc);
                    out.write(MqttWire.connack(rc));
                    out.flush();
                    return;
                }
                username = c.username();
                clientId = c.clientId();
                client.setSoTimeout(0);
                first = p.raw();
            }
            Socket up = new Socket();
            up.setTcpNoDelay(true);
            // deep kernel buffers absorb pump-thread stalls; otherwise Moquette's 64 KB channel limit drops QoS 0
            up.setReceiveBufferSize(SOCKET_BUFFER);
            client.setSendBufferSize(SOCKET_BUFFER);
            up.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gate.upstreamPort()), 5_000);
            upstream = up;
            if (closed) {
                return;
            }
            CompletableFuture<Void> ready = first == null ? null : gate.connectSignals().expect(clientId);
            if (first != null) {
                up.getOutputStream().write(first);
            }
            InputStream upIn = up.getInputStream();
            NamedThreadFactory.start("gate-" + id + "-down", () -> {
                if (ready == null || forwardConnack(upIn, out, ready)) {
                    pumpAndClose(upIn, out);
                } else {
                    close();
                }
            });
            pump(in, up.getOutputStream());
        } catch (IOException | RuntimeException e) {
            logger.debug("gate {}: connection ended: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /** Forwards Moquette's CONNACK once Moquette accepts packets on the connection (see {@link ConnectSignals}). */
    private boolean forwardConnack(InputStream upIn, OutputStream out, CompletableFuture<Void> ready) {
        try {
            MqttWire.Packet connack = MqttWire.read(upIn, 16);
            if (connack == null) {
                return false;
            }
            if (connack.body().length == 2 && connack.body()[1] == 0) {
                try {
                    ready.get(2, TimeUnit.SECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    logger.debug("gate {}: no connect signal for {}, forwarding CONNACK anyway", id, clientId);
                }
            }
            if (!gate.control().awaitRunning(this::isClosed)) {
                return false;
            }
            out.write(connack.raw());
            return true;
        } catch (IOException e) {
            logger.debug("gate {}: no CONNACK: {}", id, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            gate.connectSignals().forget(clientId, ready);
        }
    }

    /** Broker → client. When the broker side ends during a hang, the client must not notice until the hang ends. */
    private void pumpAndClose(InputStream in, OutputStream out) {
        try {
            pump(in, out);
        } catch (IOException e) {
            logger.debug("gate {}: downstream ended: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                gate.control().awaitRunning(this::isClosed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            close();
        }
    }

    private void pump(InputStream in, OutputStream out) throws IOException, InterruptedException {
        byte[] buf = new byte[64 * 1024];
        while (gate.control().awaitRunning(this::isClosed)) {
            int n = in.read(buf);
            if (n < 0 || !gate.control().awaitRunning(this::isClosed)) {
                return;
            }
            out.write(buf, 0, n);
        }
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        quietly(client);
        quietly(upstream);
        gate.control().wakeAll();
        gate.removed(this);
    }

    private static void quietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                logger.trace("close failed", e);
            }
        }
    }
}
