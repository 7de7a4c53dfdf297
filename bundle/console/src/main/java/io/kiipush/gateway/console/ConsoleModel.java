package io.kiipush.gateway.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import io.kiipush.gateway.PushSession;
import io.kiipush.gateway.SessionStatus;

/** Builds the page's rows from the registered sessions: one per connection, sorted by connection id. */
final class ConsoleModel {

    private final RecentNotifications recent;

    ConsoleModel(RecentNotifications recent) {
        this.recent = recent;
    }

    /**
     * @param sessions the {@link PushSession} services registered now
     * @return one view per session, sorted by connection id
     */
    List<ConnectionView> views(Collection<PushSession> sessions) {
        List<ConnectionView> views = new ArrayList<>();
        for (PushSession session : sessions) {
            String connection;
            try {
                connection = session.getConnection();
            } catch (RuntimeException e) {
                continue; // unregistered between the snapshot and now: it is no longer a connection
            }
            try {
                SessionStatus status = session.getStatus();
                views.add(ConnectionView.of(connection, status, recent.of(connection)));
            } catch (RuntimeException e) {
                views.add(ConnectionView.unavailable(connection, "status not available: " + e, recent.of(connection)));
            }
        }
        Collections.sort(views, Comparator.comparing(ConnectionView::connection));
        return views;
    }
}
