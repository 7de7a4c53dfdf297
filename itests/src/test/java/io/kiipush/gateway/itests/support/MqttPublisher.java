package io.kiipush.gateway.itests.support;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal MQTT 3.1.1 publisher over plain TCP for in-container tests: CONNECT with the emulator's privileged
 * publisher credential, PUBLISH at QoS 1 waiting for each PUBACK (so the publisher is paced by the broker and never
 * outruns it), DISCONNECT. Raw bytes on purpose: the payload goes on the wire exactly as given (invalid UTF-8, empty,
 * oversized), and no MQTT library has to be provisioned in the framework (the gateway embeds Paho privately).
 */
public final class MqttPublisher implements AutoCloseable {

    private static final int TIMEOUT_MS = 15_000;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private int packetId;

    private MqttPublisher(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    }

    /**
     * Connects to the emulator's push broker (TCP) as its privileged publisher, which may publish to any topic.
     *
     * @param kii the emulator client
     * @param clientId the MQTT client ID to use
     * @return a connected publisher
     */
    public static MqttPublisher connectPrivileged(Kii kii, String clientId) {
        return connect("localhost", kii.mqttPort(), clientId, kii.publisherUsername(), kii.publisherPassword());
    }

    /**
     * @return a publisher connected with CONNACK 0 (keep-alive off, clean session)
     * @throws IllegalStateException if the broker refuses the connection
     */
    public static MqttPublisher connect(String host, int port, String clientId, String username, String password) {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(TIMEOUT_MS);
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            MqttPublisher p = new MqttPublisher(s);
            ByteArrayOutputStream vh = new ByteArrayOutputStream();
            utf8(vh, "MQTT");
            vh.write(4); // protocol level 3.1.1
            vh.write(0x80 | 0x40 | 0x02); // user name, password, clean session
            vh.write(0);
            vh.write(0); // keep-alive 0: off
            utf8(vh, clientId);
            utf8(vh, username);
            utf8(vh, password);
            p.packet(0x10, vh.toByteArray(), null);
            p.out.flush();
            int type = p.in.readUnsignedByte();
            int len = readRemainingLength(p.in);
            byte[] body = new byte[len];
            p.in.readFully(body);
            if (type != 0x20 || len != 2 || body[1] != 0) {
                s.close();
                throw new IllegalStateException("broker refused the publisher: packet 0x" + Integer.toHexString(type)
                        + (len == 2 ? " CONNACK " + body[1] : ""));
            }
            return p;
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a socket that failed
            }
            throw new UncheckedIOException("cannot connect the MQTT publisher to " + host + ":" + port, e);
        }
    }

    /**
     * Publishes {@code payload} at QoS 1 and waits for the broker's PUBACK.
     *
     * @param topic the MQTT topic
     * @param payload the exact bytes to send (may be empty)
     */
    public void publish(String topic, byte[] payload) {
        try {
            packetId = packetId % 65535 + 1;
            ByteArrayOutputStream vh = new ByteArrayOutputStream(topic.length() + 4);
            utf8(vh, topic);
            vh.write(packetId >> 8);
            vh.write(packetId & 0xFF);
            packet(0x32, vh.toByteArray(), payload);
            out.flush();
            int type = in.readUnsignedByte();
            int len = readRemainingLength(in);
            byte[] body = new byte[len];
            in.readFully(body);
            int ackId = len >= 2 ? ((body[0] & 0xFF) << 8) | (body[1] & 0xFF) : -1;
            if (type != 0x40 || ackId != packetId) {
                throw new IllegalStateException("expected PUBACK " + packetId + ", got packet 0x" + Integer.toHexString(type)
                        + " id " + ackId);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("publish to " + topic + " failed", e);
        }
    }

    @Override
    public void close() {
        try {
            out.write(0xE0);
            out.write(0);
            out.flush();
        } catch (IOException ignored) {
            // the connection is going away anyway
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    private void packet(int header, byte[] variable, byte[] payload) throws IOException {
        int length = variable.length + (payload == null ? 0 : payload.length);
        out.write(header);
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.write(variable);
        if (payload != null) {
            out.write(payload);
        }
    }

    private static int readRemainingLength(DataInputStream in) throws IOException {
        int value = 0;
        int multiplier = 1;
        int b;
        do {
            b = in.readUnsignedByte();
            value += (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        return value;
    }

    private static void utf8(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.write(b, 0, b.length);
    }
}
