package io.kiipush.emulator.internal.rest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection: requests are read and answered in order until either side ends it. The end comes in
 * stages, as on real servers: the answer is complete, the output is half-closed, whatever the client still sends
 * is read and dropped for a bounded time, and only then is the socket closed. Closing at once would reset a client
 * that is still writing (some SDKs send stray bytes after a GET or DELETE): it would see a broken pipe, and its
 * TCP stack may discard the answer it has not read yet.
 */
final class HttpConnection implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(HttpConnection.class);
    static final int IDLE_TIMEOUT_MS = 30_000;
    static final int LINGER_MS = 2_000;
    static final int LINGER_MAX_BYTES = 1024 * 1024;

    private final Socket socket;
    private final Function<RestRequest, RestResponse> handler;
    private final Consumer<HttpConnection> onEnd;
    private volatile boolean closed;

    /**
     * @param handler answers one request (never throws)
     * @param onEnd called once when the connection has ended
     */
    HttpConnection(Socket socket, Function<RestRequest, RestResponse> handler, Consumer<HttpConnection> onEnd) {
        this.socket = socket;
        this.handler = handler;
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(IDLE_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (!closed && serveOne(in, out)) {
                out.flush();
            }
            out.flush();
            lingeringClose(in);
        } catch (SocketTimeoutException e) {
            logger.debug("HTTP connection idle for {} ms: closed", IDLE_TIMEOUT_MS);
        } catch (IOException e) {
            logger.debug("HTTP connection ended: {}", e.toString());
        } finally {
            close();
            onEnd.accept(this);
        }
    }

    /** @return true to read the next request on this connection */
    private boolean serveOne(InputStream in, OutputStream out) throws IOException {
        HttpWire.Head head = null;
        try {
            head = HttpWire.readHead(in);
            if (head == null) {
                return false;
            }
            HttpWire.Target target = HttpWire.target(head.target());
            if (head.expectsContinue()) {
                HttpWire.writeContinue(out);
            }
            byte[] body = HttpWire.readBody(in, head);
            RestResponse r = handler.apply(new RestRequest("HTTP", head.method(), target.path(), target.query(),
                    head.headers(), body, null));
            boolean keepAlive = head.keepAlive();
            HttpWire.writeResponse(out, r.status(), r.headers(), r.body(), head.method().equals("HEAD"), !keepAlive);
            return keepAlive;
        } catch (HttpWire.BadRequest e) {
            logger.debug("bad HTTP request: {}", e.getMessage());
            HttpWire.writeResponse(out, e.status(), Map.of("Content-Type", "text/plain;charset=UTF-8"),
                    (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8),
                    head != null && head.method().equals("HEAD"), true);
            return false;
        }
    }

    /** Half-close, drain what the client still sends (bounded in time and bytes), then close. */
    private void lingeringClose(InputStream in) {
        long deadline = System.nanoTime() + LINGER_MS * 1_000_000L;
        try {
            socket.shutdownOutput(); // over TLS this sends close_notify first
            byte[] buf = new byte[8192];
            long drained = 0;
            while (drained < LINGER_MAX_BYTES) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                socket.setSoTimeout((int) left);
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                drained += n;
            }
        } catch (IOException | UnsupportedOperationException e) {
            logger.trace("lingering close ended early: {}", e.toString());
        }
    }

    void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            logger.trace("close failed", e);
        }
    }
}
