package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.net.URLEncoder;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.Test;
import org.ops4j.pax.exam.Option;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.WebConsole;
import io.kiipush.gateway.itests.support.WebConsole.Response;

/**
 * Issue 14, part 6: the web console's "Kii Push" page (bundle io.kiipush.gateway.console) over real HTTP, with the
 * Felix HTTP service (Jetty) and Web Console in the framework. A thing connects to the emulator and receives a bucket
 * event; the page shows the connection CONNECTED with its counters and the notification, the JSON view agrees;
 * Disconnect (POST) stops the session and the page says STOPPED; Connect brings it back to CONNECTED. An unknown
 * connection is a 404 that names the known ones, a POST from another site's page is refused (403), the page asks for a
 * login, and neither the app key nor the thing's password is ever on it.
 */
public class ConsolePluginIT extends GatewayItest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    protected Option options() {
        return composite(super.options(), WebConsole.options());
    }

    @Test(timeout = 120_000)
    public void thePageShowsTheConnectionAndItsButtonsDisconnectAndConnectIt() throws Exception {
        String thingPassword = "console-pw-" + UUID.randomUUID();
        Map<String, Object> thing = Gateway.thing(kii, "it-console-thing", thingPassword);
        thing.put("subscriptions.buckets", new String[] { "console-bucket" });
        gateway.configure(thing, Gateway.fastSession());
        gateway.awaitConnected();
        String connection = gateway.session().getConnection();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            kii.createObject("console-bucket", Collections.singletonMap("n", 1));
            return gateway.session().getStatus().getDispatched() > 0;
        });

        String page = WebConsole.baseUrl(context, WAIT) + "/system/console/kiipush";
        assertEquals("the page asks for a login", 401, WebConsole.get(page, null).status);

        // CONNECTED, with the counters and the notification
        JsonObject c = awaitState(page, connection, "CONNECTED");
        JsonObject counters = c.getAsJsonObject("counters");
        assertTrue(c.toString(), counters.get("received").getAsLong() >= 1);
        assertTrue(c.toString(), counters.get("dispatched").getAsLong() >= 1);
        assertEquals(c.toString(), "BUCKET_EVENT", c.getAsJsonArray("recent").get(0).getAsJsonObject().get("kind").getAsString());
        Response html = WebConsole.get(page, WebConsole.LOGIN);
        assertEquals(html.toString(), 200, html.status);
        String row = "<tr class=\"kiipush-connection\" data-connection=\"" + connection + "\"><td class=\"kiipush-id\">"
                + connection + "</td><td class=\"kiipush-state\">CONNECTED</td>";
        assertTrue(html.body, html.body.contains(row));
        assertTrue(html.body, html.body.contains("<td class=\"number\">" + counters.get("received").getAsLong() + "</td>"));
        assertTrue(html.body, html.body.contains("bucket console-bucket / object "));
        assertTrue("the web console's frame: its navigation lists the plugin", html.body.contains(">Kii Push</a>"));

        // an unknown connection: 404 naming the known ones, nothing done
        Response unknown = WebConsole.post(page, WebConsole.LOGIN, "action=disconnect&connection=no-such-connection");
        assertEquals(unknown.toString(), 404, unknown.status);
        assertTrue(unknown.body, unknown.body.contains("no Kii connection 'no-such-connection'; the connections are: " + connection));
        assertEquals(SessionState.CONNECTED, gateway.session().getStatus().getState());

        // a button pressed on another site's page (the browser resends the login): refused, nothing done
        Response crossSite = WebConsole.post(page, WebConsole.LOGIN, form("disconnect", connection), "http://evil.example/page");
        assertEquals(crossSite.toString(), 403, crossSite.status);
        assertEquals(SessionState.CONNECTED, gateway.session().getStatus().getState());

        // Disconnect, as the page's own button sends it: 303 back to the page, STOPPED
        Response disconnect = WebConsole.post(page, WebConsole.LOGIN, form("disconnect", connection), page);
        assertEquals(disconnect.toString(), 303, disconnect.status);
        assertTrue(disconnect.location, disconnect.location.endsWith("/system/console/kiipush"));
        awaitState(page, connection, "STOPPED");
        html = WebConsole.get(page, WebConsole.LOGIN);
        assertTrue(html.body, html.body.contains("<td class=\"kiipush-state\">STOPPED</td>"));
        assertTrue(html.body, html.body.contains("value=\"disconnect\" class=\"ui-button\" disabled=\"disabled\""));
        assertEquals(SessionState.STOPPED, gateway.session().getStatus().getState());

        // Connect: CONNECTED again
        Response connect = WebConsole.post(page, WebConsole.LOGIN, form("connect", connection));
        assertEquals(connect.toString(), 303, connect.status);
        awaitState(page, connection, "CONNECTED");
        html = WebConsole.get(page, WebConsole.LOGIN);
        assertTrue(html.body, html.body.contains(row));

        // no secret on the page or in the JSON
        String json = WebConsole.get(page + "/status.json", WebConsole.LOGIN).body;
        for (String secret : new String[] { kii.appKey(), thingPassword }) {
            assertFalse("a secret on the page", html.body.contains(secret));
            assertFalse("a secret in the JSON", json.contains(secret));
        }
    }

    private static String form(String action, String connection) throws Exception {
        return "action=" + action + "&connection=" + URLEncoder.encode(connection, "UTF-8");
    }

    // The connection's entry of status.json once it is in this state.
    private static JsonObject awaitState(String page, String connection, String state) {
        AtomicReference<String> last = new AtomicReference<>();
        AtomicReference<JsonObject> found = new AtomicReference<>();
        try {
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                Response r = WebConsole.get(page + "/status.json", WebConsole.LOGIN);
                last.set(r.toString());
                if (r.status != 200) {
                    return false;
                }
                for (com.google.gson.JsonElement e : JsonParser.parseString(r.body).getAsJsonObject().getAsJsonArray("connections")) {
                    JsonObject c = e.getAsJsonObject();
                    if (connection.equals(c.get("connection").getAsString()) && state.equals(c.get("state").getAsString())) {
                        found.set(c);
                        return true;
                    }
                }
                return false;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(connection + " not " + state + " on the page within " + WAIT + "; last answer: " + last.get(), e);
        }
        return found.get();
    }
}
