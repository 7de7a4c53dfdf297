package io.kiipush.emulator.internal.service;

import java.util.function.Consumer;
import java.util.function.Function;

import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.CloudState;

/** The state plus the lock discipline: mutate under the lock, publish and disconnect after it. */
public final class Store {

    private final CloudState state = new CloudState();
    private volatile PushSink sink = (t, p, k) -> { };
    private volatile ConnectionControl connections = (u, c) -> { };

    public void wire(PushSink sink, ConnectionControl connections) {
        this.sink = sink;
        this.connections = connections;
    }

    public <T> T tx(Function<Tx, T> body) {
        Tx tx = new Tx(sink, connections);
        T result;
        synchronized (state) {
            result = body.apply(tx);
        }
        tx.runAfter();
        return result;
    }

    public void run(Consumer<Tx> body) {
        tx(t -> {
            body.accept(t);
            return null;
        });
    }

    /** @return the state; callers must hold its monitor (use {@link #tx}) */
    public CloudState state() {
        return state;
    }

    /** Looks an app up under the lock; throws APP_NOT_FOUND. Callers hold the lock. */
    public AppData app(String appId) {
        AppData app = state.apps.get(appId);
        if (app == null) {
            throw KiiException.of(KiiError.APP_NOT_FOUND, "The application was not found", "appID", appId);
        }
        return app;
    }
}
