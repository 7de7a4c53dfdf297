package io.kiipush.gateway.internal.session;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sockets one link's factory made, so that closing the link can close them: a connect attempt still waiting for
 * the broker then ends at once (its read fails) instead of after the whole connect timeout, and its MQTT thread with
 * it. A socket made after {@link #closeAll()} is closed as soon as it is made.
 */
final class LinkSockets {

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile boolean mqttSent;

    /**
     * @param socket a socket the link's factory just made
     * @return the same socket
     */
    <T extends Socket> T add(T socket) {
        sockets.add(socket);
        if (closed) {
            closeQuietly(socket);
        }
        return socket;
    }

    /**
     * @param out the MQTT stream of a socket (what Paho writes packets to; TLS handshake bytes do not pass here)
     * @return the same stream, noting that an MQTT packet (the CONNECT first) was written
     */
    OutputStream watch(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                mqttSent = true;
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                mqttSent = true;
                out.write(b, off, len);
            }
        };
    }

    /**
     * @return whether Paho has written its CONNECT: its receiver is then running, and closing the socket ends the
     *         attempt cleanly (closed earlier, Paho 1.2.5 can wait for ever for a receiver that already stopped)
     */
    boolean mqttSent() {
        return mqttSent;
    }

    /** Closes every socket made so far and every one made from now on. */
    void closeAll() {
        closed = true;
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway: nothing else to do with a socket that cannot even close
        }
    }
}
