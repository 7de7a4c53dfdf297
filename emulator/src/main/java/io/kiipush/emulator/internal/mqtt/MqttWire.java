package io.kiipush.emulator.internal.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Just enough MQTT 3.1/3.1.1 framing for the gate (CONNECT) and the default broker. */
final class MqttWire {

    static final int CONNECT = 1;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int PUBREC = 5;
    static final int PUBREL = 6;
    static final int PUBCOMP = 7;
    static final int SUBSCRIBE = 8;
    static final int UNSUBSCRIBE = 10;
    static final int PINGREQ = 12;
    static final int DISCONNECT = 14;

    static final byte[] PINGRESP = {(byte) 0xD0, 0};

    private MqttWire() {
    }

    /** One control packet as read off the wire. */
    record Packet(int header, byte[] body) {

        int type() {
            return (header >> 4) & 0x0F;
        }

        int flags() {
            return header & 0x0F;
        }

        /** @return the packet re-encoded (fixed header + body) for forwarding */
        byte[] raw() {
            return encode(header, body);
        }
    }

    /** A parsed CONNECT. */
    record Connect(String protocolName, int level, int flags, int keepAlive, String clientId, String username,
            byte[] password) {

        boolean supportedProtocol() {
            return ("MQIsdp".equals(protocolName) && level == 3) || ("MQTT".equals(protocolName) && level == 4);
        }
    }

    /** A parsed PUBLISH. */
    record Publish(String topic, int qos, int packetId, byte[] payload) {
    }

    /** A parsed SUBSCRIBE or UNSUBSCRIBE. */
    record Subscribe(int packetId, List<String> filters) {
    }

    /** @return the next packet, or {@code null} on a clean EOF before its first byte */
    static Packet read(InputStream in, int maxLength) throws IOException {
        int header = in.read();
        if (header < 0) {
            return null;
        }
        int length = 0;
        int multiplier = 1;
        for (int i = 0; ; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("truncated remaining length");
            }
            length += (b & 0x7F) * multiplier;
            if ((b & 0x80) == 0) {
                break;
            }
            multiplier *= 128;
            if (i == 3) {
                throw new IOException("malformed remaining length");
            }
        }
        if (length > maxLength) {
            throw new IOException("packet too large: " + length);
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new EOFException("truncated packet");
        }
        return new Packet(header, body);
    }

    static Connect parseConnect(byte[] body) {
        Reader r = new Reader(body);
        String name = r.string();
        int level = r.u8();
        int flags = r.u8();
        int keepAlive = r.u16();
        String clientId = r.string();
        if ((flags & 0x04) != 0) {
            r.string();
            r.binary();
        }
        String username = (flags & 0x80) != 0 ? r.string() : null;
        byte[] password = (flags & 0x40) != 0 ? r.binary() : null;
        return new Connect(name, level, flags, keepAlive, clientId, username, password);
    }

    static Publish parsePublish(int flags, byte[] body) {
        Reader r = new Reader(body);
        String topic = r.string();
        int qos = (flags >> 1) & 0x03;
        int packetId = qos > 0 ? r.u16() : 0;
        return new Publish(topic, qos, packetId, r.rest());
    }

    static Subscribe parseSubscribe(byte[] body, boolean withQos) {
        Reader r = new Reader(body);
        int packetId = r.u16();
        List<String> filters = new ArrayList<>();
        while (r.remaining() > 0) {
            filters.add(r.string());
            if (withQos) {
                r.u8();
            }
        }
        return new Subscribe(packetId, filters);
    }

    static byte[] connack(int returnCode) {
        return new byte[] {0x20, 0x02, 0x00, (byte) returnCode};
    }

    /** QoS 0, retain 0 PUBLISH. */
    static byte[] publish(String topic, byte[] payload) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[2 + t.length + payload.length];
        body[0] = (byte) (t.length >> 8);
        body[1] = (byte) t.length;
        System.arraycopy(t, 0, body, 2, t.length);
        System.arraycopy(payload, 0, body, 2 + t.length, payload.length);
        return encode(0x30, body);
    }

    static byte[] suback(int packetId, int count, int grantedQos) {
        byte[] body = new byte[2 + count];
        body[0] = (byte) (packetId >> 8);
        body[1] = (byte) packetId;
        for (int i = 0; i < count; i++) {
            body[2 + i] = (byte) grantedQos;
        }
        return encode(0x90, body);
    }

    static byte[] ack(int typeAndFlags, int packetId) {
        return new byte[] {(byte) typeAndFlags, 0x02, (byte) (packetId >> 8), (byte) packetId};
    }

    static byte[] encode(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(header);
        int len = body.length;
        do {
            int digit = len % 128;
            len /= 128;
            if (len > 0) {
                digit |= 0x80;
            }
            out.write(digit);
        } while (len > 0);
        out.write(body, 0, body.length);
        return out.toByteArray();
    }

    /** Big-endian field reader; throws IllegalArgumentException on malformed input. */
    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        int remaining() {
            return b.length - pos;
        }

        int u8() {
            need(1);
            return b[pos++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        byte[] binary() {
            int len = u16();
            need(len);
            byte[] out = new byte[len];
            System.arraycopy(b, pos, out, 0, len);
            pos += len;
            return out;
        }

        String string() {
            return new String(binary(), StandardCharsets.UTF_8);
        }

        byte[] rest() {
            byte[] out = new byte[b.length - pos];
            System.arraycopy(b, pos, out, 0, out.length);
            pos = b.length;
            return out;
        }

        private void need(int n) {
            if (pos + n > b.length) {
                throw new IllegalArgumentException("malformed MQTT packet");
            }
        }
    }
}
