package io.kiipush.gateway.internal.onboarding;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.SubscriptionStatus.Origin;
import io.kiipush.gateway.SubscriptionStatus.State;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.RefreshReason;
import io.kiipush.gateway.internal.onboarding.KiiModel.Reply;

/** Kii-side bucket and topic subscriptions: paths, answers, configuration changes, runtime calls and restarts. */
public class SubscriptionsTest extends AgainstKiiStub {

    private static final String ME = "/subscriptions/things/th.vt-1";
    private static final String SENSORS = "/api/apps/app1/buckets/sensors/filters/all/push" + ME;
    private static final String INBOX = "/api/apps/app1/users/u9/buckets/inbox/filters/all/push" + ME;
    private static final String CMDS = "/api/apps/app1/things/th.vt-1/topics/cmds/push" + ME;
    private static final String ALERTS = "/api/apps/app1/groups/g1/topics/alerts/push" + ME;

    private Map<String, Object> config(String[] buckets, String[] topics) {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("subscriptions.buckets", buckets);
        c.put("subscriptions.topics", topics);
        return c;
    }

    private static SubscriptionStatus status(OnboardingComponent c, String subscription) {
        for (SubscriptionStatus s : c.list()) {
            if (s.getSubscription().toString().equals(subscription)) {
                return s;
            }
        }
        return null;
    }

    private static void awaitState(OnboardingComponent c, String subscription, State state) {
        await().atMost(15, TimeUnit.SECONDS).until(() -> {
            SubscriptionStatus s = status(c, subscription);
            return s != null && s.getState() == state;
        });
    }

    private Set<String> paths(String method) {
        Set<String> out = new HashSet<>();
        for (KiiModel.Req r : stub.requests(method, ".*/subscriptions/.*")) {
            out.add(r.path);
        }
        return out;
    }

    @Test
    public void configuredSubscriptionsAreAppliedAfterOnboardingWithTheRightPaths() throws Exception {
        component = rig.start(config(new String[] { "sensors", "user:u9/inbox" },
                new String[] { "thing/cmds", "group:g1/alerts" }));
        List<SubscriptionStatus> before = component.list();
        assertEquals(4, before.size());
        for (SubscriptionStatus s : before) {
            assertEquals(State.PENDING, s.getState());
            assertEquals(Origin.CONFIGURATION, s.getOrigin());
        }

        Fixtures.get(component.acquire());
        for (String s : new String[] { "bucket:app/sensors", "bucket:user:u9/inbox", "topic:thing/cmds",
                "topic:group:g1/alerts" }) {
            awaitState(component, s, State.SUBSCRIBED);
        }
        assertEquals(new HashSet<>(java.util.Arrays.asList(SENSORS, INBOX, CMDS, ALERTS)), paths("PUT"));
        KiiModel.Req put = stub.requests("PUT", SENSORS).get(0);
        assertTrue(put.header("Authorization").startsWith("Bearer tok-S3CRET-"));
    }

    @Test
    public void conflictIsSubscribedAndFailuresCarryKiisCode() throws Exception {
        stub.enqueue("PUT", SENSORS, Reply.error(409, "PUSH_SUBSCRIPTION_ALREADY_EXISTS", "exists"));
        stub.enqueue("PUT", INBOX, Reply.error(500, "UNDEFINED_ERROR", "boom"));
        stub.enqueue("PUT", CMDS, Reply.error(404, "TOPIC_NOT_FOUND", "Topic cmds not found"));
        stub.enqueue("PUT", ALERTS, Reply.of(500, ""));
        component = rig.start(config(new String[] { "sensors", "user:u9/inbox" },
                new String[] { "thing/cmds", "group:g1/alerts" }));
        ConnectTarget t = Fixtures.get(component.acquire());
        assertTrue("subscription failures never affect the session", t != null);

        awaitState(component, "bucket:app/sensors", State.SUBSCRIBED);
        awaitState(component, "bucket:user:u9/inbox", State.FAILED);
        awaitState(component, "topic:thing/cmds", State.FAILED);
        awaitState(component, "topic:group:g1/alerts", State.FAILED);
        SubscriptionStatus inbox = status(component, "bucket:user:u9/inbox");
        assertEquals("UNDEFINED_ERROR", inbox.getErrorCode());
        assertEquals("boom", inbox.getMessage());
        assertEquals("TOPIC_NOT_FOUND", status(component, "topic:thing/cmds").getErrorCode());
        assertEquals("HTTP_500", status(component, "topic:group:g1/alerts").getErrorCode());
        assertNull(status(component, "bucket:app/sensors").getErrorCode());
    }

    @Test
    public void failedSubscriptionsAreRetriedAfterTheNextRefresh() throws Exception {
        stub.enqueue("PUT", SENSORS, Reply.error(500, "UNDEFINED_ERROR", "boom"));
        component = rig.start(config(new String[] { "sensors" }, new String[0]));
        ConnectTarget t = Fixtures.get(component.acquire());
        awaitState(component, "bucket:app/sensors", State.FAILED);

        Fixtures.get(component.refresh(t, RefreshReason.TTL_EXPIRED));

        awaitState(component, "bucket:app/sensors", State.SUBSCRIBED);
        assertEquals(2, stub.count("PUT", SENSORS));
    }

    @Test
    public void aHangingSubscriptionNeverDelaysTheEndpoint() throws Exception {
        stub.enqueue("PUT", SENSORS, Reply.hang());
        Map<String, Object> c = config(new String[] { "sensors" }, new String[0]);
        c.put("http.readTimeoutMs", 1500);
        component = rig.start(c);
        Fixtures.get(component.acquire());
        await().atMost(5, TimeUnit.SECONDS).until(() -> stub.count("PUT", SENSORS) == 1);
        assertEquals(State.PENDING, status(component, "bucket:app/sensors").getState());

        awaitState(component, "bucket:app/sensors", State.FAILED);
        assertEquals("NETWORK", status(component, "bucket:app/sensors").getErrorCode());
        assertTrue(status(component, "bucket:app/sensors").getMessage().contains("http.readTimeoutMs"));
    }

    @Test
    public void removingAnEntryFromTheConfigurationUnsubscribesOnlyIt() throws Exception {
        component = rig.start(config(new String[] { "sensors" }, new String[] { "thing/cmds" }));
        Fixtures.get(component.acquire());
        awaitState(component, "bucket:app/sensors", State.SUBSCRIBED);
        awaitState(component, "topic:thing/cmds", State.SUBSCRIBED);

        component.reconfigure(TestConfig.of(config(new String[0], new String[] { "thing/cmds" })));

        await().atMost(10, TimeUnit.SECONDS).until(() -> stub.count("DELETE", SENSORS) == 1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> status(component, "bucket:app/sensors") == null);
        assertEquals(1, component.list().size());
        assertEquals(0, stub.count("DELETE", CMDS));
        assertEquals(1, stub.count("PUT", CMDS));
        assertTrue(!stub.isSubscribed(SENSORS) && stub.isSubscribed(CMDS));
    }

    @Test
    public void addingAnEntryToTheConfigurationSubscribesOnlyIt() throws Exception {
        component = rig.start(config(new String[] { "sensors" }, new String[0]));
        Fixtures.get(component.acquire());
        awaitState(component, "bucket:app/sensors", State.SUBSCRIBED);

        component.reconfigure(TestConfig.of(config(new String[] { "sensors" }, new String[] { "thing/cmds" })));

        awaitState(component, "topic:thing/cmds", State.SUBSCRIBED);
        assertEquals(1, stub.count("PUT", SENSORS));
    }

    @Test
    public void restartDoesNotResendConfirmedSubscriptionsButSendsNewOnes() throws Exception {
        component = rig.start(config(new String[] { "sensors" }, new String[] { "thing/cmds" }));
        Fixtures.get(component.acquire());
        awaitState(component, "bucket:app/sensors", State.SUBSCRIBED);
        awaitState(component, "topic:thing/cmds", State.SUBSCRIBED);
        rig.stop(component);

        OnboardingComponent restarted = rig.start(config(new String[] { "sensors" }, new String[] { "thing/cmds",
                "group:g1/alerts" }));
        Fixtures.get(restarted.acquire());
        awaitState(restarted, "topic:group:g1/alerts", State.SUBSCRIBED);

        assertEquals("not re-sent", 1, stub.count("PUT", SENSORS));
        assertEquals("not re-sent", 1, stub.count("PUT", CMDS));
        assertEquals(1, stub.count("PUT", ALERTS));
        assertEquals(State.SUBSCRIBED, status(restarted, "bucket:app/sensors").getState());
    }

    @Test
    public void runtimeSubscriptionIsPendingBeforeOnboardingThenAppliedAndSurvivesARestart() throws Exception {
        component = rig.start(config(new String[0], new String[0]));
        SubscriptionStatus pending = component.subscribe(Subscription.parse("topic:alerts"));
        assertEquals(State.PENDING, pending.getState());
        assertEquals(Origin.RUNTIME, pending.getOrigin());
        assertEquals(0, stub.requests.size());

        Fixtures.get(component.acquire());
        awaitState(component, "topic:app/alerts", State.SUBSCRIBED);
        rig.stop(component);

        OnboardingComponent restarted = rig.start(config(new String[0], new String[0]));
        SubscriptionStatus kept = status(restarted, "topic:app/alerts");
        assertEquals(State.SUBSCRIBED, kept.getState());
        assertEquals(Origin.RUNTIME, kept.getOrigin());
    }

    @Test
    public void runtimeSubscribeAndUnsubscribeCallKiiAtOnce() throws Exception {
        component = rig.start(config(new String[] { "sensors" }, new String[0]));
        Fixtures.get(component.acquire());
        awaitState(component, "bucket:app/sensors", State.SUBSCRIBED);

        SubscriptionStatus s = component.subscribe(Subscription.parse("bucket:group:g1/logs"));
        assertEquals(State.SUBSCRIBED, s.getState());
        assertTrue(stub.isSubscribed("/groups/g1/buckets/logs/filters/all/push" + ME));
        assertEquals("configured ones first", "bucket:app/sensors", component.list().get(0).getSubscription().toString());
        assertEquals(2, component.list().size());

        SubscriptionStatus u = component.unsubscribe(Subscription.parse("bucket:group:g1/logs"));
        assertEquals(State.UNSUBSCRIBED, u.getState());
        assertEquals(1, component.list().size());
        assertEquals(1, stub.count("DELETE", ".*/groups/g1/buckets/logs/.*"));

        SubscriptionStatus again = component.unsubscribe(Subscription.parse("bucket:group:g1/logs"));
        assertEquals("404 = was not subscribed = unsubscribed", State.UNSUBSCRIBED, again.getState());
    }

    @Test
    public void failedRuntimeUnsubscribeIsReportedAndRetriedLater() throws Exception {
        component = rig.start(config(new String[0], new String[0]));
        ConnectTarget t = Fixtures.get(component.acquire());
        component.subscribe(Subscription.parse("topic:alerts"));
        stub.enqueue("DELETE", ".*/topics/alerts/.*", Reply.error(500, "UNDEFINED_ERROR", "boom"));

        SubscriptionStatus failed = component.unsubscribe(Subscription.parse("topic:alerts"));
        assertEquals(State.FAILED, failed.getState());
        assertEquals("UNDEFINED_ERROR", failed.getErrorCode());

        Fixtures.get(component.refresh(t, RefreshReason.TTL_EXPIRED));
        await().atMost(10, TimeUnit.SECONDS).until(() -> stub.count("DELETE", ".*/topics/alerts/.*") == 2);
        assertTrue(!stub.isSubscribed("/topics/alerts/push" + ME));
    }

    @Test
    public void unsubscribingAConfiguredOneAtRuntimeKeepsItConfigured() throws Exception {
        component = rig.start(config(new String[] { "sensors" }, new String[0]));
        ConnectTarget t = Fixtures.get(component.acquire());
        awaitState(component, "bucket:app/sensors", State.SUBSCRIBED);

        SubscriptionStatus u = component.unsubscribe(Subscription.parse("bucket:sensors"));
        assertEquals(State.UNSUBSCRIBED, u.getState());
        assertEquals(Origin.CONFIGURATION, u.getOrigin());

        Fixtures.get(component.refresh(t, RefreshReason.TTL_EXPIRED));
        awaitState(component, "bucket:app/sensors", State.SUBSCRIBED);
        assertEquals(2, stub.count("PUT", SENSORS));
    }

    @Test
    public void unaddressableRuntimeSubscriptionFailsWithoutAnyCall() throws Exception {
        component = rig.start(config(new String[0], new String[0]));
        Fixtures.get(component.acquire());
        int calls = stub.requests.size();
        SubscriptionStatus s = component.subscribe(Subscription.parse("bucket:user/inbox"));
        assertEquals(State.FAILED, s.getState());
        assertEquals("CONFIGURATION", s.getErrorCode());
        assertTrue(s.getMessage(), s.getMessage().contains("write user:USER_ID/inbox"));
        assertEquals(calls, stub.requests.size());
        assertTrue(component.list().isEmpty());
    }

    @Test
    public void userIdentityIsTheSubscriberAndOwnsItsUserScope() throws Exception {
        Map<String, Object> c = Fixtures.user(stub, dir);
        c.put("subscriptions.buckets", new String[] { "user/inbox" });
        component = rig.start(c);
        Fixtures.get(component.acquire());
        awaitState(component, "bucket:user/inbox", State.SUBSCRIBED);
        assertEquals(1, stub.count("PUT",
                "/api/apps/app1/users/user-1/buckets/inbox/filters/all/push/subscriptions/users/user-1"));
    }
}
