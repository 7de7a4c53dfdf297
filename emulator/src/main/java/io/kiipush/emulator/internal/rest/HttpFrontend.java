package io.kiipush.emulator.internal.rest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

/** What the emulator's HTTP(S) port answers: the admin endpoint, injected REST faults, and the Kii REST API. */
public final class HttpFrontend {

    public static final String ADMIN_PREFIX = "/_emulator";

    private final RestApi api;
    private final Function<RestRequest, RestResponse> admin;
    private final RestFaults faults;
    private final HttpServer server;

    public HttpFrontend(InetSocketAddress bind, SSLContext tls, RestApi api, Function<RestRequest, RestResponse> admin,
            RestFaults faults) {
        this.api = api;
        this.admin = admin;
        this.faults = faults;
        this.server = new HttpServer(bind, tls, this::answer);
    }

    public void start() throws IOException {
        server.start();
    }

    public int port() {
        return server.port();
    }

    public void stop() {
        server.stop();
    }

    private RestResponse answer(RestRequest req) {
        if (req.path().equals(ADMIN_PREFIX) || req.path().startsWith(ADMIN_PREFIX + "/")) {
            return admin.apply(req);
        }
        RestFaults.Decision d = faults.decide(req.method(), req.path());
        if (d.delayMillis() > 0) {
            try {
                // a slow answer holds only its own connection, as on a real server
                TimeUnit.MILLISECONDS.sleep(d.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return api.injected(req, 503);
            }
        }
        return d.failStatus() > 0 ? api.injected(req, d.failStatus()) : api.handle(req);
    }
}
