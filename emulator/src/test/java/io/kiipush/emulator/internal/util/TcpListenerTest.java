package io.kiipush.emulator.internal.util;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * A killed listener refuses connects as soon as {@link TcpListener#stop()} returns and can listen again on the same
 * port at once. Before stop() waited for its accept thread, some of these rounds connected after stop (the socket
 * stayed listening while the accept call held it) or failed to restart with "Address already in use"; the loop makes
 * that window likely enough to be seen.
 */
public class TcpListenerTest {

    private static final int ROUNDS = 300;

    @Rule
    public final Timeout timeout = Timeout.seconds(120);

    @Test
    public void stopRefusesAtOnceAndRestartKeepsThePort() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            TcpListener listener = new TcpListener("test", InetAddress.getLoopbackAddress(), 0, 50, null,
                    TcpListenerTest::closeQuietly);
            listener.start();
            int port = listener.port();
            new Socket("127.0.0.1", port).close();
            listener.stop();
            assertThrows("round " + i, ConnectException.class, () -> new Socket("127.0.0.1", port).close());
            listener.restart();
            assertEquals(port, listener.port());
            new Socket("127.0.0.1", port).close();
            listener.stop();
            assertThrows("round " + i, ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
