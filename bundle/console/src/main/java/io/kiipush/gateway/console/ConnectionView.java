package io.kiipush.gateway.console;

import java.util.List;

import io.kiipush.gateway.SessionStatus;

/** One row of the page: a connection, its status snapshot (or why there is none) and its recent notifications. */
final class ConnectionView {

    private final String connection;
    private final SessionStatus status;
    private final String unavailable;
    private final List<RecentNotification> recent;

    private ConnectionView(String connection, SessionStatus status, String unavailable, List<RecentNotification> recent) {
        this.connection = connection;
        this.status = status;
        this.unavailable = unavailable;
        this.recent = recent;
    }

    static ConnectionView of(String connection, SessionStatus status, List<RecentNotification> recent) {
        return new ConnectionView(connection, status, null, recent);
    }

    /** A session that went away while the page was built (its service was being unregistered). */
    static ConnectionView unavailable(String connection, String reason, List<RecentNotification> recent) {
        return new ConnectionView(connection, null, reason, recent);
    }

    String connection() {
        return connection;
    }

    /** @return the status, {@code null} when {@link #unavailable()} */
    SessionStatus status() {
        return status;
    }

    /** @return why there is no status, {@code null} when there is one */
    String unavailable() {
        return unavailable;
    }

    List<RecentNotification> recent() {
        return recent;
    }
}
