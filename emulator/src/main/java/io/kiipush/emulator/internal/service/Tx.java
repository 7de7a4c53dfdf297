package io.kiipush.emulator.internal.service;

import java.util.ArrayList;
import java.util.List;

import io.kiipush.emulator.PushKind;

/** Side effects collected while holding the state lock and run after releasing it (pushes, disconnects). */
public final class Tx {

    private final List<Runnable> after = new ArrayList<>();
    private final PushSink sink;
    private final ConnectionControl connections;

    Tx(PushSink sink, ConnectionControl connections) {
        this.sink = sink;
        this.connections = connections;
    }

    public void publish(String topic, String payload, PushKind kind) {
        after.add(() -> sink.publish(topic, payload, kind));
    }

    public void disconnect(String username, String clientId) {
        after.add(() -> connections.disconnect(username, clientId));
    }

    void runAfter() {
        for (Runnable r : after) {
            r.run();
        }
    }
}
