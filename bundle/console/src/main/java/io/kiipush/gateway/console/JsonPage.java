package io.kiipush.gateway.console;

import java.util.List;

import io.kiipush.gateway.SessionStatus;

/** The JSON view for scripts: the same content as the HTML page, times as ISO-8601 UTC ({@code null} = never). */
final class JsonPage {

    private JsonPage() {
    }

    /**
     * @param views the connections, in display order
     * @return {@code {"connections":[...]}}
     */
    static String render(List<ConnectionView> views) {
        StringBuilder sb = new StringBuilder(2048).append("{\"connections\":[");
        for (int i = 0; i < views.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            connection(sb, views.get(i));
        }
        return sb.append("]}").toString();
    }

    private static void connection(StringBuilder sb, ConnectionView v) {
        sb.append("\n{");
        field(sb, "connection", v.connection());
        SessionStatus s = v.status();
        if (s == null) {
            sb.append(',');
            field(sb, "state", "UNAVAILABLE");
            sb.append(',');
            field(sb, "unavailable", v.unavailable());
        } else {
            status(sb, s);
        }
        sb.append(",\"recent\":[");
        List<RecentNotification> recent = v.recent();
        for (int i = 0; i < recent.size(); i++) {
            RecentNotification n = recent.get(i);
            sb.append(i > 0 ? ",{" : "{");
            field(sb, "receivedAt", Times.iso(n.receivedAt()));
            sb.append(',');
            field(sb, "kind", n.kind());
            sb.append(',');
            field(sb, "type", n.type());
            sb.append(',');
            field(sb, "about", n.subject());
            sb.append(",\"recovered\":").append(n.recovered()).append(',');
            field(sb, "raw", n.raw());
            sb.append(",\"rawCut\":").append(n.rawCut()).append('}');
        }
        sb.append("]}");
    }

    private static void status(StringBuilder sb, SessionStatus s) {
        sb.append(',');
        field(sb, "state", s.getState().name());
        sb.append(',');
        field(sb, "since", Times.iso(s.getSince()));
        sb.append(",\"attempt\":").append(s.getAttempt());
        sb.append(",\"lastError\":");
        if (s.getLastError() == null) {
            sb.append("null");
        } else {
            sb.append('{');
            field(sb, "message", s.getLastError());
            sb.append(',');
            field(sb, "kind", s.getLastErrorKind() == null ? null : s.getLastErrorKind().name());
            sb.append(',');
            field(sb, "at", Times.iso(s.getLastErrorAt()));
            sb.append(",\"current\":").append(s.isLastErrorCurrent()).append('}');
        }
        sb.append(",\"counters\":{\"received\":").append(s.getReceived())
                .append(",\"dispatched\":").append(s.getDispatched())
                .append(",\"dropped\":").append(s.getDropped())
                .append(",\"malformed\":").append(s.getMalformed())
                .append(",\"queued\":").append(s.getQueued())
                .append(",\"reconnects\":").append(s.getReconnects())
                .append(",\"gaps\":").append(s.getGaps())
                .append(",\"recoveredObjects\":").append(s.getRecoveredObjects())
                .append(",\"recoveredCommands\":").append(s.getRecoveredCommands())
                .append(",\"duplicatesSuppressed\":").append(s.getDuplicatesSuppressed())
                .append(",\"catchUpFailures\":").append(s.getCatchUpFailures()).append('}');
        String[][] details = {
            {"connectedSince", Times.iso(s.getConnectedSince())}, {"nextAttemptAt", Times.iso(s.getNextAttemptAt())},
            {"broker", s.getBroker()}, {"clientId", s.getClientId()}, {"username", s.getUsername()},
            {"identity", s.getIdentity()}, {"installationId", s.getInstallationId()}, {"appId", s.getAppId()},
            {"site", s.getSite()},
        };
        for (String[] d : details) {
            sb.append(',');
            field(sb, d[0], d[1]);
        }
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(Escape.json(name)).append(':').append(Escape.json(value));
    }
}
