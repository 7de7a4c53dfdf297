package io.kiipush.emulator.internal.rest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import io.kiipush.emulator.internal.util.NamedThreadFactory;
import io.kiipush.emulator.internal.util.TcpListener;

/**
 * A small HTTP/1.1 server (plain or TLS): one thread per connection, keep-alive, chunked request bodies,
 * {@code Expect: 100-continue}, and the staged close of {@link HttpConnection}. The JDK's built-in server closes
 * connections at once and cannot be told otherwise, which resets clients that are still writing.
 */
final class HttpServer {

    private final TcpListener listener;
    private final Function<RestRequest, RestResponse> handler;
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(new NamedThreadFactory("http"));

    /**
     * @param tls serve HTTPS with this context, or {@code null} for HTTP
     * @param handler answers one request (never throws)
     */
    HttpServer(InetSocketAddress bind, SSLContext tls, Function<RestRequest, RestResponse> handler) {
        this.handler = handler;
        this.listener = new TcpListener("http", bind.getAddress(), bind.getPort(), 128, tls, socket -> {
            HttpConnection c = new HttpConnection(socket, this.handler, connections::remove);
            connections.add(c);
            try {
                threads.execute(c);
            } catch (RejectedExecutionException e) {
                c.close();
            }
        });
    }

    void start() throws IOException {
        listener.start();
    }

    int port() {
        return listener.port();
    }

    /** Stops listening, closes every connection and waits for their threads to end. */
    void stop() {
        listener.stop();
        threads.shutdownNow();
        connections.forEach(HttpConnection::close);
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
