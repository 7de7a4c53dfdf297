package io.kiipush.gateway.console;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collections;

import org.junit.Test;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;

public class HtmlPageTest {

    private static final long NOW = 1_060_000L;
    private final HtmlPage page = new HtmlPage("/system/console/kiipush", NOW);

    private static String render(HtmlPage page, SessionStatus status, String connection) {
        return page.render(Collections.singletonList(ConnectionView.of(connection, status, Collections.<RecentNotification>emptyList())));
    }

    @Test
    public void aConnectionRowShowsStateSinceCountersLinkAndButtons() {
        String html = page.render(Collections.singletonList(
                ConnectionView.of("kii-1", FakeSession.connected("kii-1").status, Collections.<RecentNotification>emptyList())));
        assertTrue(html, html.contains("<td class=\"kiipush-id\">kii-1</td><td class=\"kiipush-state\">CONNECTED</td>"));
        assertTrue(html, html.contains("1970-01-01 00:16:40Z (60 s ago)"));
        assertTrue(html, html.contains("<td class=\"number\">7</td><td class=\"number\">6</td>"));
        assertTrue(html, html.contains("broker: ssl://broker.example:8883"));
        assertTrue(html, html.contains("form method=\"post\" action=\"/system/console/kiipush\""));
        assertTrue(html, html.contains("value=\"disconnect\" class=\"ui-button\">Disconnect"));
        assertTrue(html, html.contains("href=\"/system/console/kiipush/status.json\""));
        assertTrue(html, html.contains("<td class=\"kiipush-error\">none</td>"));
    }

    @Test
    public void outsideTextIsEscapedEverywhere() {
        SessionStatus s = SessionStatus.builder(SessionState.FAILED).connection("x")
                .lastError(ErrorKind.AUTHENTICATION, "<script>alert(1)</script>", 1_000L).lastErrorCurrent(true).build();
        String html = render(page, s, "<b>x</b>");
        assertFalse(html, html.contains("<script>"));
        assertFalse(html, html.contains("<b>x</b>"));
        assertTrue(html, html.contains("AUTHENTICATION: &lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html, html.contains("value=\"&lt;b&gt;x&lt;/b&gt;\""));

        String withPayload = page.render(Collections.singletonList(ConnectionView.of("c", s, Arrays.asList(
                new RecentNotification(NOW, "TOPIC_MESSAGE", "<em>", "topic <t>", true, "{\"a\":\"</code><script>\"}")))));
        assertFalse(withPayload, withPayload.contains("<script>"));
        assertFalse(withPayload, withPayload.contains("<em>"));
        assertTrue(withPayload, withPayload.contains("<code>{&quot;a&quot;:&quot;&lt;/code&gt;&lt;script&gt;&quot;}</code>"));
        assertTrue(withPayload, withPayload.contains("TOPIC_MESSAGE <i>recovered</i>"));
    }

    @Test
    public void theLastErrorIsMarkedCurrentOrResolved() {
        SessionStatus.Builder b = SessionStatus.builder(SessionState.CONNECTED).connection("x")
                .lastError(ErrorKind.TRANSIENT, "connection lost", 1_000L);
        String current = render(page, b.lastErrorCurrent(true).build(), "x");
        assertTrue(current, current.contains("kiipush-error-current ui-state-error\">TRANSIENT: connection lost"));
        String resolved = render(page, b.lastErrorCurrent(false).build(), "x");
        assertTrue(resolved, resolved.contains("kiipush-error-resolved\"><b>resolved</b> TRANSIENT: connection lost"));
        assertFalse(resolved, resolved.contains("ui-state-error"));
    }

    @Test
    public void disconnectIsDisabledWhileStopped() {
        String html = render(page, SessionStatus.builder(SessionState.STOPPED).connection("x").build(), "x");
        assertTrue(html, html.contains("value=\"disconnect\" class=\"ui-button\" disabled=\"disabled\">"));
        assertTrue(html, html.contains("kiipush-state\">STOPPED</td>"));
    }

    @Test
    public void noConnectionSaysWhy() {
        String html = page.render(Collections.<ConnectionView>emptyList());
        assertTrue(html, html.contains("No Kii connection is running"));
        assertTrue(html, html.contains("0 Kii connections"));
    }

    @Test
    public void anUnavailableSessionSaysWhy() {
        String html = page.render(Collections.singletonList(
                ConnectionView.unavailable("x", "status not available: <boom>", Collections.<RecentNotification>emptyList())));
        assertTrue(html, html.contains("UNAVAILABLE"));
        assertTrue(html, html.contains("status not available: &lt;boom&gt;"));
    }
}
