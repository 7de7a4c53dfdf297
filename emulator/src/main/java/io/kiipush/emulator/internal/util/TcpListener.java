package io.kiipush.emulator.internal.util;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP (or TLS) listening socket with its own named accept thread. It keeps its port across {@link #stop()} and
 * {@link #restart()}, so a killed listener comes back where its clients expect it. What happens to an accepted socket
 * is the owner's business ({@code onAccept} runs on the accept thread and must hand the socket on quickly).
 */
public final class TcpListener {

    private static final Logger logger = LoggerFactory.getLogger(TcpListener.class);

    private static final long STOP_WAIT_MS = 5_000;

    private final String name;
    private final InetAddress bind;
    private final int backlog;
    private final SSLContext tls;
    private final Consumer<Socket> onAccept;
    private volatile ServerSocket server;
    private Thread acceptThread;
    private volatile int port;

    /**
     * @param name thread name {@code kii-emu-<name>-accept}
     * @param port 0 = a free one, chosen at the first start and kept
     * @param tls terminate TLS on accepted sockets, or {@code null}
     */
    public TcpListener(String name, InetAddress bind, int port, int backlog, SSLContext tls, Consumer<Socket> onAccept) {
        this.name = name;
        this.bind = bind;
        this.port = port;
        this.backlog = backlog;
        this.tls = tls;
        this.onAccept = onAccept;
    }

    public synchronized void start() throws IOException {
        ServerSocket ss = tls != null ? tls.getServerSocketFactory().createServerSocket() : new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(bind, port), backlog);
        port = ss.getLocalPort();
        server = ss;
        acceptThread = NamedThreadFactory.start(name + "-accept", () -> acceptLoop(ss));
    }

    /** Listens again on the same port after {@link #stop()}; does nothing while listening. */
    public synchronized void restart() throws IOException {
        if (!isRunning()) {
            start();
        }
    }

    /**
     * Stops listening (new connections are refused once this returns); sockets already accepted stay open. Waits for
     * the accept thread: while it sits in the accept system call the kernel keeps the socket listening after close(),
     * so connects were still accepted and a restart on the same port failed with "Address already in use".
     */
    public synchronized void stop() {
        ServerSocket ss = server;
        server = null;
        if (ss != null) {
            try {
                ss.close();
            } catch (IOException e) {
                logger.debug("{}: close failed", name, e);
            }
        }
        Thread t = acceptThread;
        acceptThread = null;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(STOP_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                logger.warn("{}: accept thread still running {} ms after close", name, STOP_WAIT_MS);
            }
        }
    }

    public boolean isRunning() {
        ServerSocket ss = server;
        return ss != null && !ss.isClosed();
    }

    public int port() {
        return port;
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            try {
                onAccept.accept(ss.accept());
            } catch (SocketException e) {
                break;
            } catch (IOException e) {
                logger.debug("{}: accept failed", name, e);
            }
        }
    }
}
