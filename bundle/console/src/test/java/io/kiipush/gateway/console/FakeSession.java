package io.kiipush.gateway.console;

import java.util.ArrayList;
import java.util.List;

import io.kiipush.gateway.PushSession;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;

/** A PushSession that records what the page asked of it. */
final class FakeSession implements PushSession {

    final String connection;
    SessionStatus status;
    RuntimeException statusFailure;
    final List<String> calls = new ArrayList<>();

    FakeSession(String connection, SessionStatus status) {
        this.connection = connection;
        this.status = status;
    }

    static FakeSession connected(String connection) {
        return new FakeSession(connection, SessionStatus.builder(SessionState.CONNECTED).since(1_000_000L)
                .connection(connection).counters(7, 6, 0, 1, 0).reconnects(2)
                .endpoint("ssl://broker.example:8883", "client-" + connection)
                .account("mqtt-user", "inst-1", "thing:th.1", "app1", "JP").build());
    }

    @Override
    public SessionStatus getStatus() {
        calls.add("getStatus");
        if (statusFailure != null) {
            throw statusFailure;
        }
        return status;
    }

    @Override
    public void reconnect() {
        calls.add("reconnect");
    }

    @Override
    public String getConnection() {
        return connection;
    }

    @Override
    public void connect() {
        calls.add("connect");
    }

    @Override
    public void disconnect() {
        calls.add("disconnect");
    }
}
