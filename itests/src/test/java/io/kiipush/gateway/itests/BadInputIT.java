package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.FuzzPayloads;
import io.kiipush.gateway.itests.support.FuzzPayloads.Outcome;
import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;
import io.kiipush.gateway.itests.support.MqttPublisher;

/**
 * Scenario 8 (issue 4): bad input never breaks the gateway.
 * <ul>
 * <li>10,000 deterministic fuzzed and mutated payloads published on the gateway's own MQTT topic by the emulator's
 * privileged publisher: the session stays CONNECTED, every payload is counted exactly where the documented rules put
 * it, the real EventHandler gets exactly the valid ones and a MALFORMED event for each rejected one.</li>
 * <li>A bad value for every field of both metatype forms: the session reports FAILED / CONFIGURATION naming the field,
 * nothing connects and nothing is asked of Kii; the corrected configuration connects again.</li>
 * </ul>
 */
public class BadInputIT extends GatewayItest {

    private static final long SEED = 0x4B11_F022L;
    private static final int PAYLOADS = 10_000;
    private static final int MAX_BYTES = 8192;
    private static final int WINDOW_MESSAGES = 32;
    private static final int WINDOW_BYTES = 24 * 1024;

    private Events events;

    @Before
    public void setUp() {
        events = listen(PushEvents.TOPIC_ROOT + "/*");
    }

    // ------------------------------------------------------------------ a) fuzzed payloads

    @Test(timeout = 120_000)
    public void tenThousandFuzzedPayloadsAreCountedExactlyAndNeverBreakTheSession() {
        Map<String, Object> session = Gateway.fastSession();
        session.put("payload.maxBytes", MAX_BYTES);
        // Room for every payload at once, so nothing is dropped whatever the pacing: drops must be exactly 0.
        session.put("queue.capacity", PAYLOADS + 100);
        session.put("queue.maxBytes", 256L * 1024 * 1024);
        gateway.configure(Gateway.thing(kii, "it-fuzz-thing", "fuzz-pass"), session);
        SessionStatus before = gateway.awaitConnected();
        String mqttTopic = mqttTopicOf(before.getClientId());

        FuzzPayloads fuzz = new FuzzPayloads(SEED, MAX_BYTES);
        List<byte[]> payloads = fuzz.generate(PAYLOADS);
        Map<Outcome, Integer> expected = fuzz.tally(payloads);
        // The generator must exercise every outcome in earnest, or the exact counts below prove little.
        assertTrue(expected.toString(), expected.get(Outcome.VALID) > 1500);
        assertTrue(expected.toString(), expected.get(Outcome.MALFORMED) > 3000);
        assertTrue(expected.toString(), expected.get(Outcome.OVERSIZED) > 200);
        Map<String, Integer> expectedKinds = new TreeMap<>();
        for (byte[] p : payloads) {
            if (fuzz.outcome(p) == Outcome.VALID) {
                expectedKinds.merge(FuzzPayloads.kind(p), 1, Integer::sum);
            }
        }
        assertEquals("all four kinds among the valid payloads: " + expectedKinds, 4, expectedKinds.size());

        events.clear();
        long base = before.getReceived();
        long reconnectsBefore = before.getReconnects();
        try (MqttPublisher publisher = MqttPublisher.connectPrivileged(kii, "itest-fuzz-publisher")) {
            for (int i = 0; i < payloads.size(); i++) {
                awaitWindow(payloads, i, base);
                publisher.publish(mqttTopic, payloads.get(i));
                if (i % 1000 == 999) {
                    assertEquals("still CONNECTED after " + (i + 1) + " payloads", SessionState.CONNECTED,
                            gateway.session().getStatus().getState());
                }
            }
        }

        int expectedValid = expected.get(Outcome.VALID);
        int expectedRejected = expected.get(Outcome.MALFORMED) + expected.get(Outcome.OVERSIZED);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        SessionStatus after;
        while (true) {
            after = gateway.session().getStatus();
            boolean counted = after.getReceived() - base == PAYLOADS && after.getQueued() == 0
                    && after.getDispatched() + after.getMalformed() + after.getDropped() - base == PAYLOADS;
            int pushEvents = events.matching(e -> e.getTopic().startsWith(PushEvents.TOPIC_PUSH_PREFIX)).size();
            int malformedEvents = events.onTopic(PushEvents.TOPIC_MALFORMED).size();
            if (counted && pushEvents >= expectedValid && malformedEvents >= expectedRejected) {
                break;
            }
            if (System.nanoTime() > deadline) {
                fail("gateway did not account for all " + PAYLOADS + " payloads within 60 s: " + after + "; push events "
                        + pushEvents + ", MALFORMED events " + malformedEvents + "; expected " + expected);
            }
            sleepQuietly(50);
        }

        // Counters: exact, and the invariant holds.
        assertEquals(after.toString(), SessionState.CONNECTED, after.getState());
        assertEquals("no reconnect: " + after, reconnectsBefore, after.getReconnects());
        assertEquals(after.toString(), (long) PAYLOADS, after.getReceived() - base);
        assertEquals(after.toString(), (long) expectedValid, after.getDispatched() - before.getDispatched());
        assertEquals("oversized payloads count as malformed (docs/session.md): " + after, (long) expectedRejected,
                after.getMalformed() - before.getMalformed());
        assertEquals(after.toString(), 0L, after.getDropped() - before.getDropped());
        assertEquals(after.toString(), after.getReceived(), after.getDispatched() + after.getDropped() + after.getMalformed());
        assertTrue("no state change during the fuzz run: " + events.onTopic(PushEvents.TOPIC_STATE_CHANGED),
                events.onTopic(PushEvents.TOPIC_STATE_CHANGED).isEmpty());

        // The real EventHandler got exactly the valid payloads: each event's kii.seq points at the payload it carries.
        List<Event> pushes = events.matching(e -> e.getTopic().startsWith(PushEvents.TOPIC_PUSH_PREFIX));
        assertEquals((long) expectedValid, pushes.size());
        Set<Long> seen = new TreeSet<>();
        Map<String, Integer> kinds = new TreeMap<>();
        for (Event e : pushes) {
            long seq = (Long) e.getProperty(PushEvents.PROP_SEQUENCE);
            int index = (int) (seq - base - 1);
            assertTrue("sequence " + seq + " outside this run", index >= 0 && index < PAYLOADS);
            assertTrue("duplicate event for sequence " + seq, seen.add(seq));
            byte[] payload = payloads.get(index);
            assertEquals("payload " + index + " was dispatched: " + e.getProperty(PushEvents.PROP_RAW), Outcome.VALID,
                    fuzz.outcome(payload));
            assertEquals("payload " + index, new String(payload, StandardCharsets.UTF_8), e.getProperty(PushEvents.PROP_RAW));
            String kind = FuzzPayloads.kind(payload);
            assertEquals("payload " + index + " " + e.getProperty(PushEvents.PROP_RAW), kind, e.getProperty(PushEvents.PROP_KIND));
            assertTrue(e.getTopic(), e.getTopic().startsWith(PushEvents.TOPIC_PUSH_PREFIX + kind));
            kinds.merge(kind, 1, Integer::sum);
        }
        assertEquals(expectedKinds, kinds);

        // One MALFORMED event per rejected payload, with its size; oversized ones say so.
        List<Event> malformed = events.onTopic(PushEvents.TOPIC_MALFORMED);
        assertEquals((long) expectedRejected, malformed.size());
        Map<Integer, Integer> expectedSizes = new TreeMap<>();
        for (byte[] p : payloads) {
            if (fuzz.outcome(p) != Outcome.VALID) {
                expectedSizes.merge(p.length, 1, Integer::sum);
            }
        }
        Map<Integer, Integer> sizes = new TreeMap<>();
        int tooLarge = 0;
        for (Event e : malformed) {
            int size = ((Number) e.getProperty(PushEvents.PROP_SIZE)).intValue();
            sizes.merge(size, 1, Integer::sum);
            String reason = (String) e.getProperty(PushEvents.PROP_REASON);
            assertNotNull(reason);
            if (reason.equals("larger than " + MAX_BYTES + " bytes")) {
                tooLarge++;
                assertTrue(size + " " + reason, size > MAX_BYTES);
            }
        }
        assertEquals(expectedSizes, sizes);
        assertEquals((long) expected.get(Outcome.OVERSIZED), tooLarge);

        // Still usable afterwards: a real push from Kii arrives.
        events.clear();
        kii.pushToThing(ownerId(), java.util.Collections.singletonMap("after", "fuzz"));
        assertEquals("fuzz", events.await(1, PushEvents.TOPIC_DIRECT_PUSH).get(0).getProperty(PushEvents.PROP_DATA_PREFIX + "after"));
        assertEquals(reconnectsBefore, gateway.session().getStatus().getReconnects());
    }

    // ------------------------------------------------------------------ b) bad configuration values

    /** One bad value of one field, with whatever else it needs (e.g. the identity mode it applies to). */
    private static final class BadValue {
        final String pid;
        final String field;
        final Object value;
        final Map<String, Object> with = new HashMap<>();

        BadValue(String pid, String field, Object value, Object... alsoSet) {
            this.pid = pid;
            this.field = field;
            this.value = value;
            for (int i = 0; i < alsoSet.length; i += 2) {
                with.put((String) alsoSet[i], alsoSet[i + 1]);
            }
        }

        @Override
        public String toString() {
            return field + "=" + (value instanceof String[] ? Arrays.toString((String[]) value) : "'" + value + "'") + " " + with;
        }
    }

    private static final String O = Gateway.ONBOARDING_PID;
    private static final String S = Gateway.SESSION_PID;

    private static List<BadValue> badValues() {
        List<BadValue> t = new ArrayList<>();
        // Kii Push Onboarding
        t.add(new BadValue(O, "site", "MARS"));
        t.add(new BadValue(O, "site.url", "ftp://localhost/kii"));
        t.add(new BadValue(O, "site.url", "http://user:secret@localhost:1"));
        t.add(new BadValue(O, "app.id", "bad app id!"));
        t.add(new BadValue(O, "app.key", ""));
        t.add(new BadValue(O, "identity.mode", "ROBOT"));
        t.add(new BadValue(O, "thing.vendorThingId", "bad vendor id!"));
        t.add(new BadValue(O, "thing.id", "bad thing id!", "thing.vendorThingId", ""));
        t.add(new BadValue(O, "thing.password", ""));
        t.add(new BadValue(O, "thing.layoutPosition", "SIDEWAYS"));
        t.add(new BadValue(O, "thing.owner", "bob", "thing.ownerToken", "owner-token"));
        t.add(new BadValue(O, "thing.ownerToken", "", "thing.owner", "user:u-1"));
        t.add(new BadValue(O, "user.username", "", "identity.mode", "USER", "user.password", "pw"));
        t.add(new BadValue(O, "user.password", "", "identity.mode", "USER", "user.username", "someone"));
        t.add(new BadValue(O, "token.value", "", "identity.mode", "TOKEN", "token.owner", "user:u-1"));
        t.add(new BadValue(O, "token.owner", "nobody", "identity.mode", "TOKEN", "token.value", "tok"));
        t.add(new BadValue(O, "mqttApi.broker", "http://localhost:1", "identity.mode", "MQTT_API"));
        t.add(new BadValue(O, "mqtt.transport", "PIGEON"));
        t.add(new BadValue(O, "mqtt.webSocketPath", "no-leading-slash"));
        t.add(new BadValue(O, "tls.caFile", "/nonexistent/kii-ca.pem"));
        t.add(new BadValue(O, "http.connectTimeoutMs", 99));
        t.add(new BadValue(O, "http.connectTimeoutMs", "soon"));
        t.add(new BadValue(O, "http.readTimeoutMs", 300_001));
        t.add(new BadValue(O, "endpoint.maxWaitSec", 0));
        t.add(new BadValue(O, "dataDir", "relative/state"));
        t.add(new BadValue(O, "subscriptions.buckets", new String[] { "x" }));
        t.add(new BadValue(O, "subscriptions.topics", new String[] { "bad topic!" }));
        // Kii Push Session
        t.add(new BadValue(S, "keepAliveSec", 4));
        t.add(new BadValue(S, "keepAliveSec", 65_536));
        t.add(new BadValue(S, "keepAliveSec", "often"));
        t.add(new BadValue(S, "connectTimeoutSec", 601));
        t.add(new BadValue(S, "backoff.initialMs", 99L));
        t.add(new BadValue(S, "backoff.maxMs", 150L));
        t.add(new BadValue(S, "backoff.resetAfterSec", -1));
        t.add(new BadValue(S, "startDelayMaxMs", 600_001L));
        t.add(new BadValue(S, "queue.capacity", 0));
        t.add(new BadValue(S, "queue.maxBytes", 100L));
        t.add(new BadValue(S, "payload.maxBytes", 15));
        t.add(new BadValue(S, "catchup.maxWindowSeconds", 0L));
        t.add(new BadValue(S, "catchup.pageSize", 1001));
        t.add(new BadValue(S, "catchup.pageSize", "many"));
        return t;
    }

    /**
     * Fields for which no value is invalid once Config Admin and DS have coerced it: Booleans (any text becomes
     * {@code false}) and free-text fields the gateway passes to Kii unchanged.
     */
    private static final Set<String> NO_INVALID_VALUE = new TreeSet<>(Arrays.asList("enabled", "tls.verifyHostname",
            "installation.development", "thing.type", "thing.firmwareVersion", "catchup.enabled"));

    @Test(timeout = 170_000)
    public void aBadValueOfEveryFieldFailsNamingItConnectsNothingAndTheFixRecovers() {
        List<BadValue> table = badValues();
        assertEveryMetatypeFieldCovered(table);

        Map<String, Object> goodOnboarding = Gateway.thing(kii, "it-bad-config", "bad-config-pass");
        Map<String, Object> goodSession = Gateway.fastSession();
        // Each recovery below is a reconnect, i.e. a gap: its catch-up calls (HTTPS, in the background) would land
        // in the next case's "Kii was asked nothing" check. Off, the gap is still reported; CatchUpIT covers it.
        goodSession.put("catchup.enabled", false);
        gateway.configure(goodOnboarding, goodSession);
        gateway.awaitConnected();

        List<String> failures = new ArrayList<>();
        for (BadValue bad : table) {
            Map<String, Object> onboarding = new HashMap<>(goodOnboarding);
            Map<String, Object> session = new HashMap<>(goodSession);
            Map<String, Object> target = bad.pid.equals(O) ? onboarding : session;
            target.putAll(bad.with);
            target.put(bad.field, bad.value);
            awaitNoCallsToKii(Duration.ofMillis(300)); // what the previous, good configuration still did
            kii.clearRequests();
            if (bad.pid.equals(O)) {
                gateway.configureOnboarding(onboarding);
            } else {
                gateway.configureSession(session);
            }
            try {
                SessionStatus failed = awaitFailedNaming(bad.field, Duration.ofSeconds(10));
                assertEquals(bad + ": " + failed, ErrorKind.CONFIGURATION, failed.getLastErrorKind());
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                        .until(() -> kii.connectedClients().isEmpty());
                if (bad.field.equals("site.url") && String.valueOf(bad.value).contains("@")) {
                    assertTrue("the user-info of site.url is never echoed: " + failed.getLastError(),
                            !failed.getLastError().contains("secret"));
                }
            } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
                failures.add(bad + ": " + e.getMessage());
            }
            List<JsonObject> requests = kii.requests(null, ".*");
            if (!requests.isEmpty()) {
                failures.add(bad + ": Kii was asked " + requests);
            }
            if (!kii.connectedClients().isEmpty()) {
                failures.add(bad + ": MQTT clients connected " + kii.connectedClients());
            }

            // The corrected configuration recovers.
            if (bad.pid.equals(O)) {
                gateway.configureOnboarding(goodOnboarding);
            } else {
                gateway.configureSession(goodSession);
            }
            try {
                gateway.awaitState(SessionState.CONNECTED, Duration.ofSeconds(20));
            } catch (AssertionError e) {
                failures.add(bad + ": no recovery: " + e.getMessage());
                // Start the next case from a clean slate.
                gateway.deleteConfigurations();
                gateway.configure(goodOnboarding, goodSession);
                gateway.awaitConnected();
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + table.size() + " bad values misbehaved:\n" + String.join("\n", failures));
        }
    }

    // Waits until Kii was asked nothing for `quiet` (at most 10 s): background calls of the good configuration are over.
    private void awaitNoCallsToKii(Duration quiet) {
        int[] seen = { -1 };
        long[] since = { System.nanoTime() };
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            int now = kii.requests(null, ".*").size();
            if (now != seen[0]) {
                seen[0] = now;
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] >= quiet.toNanos();
        });
    }

    // Waits for FAILED with an error that names the field, and returns that status.
    private SessionStatus awaitFailedNaming(String field, Duration within) {
        SessionStatus[] last = new SessionStatus[1];
        try {
            org.awaitility.Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> {
                last[0] = gateway.statusOrNull();
                return last[0] != null && last[0].getState() == SessionState.FAILED && last[0].getLastError() != null
                        && last[0].getLastError().contains(field);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no FAILED status naming " + field + " within " + within + "; last status: "
                    + (last[0] == null ? "no PushSession service" : last[0].toString()));
        }
        return last[0];
    }

    // Every AD of both OCDs is either in the table or has no invalid value.
    private void assertEveryMetatypeFieldCovered(List<BadValue> table) {
        Set<String> covered = new TreeSet<>();
        for (BadValue b : table) {
            covered.add(b.field);
        }
        Set<String> missing = new TreeSet<>();
        for (String pid : new String[] { O, S }) {
            URL xml = gateway.bundle().getEntry("OSGI-INF/metatype/" + pid + ".xml");
            assertNotNull("metatype of " + pid, xml);
            Matcher m = Pattern.compile("<AD id=\"([^\"]+)\"").matcher(read(xml));
            int count = 0;
            while (m.find()) {
                count++;
                if (!covered.contains(m.group(1)) && !NO_INVALID_VALUE.contains(m.group(1))) {
                    missing.add(pid + "/" + m.group(1));
                }
            }
            assertTrue(pid + " has fields", count > 5);
        }
        assertTrue("fields without a bad value in the table: " + missing, missing.isEmpty());
    }

    // ------------------------------------------------------------------ helpers

    // The MQTT topic of the installation the session is connected with (Kii's client ID is that topic).
    private String mqttTopicOf(String clientId) {
        List<JsonObject> all = kii.installations();
        for (JsonObject i : all) {
            if (clientId.equals(i.get("mqttTopic").getAsString())) {
                return clientId;
            }
        }
        return all.get(all.size() - 1).get("mqttTopic").getAsString();
    }

    private String ownerId() {
        List<JsonObject> installations = kii.installations();
        String owner = installations.get(installations.size() - 1).get("owner").getAsString();
        return owner.substring(owner.indexOf(':') + 1);
    }

    /**
     * Paces the publisher. The broker delivers at QoS 0 (the gateway subscribes at 0) and Moquette drops a QoS 0
     * message when the subscriber's channel is not writable (more than Netty's 64 KiB write buffer pending), which the
     * gateway could never see or count. So at most {@link #WINDOW_MESSAGES} messages and {@link #WINDOW_BYTES} bytes
     * (this one included) may be on their way to the gateway: no loss before the gateway, and its own drops must be 0.
     */
    private void awaitWindow(List<byte[]> payloads, int next, long base) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            long received = gateway.session().getStatus().getReceived() - base;
            long bytes = payloads.get(next).length;
            for (long j = received; j < next; j++) {
                bytes += payloads.get((int) j).length;
            }
            if (next - received < WINDOW_MESSAGES && (bytes <= WINDOW_BYTES || received == next)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the gateway received " + received + " of " + next + " payloads and no more within 15 s: "
                        + gateway.session().getStatus());
            }
            Thread.yield();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms); // polling interval of a bounded wait, not a fixed delay
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String read(URL url) {
        try (InputStream in = url.openStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0;) {
                out.write(buf, 0, n);
            }
            return new String(out.toByteArray(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
