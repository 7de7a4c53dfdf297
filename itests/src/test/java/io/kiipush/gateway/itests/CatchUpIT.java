package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;

import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;

/**
 * Gap and catch-up (issue 15 §1–2) through EventAdmin: the broker is killed, objects are created and updated in two
 * subscribed buckets of different scopes and a Thing-IF command is sent while it is down; after the broker is back
 * the consumer gets every one of them once, marked {@code kii.recovered}, and exactly one {@code session/GAP} event
 * whose window covers the outage.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CatchUpIT {

    private static final String APP_BUCKET = "catchup-app";
    private static final String THING_BUCKET = "catchup-thing";
    private static final String PASSWORD = "catchup-pass";
    private static int things;

    @Inject
    private BundleContext context;

    private Kii kii;
    private Gateway gateway;
    private Events events;

    @Configuration
    public Option[] config() {
        return new Option[] { ItestSupport.gatewayOptions(CatchUpIT.class) };
    }

    @Before
    public void setUp() {
        kii = Kii.get();
        kii.clearRestFaults();
        gateway = new Gateway(context);
        events = Events.listen(context, PushEvents.TOPIC_ROOT + "/*", null);
    }

    @After
    public void tearDown() {
        kii.resumeBroker();
        events.close();
        gateway.deleteConfigurations();
        gateway.close();
    }

    @Test(timeout = 120_000)
    public void whatChangedWhileTheBrokerWasDownArrivesOnceRecoveredFollowedByOneGap() {
        String vendorThingId = "it-catchup-" + (++things);
        String thingId = kii.registerThing(vendorThingId, PASSWORD).id;
        String owner = kii.registerUser("it-catchup-owner-" + things, "owner-pass").id;
        Map<String, Object> onboarding = Gateway.thing(kii, vendorThingId, PASSWORD);
        onboarding.put("subscriptions.buckets", new String[] { APP_BUCKET, "thing/" + THING_BUCKET });
        gateway.configure(onboarding, Gateway.fastSession());
        gateway.awaitState(SessionState.CONNECTED, Duration.ofSeconds(30));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gateway.subscriptions().list().stream()
                .filter(s -> s.getState() == SubscriptionStatus.State.SUBSCRIBED).count() == 2);

        String live = kii.createObject(APP_BUCKET, Collections.singletonMap("n", 0));
        events.await(1, e -> live.equals(e.getProperty(PushEvents.PROP_OBJECT_ID)), Duration.ofSeconds(15));
        assertEquals("no gap for the first connection of a brand-new identity", 0, gaps().size());
        SessionStatus before = gateway.statusOrNull();

        kii.killBroker(8);
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> gateway.statusOrNull().getState() != SessionState.CONNECTED);
        long downSeenAt = System.currentTimeMillis();
        String a = kii.createObject(APP_BUCKET, Collections.singletonMap("n", 1));
        String b = kii.createObject(APP_BUCKET, Collections.singletonMap("n", 2));
        kii.patchObject(APP_BUCKET, a, Collections.singletonMap("n", 11));
        kii.patchObject(APP_BUCKET, live, Collections.singletonMap("n", 10));
        String m = kii.createThingObject(thingId, THING_BUCKET, Collections.singletonMap("kwh", 7));
        String command = kii.sendCommand(thingId, owner, "[{\"turnPower\":{\"power\":true}}]");
        long changesDoneAt = System.currentTimeMillis();

        events.await(1, e -> e.getTopic().equals(PushEvents.TOPIC_GAP), Duration.ofSeconds(40));
        Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);

        List<Event> gaps = gaps();
        assertEquals("exactly one gap: " + gaps, 1, gaps.size());
        Event gap = gaps.get(0);
        long start = (Long) gap.getProperty(PushEvents.PROP_GAP_START);
        long end = (Long) gap.getProperty(PushEvents.PROP_GAP_END);
        assertEquals("RECONNECT", gap.getProperty(PushEvents.PROP_GAP_REASON));
        assertEquals("COMPLETE", gap.getProperty(PushEvents.PROP_GAP_CATCH_UP));
        assertTrue("the window starts after the first link subscribed and before the outage was seen: " + start,
                start >= before.getConnectedSince() && start <= downSeenAt);
        assertTrue("the window ends after the changes: " + end, end >= changesDoneAt);

        List<Event> recovered = events.matching(e -> Boolean.TRUE.equals(e.getProperty(PushEvents.PROP_RECOVERED)));
        Map<String, Integer> times = new HashMap<>();
        for (Event e : recovered) {
            String id = e.getTopic().equals(PushEvents.TOPIC_COMMAND) ? (String) e.getProperty(PushEvents.PROP_COMMAND_ID)
                    : (String) e.getProperty(PushEvents.PROP_OBJECT_ID);
            times.merge(id, 1, Integer::sum);
        }
        Set<String> expected = new TreeSet<>(java.util.Arrays.asList(a, b, live, m, command));
        assertEquals("recovered: " + describe(recovered), expected, new TreeSet<>(times.keySet()));
        assertTrue("once each: " + times, times.values().stream().allMatch(n -> n == 1));
        assertEquals(4L, gap.getProperty(PushEvents.PROP_GAP_RECOVERED_OBJECTS));
        assertEquals(1L, gap.getProperty(PushEvents.PROP_GAP_RECOVERED_COMMANDS));
        Event updated = recovered.stream().filter(e -> a.equals(e.getProperty(PushEvents.PROP_OBJECT_ID))).findFirst()
                .get();
        assertEquals(PushEvents.TOPIC_BUCKET_EVENT_PREFIX + "DATA_OBJECT_UPDATED", updated.getTopic());
        Event thingScoped = recovered.stream().filter(e -> m.equals(e.getProperty(PushEvents.PROP_OBJECT_ID)))
                .findFirst().get();
        assertEquals(PushEvents.TOPIC_BUCKET_EVENT_PREFIX + "DATA_OBJECT_CREATED", thingScoped.getTopic());
        assertEquals(thingId, thingScoped.getProperty(PushEvents.PROP_SCOPE_THING_ID));
        int gapIndex = events.all().indexOf(gap);
        assertTrue("the gap follows its recovered notifications",
                recovered.stream().allMatch(e -> events.all().indexOf(e) < gapIndex));

        SessionStatus after = gateway.statusOrNull();
        assertEquals(1, after.getGaps());
        assertEquals(4, after.getRecoveredObjects());
        assertEquals(1, after.getRecoveredCommands());
        assertEquals(0, after.getCatchUpFailures());
        System.out.println("CatchUpIT [" + ItestSupport.FRAMEWORK + "]: gap " + (end - start) + " ms, recovered "
                + after.getRecoveredObjects() + " objects and " + after.getRecoveredCommands() + " command(s), "
                + after.getDuplicatesSuppressed() + " duplicate(s) suppressed, gaps " + after.getGaps());
    }

    private List<Event> gaps() {
        return events.onTopic(PushEvents.TOPIC_GAP);
    }

    private static String describe(List<Event> list) {
        return list.stream().map(e -> e.getTopic() + " " + e.getProperty(PushEvents.PROP_OBJECT_ID) + " "
                + e.getProperty(PushEvents.PROP_COMMAND_ID)).collect(Collectors.joining(", "));
    }
}
