package io.kiipush.gateway.console;

import java.util.List;

import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;

/**
 * The plugin's HTML: the part inside the web console's frame. Everything that comes from outside (connection ids,
 * errors, payloads) goes through {@link Escape#html}. The status holds no secret (no password, token or app key), and
 * nothing else is shown.
 */
final class HtmlPage {

    private final String base;
    private final long now;

    /**
     * @param base the plugin's path, e.g. {@code /system/console/kiipush} (forms post there, the JSON is below it)
     * @param now the page's time, ms since the epoch
     */
    HtmlPage(String base, long now) {
        this.base = base;
        this.now = now;
    }

    /**
     * @param views the connections, in display order
     * @return the HTML fragment
     */
    String render(List<ConnectionView> views) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<div id=\"kiipush\">\n");
        sb.append("<p class=\"statline\">").append(views.size()).append(views.size() == 1 ? " Kii connection" : " Kii connections")
                .append(" at ").append(Times.utc(now))
                .append(". <a href=\"").append(Escape.html(base)).append("/status.json\">JSON</a> for scripts.</p>\n");
        if (views.isEmpty()) {
            sb.append("<p class=\"kiipush-none\">No Kii connection is running: no PushSession service is registered. "
                    + "Check that the bundle io.kiipush.gateway is active and configured (OSGi &gt; Configuration).</p>\n");
        } else {
            connections(sb, views);
            for (ConnectionView v : views) {
                recent(sb, v);
            }
        }
        return sb.append("</div>\n").toString();
    }

    private void connections(StringBuilder sb, List<ConnectionView> views) {
        sb.append("<table class=\"nicetable\" id=\"kiipush-connections\">\n<thead><tr>")
                .append("<th>Connection</th><th>State</th><th>Since</th><th>Last error</th>")
                .append("<th>Received</th><th>Dispatched</th><th>Dropped</th><th>Malformed</th><th>Queued</th>")
                .append("<th>Reconnects</th><th>Gaps</th><th>Recovered</th><th>Link</th><th></th></tr></thead>\n<tbody>\n");
        for (ConnectionView v : views) {
            row(sb, v);
        }
        sb.append("</tbody>\n</table>\n");
    }

    private void row(StringBuilder sb, ConnectionView v) {
        String id = Escape.html(v.connection());
        sb.append("<tr class=\"kiipush-connection\" data-connection=\"").append(id).append("\">");
        sb.append("<td class=\"kiipush-id\">").append(id).append("</td>");
        SessionStatus s = v.status();
        if (s == null) {
            sb.append("<td class=\"kiipush-state\">UNAVAILABLE</td><td>-</td><td colspan=\"11\">")
                    .append(Escape.html(v.unavailable())).append("</td>");
        } else {
            sb.append("<td class=\"kiipush-state\">").append(s.getState().name()).append(attempt(s)).append("</td>");
            sb.append("<td>").append(Escape.html(Times.format(s.getSince(), now))).append("</td>");
            sb.append("<td class=\"kiipush-error\">").append(lastError(s)).append("</td>");
            cell(sb, s.getReceived());
            cell(sb, s.getDispatched());
            cell(sb, s.getDropped());
            cell(sb, s.getMalformed());
            cell(sb, s.getQueued());
            cell(sb, s.getReconnects());
            cell(sb, s.getGaps());
            cell(sb, s.getRecoveredObjects() + s.getRecoveredCommands());
            sb.append("<td class=\"kiipush-link\">").append(link(s)).append("</td>");
        }
        sb.append("<td>").append(buttons(v)).append("</td></tr>\n");
    }

    private static String attempt(SessionStatus s) {
        return s.getAttempt() > 0 && s.getState() != SessionState.CONNECTED ? " (attempt " + s.getAttempt() + ")" : "";
    }

    private String lastError(SessionStatus s) {
        if (s.getLastError() == null) {
            return "none";
        }
        String kind = s.getLastErrorKind() == null ? "" : s.getLastErrorKind().name() + ": ";
        String text = Escape.html(kind + s.getLastError()) + "<br/><small>" + Escape.html(Times.format(s.getLastErrorAt(), now))
                + "</small>";
        if (s.isLastErrorCurrent()) {
            return "<span class=\"kiipush-error-current ui-state-error\">" + text + "</span>";
        }
        return "<span class=\"kiipush-error-resolved\"><b>resolved</b> " + text + "</span>";
    }

    private static String link(SessionStatus s) {
        StringBuilder sb = new StringBuilder();
        detail(sb, "broker", s.getBroker());
        detail(sb, "client id", s.getClientId());
        detail(sb, "MQTT user", s.getUsername());
        detail(sb, "identity", s.getIdentity());
        detail(sb, "installation", s.getInstallationId());
        detail(sb, "app", s.getAppId());
        detail(sb, "site", s.getSite());
        return sb.length() == 0 ? "-" : sb.toString();
    }

    private static void detail(StringBuilder sb, String label, String value) {
        if (value != null && !value.isEmpty()) {
            if (sb.length() > 0) {
                sb.append("<br/>");
            }
            sb.append(label).append(": ").append(Escape.html(value));
        }
    }

    private static void cell(StringBuilder sb, long value) {
        sb.append("<td class=\"number\">").append(value).append("</td>");
    }

    private String buttons(ConnectionView v) {
        boolean stopped = v.status() != null && v.status().getState() == SessionState.STOPPED;
        String id = Escape.html(v.connection());
        return "<form method=\"post\" action=\"" + Escape.html(base) + "\" style=\"display:inline\">"
                + "<input type=\"hidden\" name=\"connection\" value=\"" + id + "\"/>"
                + "<button type=\"submit\" name=\"action\" value=\"connect\" class=\"ui-button\">Connect</button> "
                + "<button type=\"submit\" name=\"action\" value=\"disconnect\" class=\"ui-button\""
                + (stopped ? " disabled=\"disabled\"" : "") + ">Disconnect</button></form>";
    }

    private void recent(StringBuilder sb, ConnectionView v) {
        String id = Escape.html(v.connection());
        sb.append("<h3>Recent notifications of ").append(id).append("</h3>\n");
        List<RecentNotification> recent = v.recent();
        if (recent.isEmpty()) {
            sb.append("<p class=\"kiipush-recent-none\">None since this page's bundle started.</p>\n");
            return;
        }
        sb.append("<table class=\"nicetable kiipush-recent\" data-connection=\"").append(id).append("\">\n<thead><tr>")
                .append("<th>Received</th><th>Kind</th><th>Type</th><th>About</th><th>Raw JSON</th></tr></thead>\n<tbody>\n");
        for (RecentNotification n : recent) {
            sb.append("<tr><td>").append(Escape.html(Times.format(n.receivedAt(), now))).append("</td>")
                    .append("<td>").append(Escape.html(n.kind())).append(n.recovered() ? " <i>recovered</i>" : "").append("</td>")
                    .append("<td>").append(Escape.html(n.type())).append("</td>")
                    .append("<td>").append(Escape.html(n.subject())).append("</td>")
                    .append("<td><code>").append(Escape.html(n.raw())).append(n.rawCut() ? " [...]" : "")
                    .append("</code></td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }
}
