package io.kiipush.emulator.internal.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.kiipush.emulator.internal.util.NamedThreadFactory;

/** The JDK HTTP(S) server in front of {@link RestApi}: fault injection, the admin endpoint, and the wire format. */
public final class HttpFrontend {

    private static final Logger logger = LoggerFactory.getLogger(HttpFrontend.class);
    public static final String ADMIN_PREFIX = "/_emulator";

    private final InetSocketAddress bind;
    private final SSLContext tls;
    private final RestApi api;
    private final Function<RestRequest, RestResponse> admin;
    private final RestFaults faults;
    private HttpServer server;
    private ExecutorService workers;
    private ScheduledExecutorService delayer;

    public HttpFrontend(InetSocketAddress bind, SSLContext tls, RestApi api, Function<RestRequest, RestResponse> admin,
            RestFaults faults) {
        this.bind = bind;
        this.tls = tls;
        this.api = api;
        this.admin = admin;
        this.faults = faults;
    }

    public void start() throws IOException {
        if (tls != null) {
            HttpsServer https = HttpsServer.create(bind, 128);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        } else {
            server = HttpServer.create(bind, 128);
        }
        workers = Executors.newFixedThreadPool(8, new NamedThreadFactory("http"));
        // delayed answers are scheduled, never slept on
        delayer = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("http-delay"));
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        delayer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            delayer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    private void handle(HttpExchange ex) {
        try {
            RestRequest req = toRequest(ex);
            if (req.path().equals(ADMIN_PREFIX) || req.path().startsWith(ADMIN_PREFIX + "/")) {
                send(ex, admin.apply(req), req.method());
                return;
            }
            RestFaults.Decision d = faults.decide(req.method(), req.path());
            Runnable respond = () -> {
                RestResponse r = d.failStatus() > 0 ? api.injected(req, d.failStatus()) : api.handle(req);
                send(ex, r, req.method());
            };
            if (d.delayMillis() > 0) {
                delayer.schedule(respond, d.delayMillis(), TimeUnit.MILLISECONDS);
            } else {
                respond.run();
            }
        } catch (IOException | RuntimeException e) {
            logger.debug("HTTP exchange failed", e);
            ex.close();
        }
    }

    private static RestRequest toRequest(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            body = out.toByteArray();
        }
        Map<String, List<String>> headers = new java.util.HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
        return new RestRequest("HTTP", ex.getRequestMethod(), decodePath(ex.getRequestURI().getRawPath()),
                ex.getRequestURI().getRawQuery(), headers, body, null);
    }

    /** Percent-decodes a path; unlike URLDecoder, keeps '+' (phone numbers, vendor IDs). */
    static String decodePath(String raw) {
        if (raw == null || raw.indexOf('%') < 0) {
            return raw == null ? "/" : raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, RestResponse r, String method) {
        try {
            r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            byte[] body = r.body();
            boolean noBody = method.equals("HEAD") || r.status() == 204 || r.status() == 304 || body.length == 0;
            ex.sendResponseHeaders(r.status(), noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            logger.debug("cannot send HTTP answer", e);
        } finally {
            ex.close();
        }
    }
}
