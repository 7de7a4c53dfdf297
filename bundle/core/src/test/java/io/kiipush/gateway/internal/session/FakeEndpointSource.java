package io.kiipush.gateway.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.EndpointSource;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;
import io.kiipush.gateway.internal.endpoint.RefreshReason;
import io.kiipush.gateway.internal.endpoint.Transport;

/** Records every acquire/refresh and lets the test complete them. */
final class FakeEndpointSource implements EndpointSource {

    static final class Request {
        final String kind;
        final ConnectTarget stale;
        final RefreshReason reason;
        final CompletableFuture<ConnectTarget> future = new CompletableFuture<>();

        Request(String kind, ConnectTarget stale, RefreshReason reason) {
            this.kind = kind;
            this.stale = stale;
            this.reason = reason;
        }
    }

    final List<Request> requests = new ArrayList<>();
    final List<Runnable> invalidationListeners = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<ConnectTarget> acquire() {
        Request r = new Request("acquire", null, null);
        requests.add(r);
        return r.future;
    }

    @Override
    public CompletableFuture<ConnectTarget> refresh(ConnectTarget stale, RefreshReason reason) {
        Request r = new Request("refresh", stale, reason);
        requests.add(r);
        return r.future;
    }

    @Override
    public void addInvalidationListener(Runnable listener) {
        invalidationListeners.add(listener);
    }

    @Override
    public void removeInvalidationListener(Runnable listener) {
        invalidationListeners.remove(listener);
    }

    Request last() {
        return requests.get(requests.size() - 1);
    }

    static ConnectTarget target(String topic, String password, long ttlSeconds, long fetchedAt) {
        MqttEndpoint e = new MqttEndpoint("inst1", "broker.example", 1883, 8883, 12470, 12473, "app-user", password, topic,
                ttlSeconds, fetchedAt);
        return new ConnectTarget(e, Transport.TLS, null, "", true, "/mqtt", "thing:th.1");
    }

    static ConnectTarget target(String topic) {
        return target(topic, "secret-pw", MqttEndpoint.TTL_FOREVER, 0);
    }
}
