package io.kiipush.bench.driver;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * A minimal MQTT 3.1.1 QoS-0 publisher on a plain socket (keeps publisher-library cost out of the measurement), the
 * same for every receiver. Each payload carries the {@link System#nanoTime()} at which it was written to the socket.
 * Runs on the calling thread; not thread-safe.
 */
final class RawPublisher implements AutoCloseable {

    /** What one run did. */
    record Result(long sent, long startNanos, long endNanos) {
        double ratePerSec() {
            return endNanos == startNanos ? 0 : sent * 1e9 / (endNanos - startNanos);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final byte[] topic;
    private final BenchPayload payload;

    RawPublisher(String host, int port, String user, String password, String clientId, String topic, BenchPayload payload)
            throws IOException {
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
        this.payload = payload;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSendBufferSize(1 << 20);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(10_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        connect(user, password, clientId);
    }

    private void connect(String user, String password, String clientId) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        int len = 10 + 2 + id.length + 2 + u.length + 2 + p.length;
        out.write(0x10);
        remainingLength(len);
        out.write(new byte[] { 0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 0 }); // user+password+clean, keep-alive 0
        string(id);
        string(u);
        string(p);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] connack = new byte[4];
        in.readFully(connack);
        if (connack[0] != 0x20 || connack[3] != 0) {
            throw new IOException("publisher CONNACK refused: rc " + connack[3]);
        }
    }

    /**
     * Publishes {@code count} messages.
     *
     * @param count how many
     * @param perSecond target rate; 0 = as fast as the socket takes them
     * @param firstSeq sequence number of the first message
     * @return what was sent and over which time
     */
    Result publish(int count, double perSecond, long firstSeq) throws IOException {
        long start = System.nanoTime();
        if (perSecond <= 0) {
            for (int i = 0; i < count; i++) {
                writeOne(firstSeq + i);
            }
            out.flush();
            return new Result(count, start, System.nanoTime());
        }
        double interval = 1e9 / perSecond;
        int i = 0;
        while (i < count) {
            long now = System.nanoTime();
            long due = start + (long) (i * interval);
            if (now < due) {
                // Sleep instead of spinning: a spinning publisher would steal one of the two cores from the receivers.
                LockSupport.parkNanos(due - now);
                continue;
            }
            // Send everything that is due (after a late wake-up this is a small burst), then flush once.
            while (i < count && start + (long) (i * interval) <= now) {
                writeOne(firstSeq + i);
                i++;
            }
            out.flush();
        }
        return new Result(count, start, System.nanoTime());
    }

    private void writeOne(long seq) throws IOException {
        int n = payload.fill(seq, System.nanoTime());
        out.write(0x30);
        remainingLength(2 + topic.length + n);
        string(topic);
        out.write(payload.buffer(), 0, n);
    }

    private void string(byte[] b) throws IOException {
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.write(b);
    }

    private void remainingLength(int len) throws IOException {
        do {
            int digit = len % 128;
            len /= 128;
            if (len > 0) {
                digit |= 0x80;
            }
            out.write(digit);
        } while (len > 0);
    }

    @Override
    public void close() {
        try {
            out.write(new byte[] { (byte) 0xE0, 0 }); // DISCONNECT
            out.flush();
        } catch (IOException ignored) {
            // the broker may already be gone (fault tests)
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
