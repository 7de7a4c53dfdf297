package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;
import io.kiipush.gateway.itests.support.LogCapture;

/**
 * Scenario 9 (issue 4): no secret ever reaches the log. Everything the framework logs (SLF4J at TRACE, which the
 * embedded Paho also logs through, java.util.logging at FINEST, System.out and System.err) is captured while the gateway onboards as a thing and as
 * a user, connects, subscribes, receives pushes, has its MQTT credentials revoked and refreshed, and reconnects after
 * a dropped connection. Then none of the app key, the thing and user passwords, the access tokens and the MQTT
 * credentials (read back from the emulator and from the gateway's own state files) may appear in it, nor in the
 * session events and status, nor in any service property (what consoles list); the app ID, the MQTT topic and Paho's own lines must appear (the capture works).
 */
public class SecretsIT extends GatewayItest {

    private Events events;
    private LogCapture capture;

    @Before
    public void setUp() {
        capture = LogCapture.start(context);
        events = listen(PushEvents.TOPIC_ROOT + "/*");
    }

    // Before GatewayItest deletes the configurations: every assertion reads the capture inside the test method.
    @After
    public void tearDown() {
        capture.close();
    }

    @Test(timeout = 150_000)
    public void noSecretIsEverLoggedThroughOnboardingPushesRevocationAndReconnects() throws Exception {
        assertEquals("the capture is at the most verbose level", "TRACE", capture.paxLevel());
        Map<String, String> secrets = new LinkedHashMap<>();
        List<String> dataDirs = new ArrayList<>();
        secrets.put("app key", kii.appKey());

        // ---- thing mode: onboarding, connect, subscribe, pushes
        String thingPassword = "thing-pw-" + UUID.randomUUID();
        secrets.put("thing password", thingPassword);
        Map<String, Object> thing = Gateway.thing(kii, "it-secrets-thing", thingPassword);
        thing.put("subscriptions.buckets", new String[] { "secrets-bucket" });
        dataDirs.add((String) thing.get("dataDir"));
        gateway.configure(thing, Gateway.fastSession());
        SessionStatus connected = gateway.awaitConnected();
        String thingTopic = connected.getClientId();
        awaitSubscribed();
        String objectId = kii.createObject("secrets-bucket", Collections.singletonMap("t", 1));
        assertEquals(objectId, events.await(1, PushEvents.TOPIC_BUCKET_EVENT_PREFIX + "DATA_OBJECT_CREATED").get(0)
                .getProperty(PushEvents.PROP_OBJECT_ID));
        String thingInstallation = installationOf(thingTopic);
        String thingId = ownerOf(thingInstallation);
        kii.pushToThing(thingId, Collections.singletonMap("note", "to the thing"));
        events.await(1, PushEvents.TOPIC_DIRECT_PUSH);
        collectEndpoint(secrets, thingInstallation, "thing");

        // ---- credentials revoked: refused (CONNACK 5), refreshed, connected again
        long reconnects = gateway.session().getStatus().getReconnects();
        kii.revokeCredentials(thingInstallation);
        awaitReconnected(reconnects);
        collectEndpoint(secrets, thingInstallation, "thing after revoke");

        // ---- a dropped connection: reconnect
        reconnects = gateway.session().getStatus().getReconnects();
        kii.dropConnections();
        awaitReconnected(reconnects);
        gateway.session().reconnect(); // kii:reconnect
        awaitReconnected(reconnects + 1);
        kii.pushToThing(thingId, Collections.singletonMap("note", "after the reconnects"));
        events.await(2, PushEvents.TOPIC_DIRECT_PUSH);

        // ---- user mode: login, installation, topic subscription, a topic message
        String userPassword = "user-pw-" + UUID.randomUUID();
        secrets.put("user password", userPassword);
        Kii.Account user = kii.registerUser("it-secrets-user", userPassword);
        secrets.put("user's access token (from registration)", user.token);
        kii.createTopic("secrets-news");
        Map<String, Object> userMode = Gateway.site(kii);
        userMode.put("identity.mode", "USER");
        userMode.put("user.username", "it-secrets-user");
        userMode.put("user.password", userPassword);
        userMode.put("subscriptions.topics", new String[] { "secrets-news" });
        dataDirs.add((String) userMode.get("dataDir"));
        gateway.configureOnboarding(userMode);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            SessionStatus s = gateway.statusOrNull();
            return s != null && s.getState() == SessionState.CONNECTED && !thingTopic.equals(s.getClientId());
        });
        String userTopic = gateway.session().getStatus().getClientId();
        awaitSubscribed();
        kii.sendTopicMessage("secrets-news", Collections.singletonMap("headline", "for the user"));
        events.await(1, PushEvents.TOPIC_TOPIC_MESSAGE);
        collectEndpoint(secrets, installationOf(userTopic), "user");
        collectStateFiles(secrets, dataDirs);

        // ---- the verdict
        String log = capture.text();
        StringBuilder haystack = new StringBuilder(log);
        for (Event e : events.onTopic(PushEvents.TOPIC_STATE_CHANGED)) {
            for (String name : e.getPropertyNames()) {
                haystack.append('\n').append(name).append('=').append(e.getProperty(name));
            }
        }
        haystack.append('\n').append(gateway.session().getStatus());
        // What consoles list (the web console's Services page, Gogo's inspect): every service property in the framework.
        int onboardingServices = 0;
        for (org.osgi.framework.ServiceReference<?> ref : context.getAllServiceReferences(null, null)) {
            for (String key : ref.getPropertyKeys()) {
                Object value = ref.getProperty(key);
                haystack.append("\nservice ").append(key).append('=')
                        .append(value instanceof Object[] ? Arrays.deepToString((Object[]) value) : String.valueOf(value));
            }
            if ("io.kiipush.gateway.Onboarding".equals(ref.getProperty("service.pid"))) {
                onboardingServices++;
            }
        }
        assertEquals("the onboarding's services, found by their plain service.pid", 1, onboardingServices);

        // Positive controls: the capture saw the gateway's own verbose lines, Paho's, and non-secret identifiers.
        assertTrue("captured " + log.length() + " chars", log.length() > 10_000);
        assertTrue("the gateway's DEBUG/TRACE lines are captured", log.contains("io.kiipush.gateway [") && (log.contains("] DEBUG :")
                || log.contains("] TRACE :")));
        assertTrue("Paho's own logging is captured", log.contains("[org.eclipse.paho.client.mqttv3."));
        assertTrue("the app ID is logged (not a secret)", log.contains(kii.appId()));
        assertTrue("the thing's MQTT topic is logged (not a secret)", log.contains(thingTopic));
        assertTrue("the user's MQTT topic is logged (not a secret)", log.contains(userTopic));
        assertTrue("revocation happened: " + secrets.keySet(), secrets.keySet().stream().anyMatch(k -> k.contains("after revoke")));

        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> s : secrets.entrySet()) {
            assertTrue("secret '" + s.getKey() + "' is long enough to search for", s.getValue().length() >= 6);
            int at = haystack.indexOf(s.getValue());
            if (at >= 0) {
                int from = Math.max(0, haystack.lastIndexOf("\n", at) + 1);
                int to = haystack.indexOf("\n", at);
                leaks.add(s.getKey() + " in: " + haystack.substring(from, to < 0 ? haystack.length() : to)
                        .replace(s.getValue(), "<" + s.getKey() + ">"));
            }
        }
        if (!leaks.isEmpty()) {
            fail(leaks.size() + " of " + secrets.size() + " secrets leaked:\n" + String.join("\n", leaks));
        }
    }

    // ------------------------------------------------------------------ helpers

    private void awaitSubscribed() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> !gateway.subscriptions().list().isEmpty() && gateway.subscriptions().list().stream()
                        .allMatch(s -> s.getState() == SubscriptionStatus.State.SUBSCRIBED));
    }

    private void awaitReconnected(long reconnectsBefore) {
        SessionStatus[] last = new SessionStatus[1];
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                last[0] = gateway.statusOrNull();
                return last[0] != null && last[0].getState() == SessionState.CONNECTED && last[0].getReconnects() > reconnectsBefore;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not reconnected (reconnects was " + reconnectsBefore + "): " + last[0], e);
        }
    }

    private String installationOf(String mqttTopic) {
        for (JsonObject i : kii.installations()) {
            if (mqttTopic.equals(i.get("mqttTopic").getAsString())) {
                return i.get("installationID").getAsString();
            }
        }
        throw new AssertionError("no installation with MQTT topic " + mqttTopic + ": " + kii.installations());
    }

    private String ownerOf(String installationId) {
        for (JsonObject i : kii.installations()) {
            if (installationId.equals(i.get("installationID").getAsString())) {
                String owner = i.get("owner").getAsString();
                return owner.substring(owner.indexOf(':') + 1);
            }
        }
        throw new AssertionError(installationId);
    }

    // The MQTT credentials the emulator currently holds for an installation.
    private void collectEndpoint(Map<String, String> secrets, String installationId, String who) {
        JsonObject ep = kii.endpointOf(installationId);
        secrets.put("MQTT username (" + who + ")", ep.get("username").getAsString());
        secrets.put("MQTT password (" + who + ")", ep.get("password").getAsString());
    }

    // Every token and password the gateway saved in its state files (the access tokens it obtained itself).
    private void collectStateFiles(Map<String, String> secrets, List<String> dirs) {
        int found = 0;
        for (String dir : dirs) {
            try (Stream<Path> files = Files.walk(Paths.get(dir))) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                    JsonElement json;
                    try {
                        json = JsonParser.parseString(text);
                    } catch (RuntimeException notJson) {
                        continue;
                    }
                    found += collect(secrets, f.getFileName().toString(), "", json);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue("the state files hold access tokens: " + secrets.keySet(), found >= 2);
    }

    private static int collect(Map<String, String> secrets, String file, String path, JsonElement e) {
        int n = 0;
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                String key = m.getKey().toLowerCase(java.util.Locale.ROOT);
                JsonElement v = m.getValue();
                if ((key.contains("token") || key.contains("password") || key.equals("username")) && v.isJsonPrimitive()
                        && v.getAsString().length() >= 6) {
                    secrets.put("state " + file + " " + path + m.getKey(), v.getAsString());
                    n++;
                } else {
                    n += collect(secrets, file, path + m.getKey() + ".", v);
                }
            }
        }
        return n;
    }
}
