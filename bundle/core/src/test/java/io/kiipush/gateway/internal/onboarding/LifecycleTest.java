package io.kiipush.gateway.internal.onboarding;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.RefreshReason;
import io.kiipush.gateway.internal.endpoint.Transport;
import io.kiipush.gateway.internal.onboarding.KiiModel.Reply;

/** Activation with a bad configuration, @Modified, deactivation, and the diagnostics lines. */
public class LifecycleTest extends AgainstKiiStub {

    private final AtomicInteger invalidations = new AtomicInteger();

    private OnboardingComponent start(Map<String, Object> c) {
        component = rig.start(c);
        component.addInvalidationListener(invalidations::incrementAndGet);
        return component;
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    private static boolean onboardingThreadAlive() {
        return liveThreads().stream().anyMatch(t -> t.getName().startsWith("kii-onboarding"));
    }

    // ------------------------------------------------------------------ invalid configuration

    @Test
    public void invalidConfigurationActivatesButEveryAcquireFailsWithAllProblems() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("app.id", "");
        c.put("mqtt.transport", "CARRIER_PIGEON");
        start(c);

        OnboardingException e = Fixtures.failure(component.acquire());
        assertEquals(ErrorKind.CONFIGURATION, e.getKind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("the Kii onboarding configuration is invalid: "));
        assertTrue(e.getMessage(), e.getMessage().contains("app.id is required"));
        assertTrue(e.getMessage(), e.getMessage().contains("mqtt.transport 'CARRIER_PIGEON' is not one of"));
        assertEquals(ErrorKind.CONFIGURATION,
                Fixtures.failure(component.refresh(null, RefreshReason.TTL_EXPIRED)).getKind());

        SubscriptionStatus s = component.subscribe(Subscription.parse("bucket:b1"));
        assertEquals(SubscriptionStatus.State.FAILED, s.getState());
        assertEquals("CONFIGURATION", s.getErrorCode());
        assertTrue(component.list().isEmpty());
        assertEquals("nothing is contacted", 0, stub.requests.size());

        List<String> lines = component.describe();
        assertTrue(lines.toString(), lines.contains("configuration problem: app.id is required: enter the application "
                + "ID from the Kii developer portal"));
        assertTrue(lines.toString(), lines.contains("MQTT transport: invalid"));
        assertFalse(lines.toString(), lines.toString().contains("null"));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("last onboarding error: CONFIGURATION")));
    }

    @Test
    public void diagnosticsOfAnUnusableSiteSayWhatToFix() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("site", "MARS");
        start(c);
        List<String> lines = component.describe();
        assertTrue(lines.toString(), lines.contains("REST base URL: none: choose a valid Site (site)"));
        assertFalse(lines.toString(), lines.toString().contains("null"));
    }

    @Test
    public void fixingTheConfigurationNotifiesAndOnboards() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("app.key", "");
        start(c);
        Fixtures.failure(component.acquire());

        component.reconfigure(TestConfig.of(Fixtures.thing(stub, dir)));

        assertEquals(1, invalidations.get());
        assertEquals("thing:th.vt-1", Fixtures.get(component.acquire()).getIdentity());
        assertTrue(component.describe().contains("last onboarding error: none"));
    }

    // ------------------------------------------------------------------ @Modified

    @Test
    public void identityChangeNotifiesAndSwitchesToTheNewIdentitysState() throws Exception {
        start(Fixtures.thing(stub, dir));
        ConnectTarget first = Fixtures.get(component.acquire());
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("thing.vendorThingId", "vt-2");

        component.reconfigure(TestConfig.of(c));

        assertEquals(1, invalidations.get());
        ConnectTarget second = Fixtures.get(component.acquire());
        assertEquals("thing:th.vt-2", second.getIdentity());
        assertFalse(first.sameConnection(second));
        assertEquals(2, stub.count("POST", ".*/onboardings"));
        try (Stream<Path> files = Files.list(dir)) {
            // Not counting an atomic write's temporary file (".state-....tmp"), there while a write is under way.
            assertEquals("one state file per identity", 2, files.filter(p -> !p.getFileName().toString().startsWith("."))
                    .count());
        }
    }

    @Test
    public void connectionChangeNotifiesButKeepsTheEndpoint() throws Exception {
        start(Fixtures.thing(stub, dir));
        ConnectTarget first = Fixtures.get(component.acquire());
        int calls = stub.requests.size();
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("mqtt.transport", "TCP");

        component.reconfigure(TestConfig.of(c));

        assertEquals(1, invalidations.get());
        ConnectTarget second = Fixtures.get(component.acquire());
        assertEquals(calls, stub.requests.size());
        assertTrue(first.getEndpoint().sameConnection(second.getEndpoint()));
        assertEquals(Transport.TCP, second.getTransport());
    }

    @Test
    public void timeoutsAndSubscriptionsChangeQuietlyAndApplyToTheNextCall() throws Exception {
        start(Fixtures.user(stub, dir));
        ConnectTarget t = Fixtures.get(component.acquire());
        Map<String, Object> c = Fixtures.user(stub, dir);
        c.put("http.readTimeoutMs", 300);
        c.put("endpoint.maxWaitSec", 2);
        c.put("installation.development", true);
        c.put("subscriptions.buckets", new String[] { "b1" });

        component.reconfigure(TestConfig.of(c));

        assertEquals("no invalidation", 0, invalidations.get());
        await().atMost(10, TimeUnit.SECONDS).until(() -> stub.count("PUT", ".*/buckets/b1/.*") == 1);
        stub.enqueue("GET", ".*/mqtt-endpoint", Reply.hang());
        long started = System.nanoTime();
        OnboardingException e = Fixtures.failure(component.refresh(t, RefreshReason.TTL_EXPIRED));
        assertTrue(e.getMessage(), e.getMessage().contains("within 300 ms: check the network, or raise "
                + "HTTP read timeout (ms) (http.readTimeoutMs)"));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 3000);
    }

    @Test
    public void removedListenersAreNotCalled() throws Exception {
        start(Fixtures.thing(stub, dir));
        AtomicInteger other = new AtomicInteger();
        Runnable listener = other::incrementAndGet;
        component.addInvalidationListener(listener);
        component.addInvalidationListener(() -> {
            throw new IllegalStateException("a broken listener does not stop the others");
        });
        component.removeInvalidationListener(listener);
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("mqtt.transport", "WS");
        component.reconfigure(TestConfig.of(c));
        assertEquals(0, other.get());
        assertEquals(1, invalidations.get());
    }

    // ------------------------------------------------------------------ deactivation

    @Test
    public void deactivationFailsPendingWorkAndStopsEveryThreadItStarted() throws Exception {
        stub.enqueue("POST", ".*/onboardings", Reply.hang());
        Set<Thread> before = liveThreads();
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("http.readTimeoutMs", 30000);
        start(c);
        CompletableFuture<ConnectTarget> pending = component.acquire();
        await().atMost(10, TimeUnit.SECONDS).until(() -> stub.count("POST", ".*/onboardings") == 1);
        assertTrue("named worker thread", liveThreads().stream().anyMatch(t -> t.getName().equals("kii-onboarding-1")
                && t.isDaemon()));

        long started = System.nanoTime();
        rig.stop(component);
        OnboardingException e = Fixtures.failure(pending);

        assertEquals(ErrorKind.TRANSIENT, e.getKind());
        assertEquals("onboarding stopped", e.getMessage());
        assertTrue("no wait for the 30 s read timeout", (System.nanoTime() - started) / 1_000_000 < 20_000);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !onboardingThreadAlive());
        Set<String> added = new HashSet<>();
        for (Thread t : liveThreads()) {
            // The stub's and Awaitility's own threads are test infrastructure, not the component's.
            if (!before.contains(t) && !t.getName().startsWith("kii-stub-") && !t.getName().startsWith("awaitility")) {
                added.add(t.getName());
            }
        }
        assertTrue("threads left behind: " + added, added.isEmpty());
    }

    @Test
    public void deactivationDuringTheEndpointWaitFailsThePendingFuture() throws Exception {
        stub.always("GET", ".*/mqtt-endpoint", r -> Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "wait"));
        Map<String, Object> c = Fixtures.user(stub, dir);
        c.put("endpoint.maxWaitSec", 60);
        start(c);
        CompletableFuture<ConnectTarget> pending = component.acquire();
        await().atMost(10, TimeUnit.SECONDS).until(() -> stub.count("GET", ".*/mqtt-endpoint") >= 2);

        rig.stop(component);

        assertEquals("onboarding stopped", Fixtures.failure(pending).getMessage());
        int requests = stub.count("GET", ".*/mqtt-endpoint");
        await().atMost(10, TimeUnit.SECONDS).until(() -> !onboardingThreadAlive());
        assertEquals("no retry after deactivation", requests, stub.count("GET", ".*/mqtt-endpoint"));
    }

    @Test
    public void afterDeactivationEverythingRefusesPolitely() throws Exception {
        OnboardingComponent stopped = start(Fixtures.thing(stub, dir));
        rig.stop(stopped);
        assertEquals("onboarding stopped", Fixtures.failure(stopped.acquire()).getMessage());
        SubscriptionStatus s = stopped.subscribe(Subscription.parse("bucket:b1"));
        assertEquals(SubscriptionStatus.State.FAILED, s.getState());
        assertEquals("STOPPED", s.getErrorCode());
    }

    // ------------------------------------------------------------------ diagnostics

    @Test
    public void diagnosticsDescribeTheStateWithoutSecrets() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("subscriptions.buckets", new String[] { "b1" });
        start(c);
        ConnectTarget t = Fixtures.get(component.acquire());
        await().atMost(10, TimeUnit.SECONDS).until(() -> stub.count("PUT", ".*/b1/.*") == 1);

        List<String> lines = component.describe();
        String all = String.join("\n", lines);
        String inst = t.getEndpoint().getInstallationId();
        assertTrue(all, lines.contains("mode: THING"));
        assertTrue(all, lines.contains("identity: vendorThingID 'vt-1'"));
        assertTrue(all, lines.contains("app ID: app1"));
        assertTrue(all, lines.contains("REST base URL: " + stub.baseUrl()));
        assertTrue(all, lines.contains("owner: thing:th.vt-1"));
        assertTrue(all, lines.contains("installation ID: " + inst));
        assertTrue(all, lines.contains("endpoint: host=" + KiiStub.MQTT_HOST + " tcp=1883 ssl=8883 ws=12470 wss=12473 "
                + "topic=topic-" + inst));
        assertTrue(all, lines.stream().anyMatch(l -> l.startsWith("endpoint expiry: never (fetched ")));
        assertTrue(all, lines.contains("state file: " + dir.resolve(
                Fixtures.settings(c).stateFileName())));
        assertTrue(all, lines.contains("token present: yes"));
        assertTrue(all, lines.contains("configuration problems: none"));
        assertTrue(all, lines.contains("last onboarding error: none"));
        assertFalse(all, all.contains("S3CRET"));
        assertFalse(all, all.contains(KiiStub.APP_KEY));
    }
}
