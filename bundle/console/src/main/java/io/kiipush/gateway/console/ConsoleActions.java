package io.kiipush.gateway.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import io.kiipush.gateway.PushSession;

/** The page's buttons: {@code action=connect|disconnect} on {@code connection=<id>}, with a clear answer for bad input. */
final class ConsoleActions {

    /** What happened: an HTTP status and a sentence for the operator (plain text, never HTML). */
    static final class Outcome {
        private final int status;
        private final String message;

        Outcome(int status, String message) {
            this.status = status;
            this.message = message;
        }

        int status() {
            return status;
        }

        String message() {
            return message;
        }

        boolean done() {
            return status == 303;
        }
    }

    private ConsoleActions() {
    }

    /**
     * @param action {@code connect} or {@code disconnect}
     * @param connection the connection id
     * @param sessions the registered sessions
     * @return 303 when the session was told, 400 for a missing or unknown action or a missing connection, 404 for an
     *         unknown connection
     */
    static Outcome apply(String action, String connection, Collection<PushSession> sessions) {
        if (!"connect".equals(action) && !"disconnect".equals(action)) {
            return new Outcome(400, "action must be connect or disconnect, was "
                    + (action == null ? "missing" : "'" + action + "'"));
        }
        if (connection == null || connection.isEmpty()) {
            return new Outcome(400, "connection is missing: name the Kii connection to " + action);
        }
        List<String> known = new ArrayList<>();
        for (PushSession session : sessions) {
            String id;
            try {
                id = session.getConnection();
            } catch (RuntimeException e) {
                continue; // going away
            }
            if (connection.equals(id)) {
                if ("connect".equals(action)) {
                    session.connect();
                } else {
                    session.disconnect();
                }
                return new Outcome(303, action + " requested for Kii connection '" + connection + "'");
            }
            known.add(id);
        }
        Collections.sort(known);
        return new Outcome(404, "no Kii connection '" + connection + "'; the connections are: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
}
