package io.kiipush.gateway.internal.onboarding;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

/**
 * A minimal scripted MQTT 3.1.1 server on a loopback port (plain or TLS), for broker behaviour an ordinary broker
 * cannot show: it refuses every SUBSCRIBE (SUBACK 0x80) yet answers a PUBLISH on the same topic, as Kii's default
 * broker does for API-via-MQTT requests.
 */
final class FakeMqttServer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    final List<String> packets = new CopyOnWriteArrayList<>();
    /** Request payload to response payload for a PUBLISH; {@code null}: no answer. */
    volatile Function<String, String> responder = r -> null;

    FakeMqttServer(SSLContext tls) throws IOException {
        server = tls == null ? new ServerSocket(0, 5, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "fake-mqtt-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "fake-mqtt-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (Socket socket = s) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                int header = in.read();
                if (header < 0) {
                    return;
                }
                int length = 0;
                int multiplier = 1;
                int digit;
                do {
                    digit = in.readUnsignedByte();
                    length += (digit & 0x7f) * multiplier;
                    multiplier *= 128;
                } while ((digit & 0x80) != 0);
                byte[] body = new byte[length];
                in.readFully(body);
                int type = header >> 4;
                switch (type) {
                    case 1: // CONNECT
                        packets.add("CONNECT");
                        write(out, new byte[] { 0x20, 0x02, 0x00, 0x00 });
                        break;
                    case 8: // SUBSCRIBE: refused
                        packets.add("SUBSCRIBE");
                        write(out, new byte[] { (byte) 0x90, 0x03, body[0], body[1], (byte) 0x80 });
                        break;
                    case 3: // PUBLISH
                        int topicLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
                        String topic = new String(body, 2, topicLength, StandardCharsets.UTF_8);
                        int qos = (header >> 1) & 3;
                        int offset = 2 + topicLength;
                        if (qos > 0) {
                            write(out, new byte[] { 0x40, 0x02, body[offset], body[offset + 1] });
                            offset += 2;
                        }
                        String payload = new String(body, offset, body.length - offset, StandardCharsets.UTF_8);
                        packets.add("PUBLISH " + topic);
                        String response = responder.apply(payload);
                        if (response != null) {
                            write(out, publish(topic, response.getBytes(StandardCharsets.UTF_8)));
                        }
                        break;
                    case 12: // PINGREQ
                        write(out, new byte[] { (byte) 0xd0, 0x00 });
                        break;
                    case 14: // DISCONNECT
                        packets.add("DISCONNECT");
                        return;
                    default:
                        break;
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private static byte[] publish(String topic, byte[] payload) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        int length = 2 + t.length + payload.length;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x30);
        do {
            int digit = length % 128;
            length /= 128;
            b.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        b.write(t.length >> 8);
        b.write(t.length & 0xff);
        b.write(t, 0, t.length);
        b.write(payload, 0, payload.length);
        return b.toByteArray();
    }

    private static synchronized void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (Socket s : clients) {
            s.close();
        }
        acceptor.join(5000);
    }
}
