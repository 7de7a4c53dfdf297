package io.kiipush.gateway.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last few notifications of each connection, newest first. {@link #add} runs on the session's dispatch thread:
 * it only appends under a short lock, never blocks on anything else and never throws on odd input.
 */
final class RecentNotifications {

    private final int perConnection;
    private final Map<String, ArrayDeque<RecentNotification>> rings = new HashMap<>();

    /** @param perConnection how many notifications to keep per connection (at least 1) */
    RecentNotifications(int perConnection) {
        if (perConnection < 1) {
            throw new IllegalArgumentException("perConnection must be at least 1, was " + perConnection);
        }
        this.perConnection = perConnection;
    }

    /**
     * @param connection the connection that received it
     * @param notification its summary
     */
    void add(String connection, RecentNotification notification) {
        synchronized (rings) {
            ArrayDeque<RecentNotification> ring = rings.get(connection);
            if (ring == null) {
                ring = new ArrayDeque<>(perConnection);
                rings.put(connection, ring);
            }
            if (ring.size() == perConnection) {
                ring.removeLast();
            }
            ring.addFirst(notification);
        }
    }

    /**
     * @param connection a connection id
     * @return its notifications, newest first (empty when none)
     */
    List<RecentNotification> of(String connection) {
        synchronized (rings) {
            ArrayDeque<RecentNotification> ring = rings.get(connection);
            return ring == null ? Collections.<RecentNotification>emptyList() : new ArrayList<>(ring);
        }
    }

    /**
     * Forgets a connection whose session is gone, so rings cannot pile up as connections come and go.
     *
     * @param connection a connection id
     */
    void forget(String connection) {
        synchronized (rings) {
            rings.remove(connection);
        }
    }
}
