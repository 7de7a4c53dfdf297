package io.kiipush.emulator.internal.mqtt;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells gates when Moquette has really finished a CONNECT. Moquette 0.17 marks a connection usable in a listener
 * that can run after the CONNACK already left ({@code addListener} on a completed future defers to the event loop), so a
 * fast client's SUBSCRIBE may hit "SUBSCRIBE received on already closed connection" and get dropped. Its interceptor's
 * {@code onConnect} fires only after that flag is set, so gates hold the CONNACK back until then.
 */
final class ConnectSignals {

    private final Map<String, List<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    /** Registers interest before the CONNECT is forwarded, so the signal cannot be missed. */
    CompletableFuture<Void> expect(String clientId) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiting.computeIfAbsent(clientId, k -> new CopyOnWriteArrayList<>()).add(f);
        return f;
    }

    void connected(String clientId) {
        List<CompletableFuture<Void>> list = waiting.remove(clientId);
        if (list != null) {
            list.forEach(f -> f.complete(null));
        }
    }

    void forget(String clientId, CompletableFuture<Void> f) {
        waiting.computeIfPresent(clientId, (k, list) -> {
            list.remove(f);
            return list.isEmpty() ? null : list;
        });
    }
}
