package io.kiipush.gateway.kura.internal;

import io.kiipush.gateway.PushSession;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;

/** A PushSession whose status the test sets; connect/disconnect run what the test gives them. */
final class FakeSession implements PushSession {

    final String connection;
    volatile SessionStatus status;
    volatile Runnable onConnect = () -> { };
    volatile Runnable onDisconnect = () -> { };
    int connects;
    int disconnects;

    FakeSession(String connection, SessionState state) {
        this.connection = connection;
        this.status = SessionStatus.builder(state).connection(connection).build();
    }

    @Override
    public SessionStatus getStatus() {
        return status;
    }

    @Override
    public void reconnect() {
    }

    @Override
    public String getConnection() {
        return connection;
    }

    @Override
    public synchronized void connect() {
        connects++;
        onConnect.run();
    }

    @Override
    public synchronized void disconnect() {
        disconnects++;
        onDisconnect.run();
    }
}
