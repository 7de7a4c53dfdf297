package io.kiipush.gateway.internal.session;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.kiipush.gateway.Gap;
import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.internal.recovery.GapTally;

/** Recovered notifications and gaps go through the dispatcher's queue: order, marker, dedupe, counters. */
public class DispatcherRecoveryTest {

    private Dispatcher dispatcher;
    private final List<Object> seen = new CopyOnWriteArrayList<>();

    @After
    public void tearDown() {
        if (dispatcher != null) {
            dispatcher.stop(2000);
        }
    }

    private void start() {
        dispatcher = new Dispatcher(new SessionSettings(true, 60, 30, 1000, 120_000, 30, 0, 100, 1 << 20, 4096),
                () -> 42L, "test-dispatch");
        dispatcher.addListener(new PushNotificationListener() {
            @Override
            public void onNotification(PushNotification n) {
                seen.add(n);
            }

            @Override
            public void onGap(Gap gap) {
                seen.add(gap);
            }
        });
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String object(String id, long modified) {
        return "{\"origin\":\"EVENT\",\"objectScopeType\":\"APP\",\"bucketID\":\"sensors\",\"objectID\":\"" + id
                + "\",\"type\":\"DATA_OBJECT_UPDATED\",\"when\":" + modified + ",\"modifiedAt\":" + modified + "}";
    }

    @Test(timeout = 10_000)
    public void recoveredNotificationsAreMarkedDedupedAndFollowedByTheirGap() {
        start();
        dispatcher.accept(json("{\"origin\":\"EVENT\",\"objectScopeType\":\"APP\",\"bucketID\":\"sensors\","
                + "\"objectID\":\"o1\",\"type\":\"DATA_OBJECT_UPDATED\",\"when\":5000}"), true);
        dispatcher.accept(json("{\"commandID\":\"c1\",\"actions\":[]}"), true);
        GapTally tally = GapTally.of(1000, 6000, false, Gap.Reason.RECONNECT, Gap.CatchUp.COMPLETE);
        dispatcher.recovered(json(object("o1", 4000)), tally); // older than the live event: duplicate
        dispatcher.recovered(json(object("o2", 4000)), tally);
        dispatcher.recovered(json("{\"commandID\":\"c1\",\"actions\":[]}"), tally); // delivered live
        dispatcher.recovered(json("{\"commandID\":\"c2\",\"actions\":[]}"), tally);
        dispatcher.recovered(json(object("o2", 4000)), tally); // recovered twice
        dispatcher.gap(tally);

        await().atMost(5, TimeUnit.SECONDS).until(() -> seen.size() == 5);
        List<String> order = new ArrayList<>();
        for (Object o : seen) {
            if (o instanceof Gap) {
                order.add("gap");
            } else {
                PushNotification n = (PushNotification) o;
                order.add((n.isRecovered() ? "recovered " : "live ")
                        + (n.getKind() == NotificationKind.COMMAND ? n.getCommandId() : n.getObjectId()));
            }
        }
        assertEquals(List.of("live o1", "live c1", "recovered o2", "recovered c2", "gap"), order);
        PushNotification o2 = (PushNotification) seen.get(2);
        assertEquals(0, o2.getSequence());
        assertEquals(42L, o2.getReceivedAt());
        assertTrue(o2.toString().contains("recovered"));
        Gap gap = (Gap) seen.get(4);
        assertEquals(1, gap.getRecoveredObjects());
        assertEquals(1, gap.getRecoveredCommands());
        assertEquals(3, gap.getDuplicates());
        assertEquals(Gap.CatchUp.COMPLETE, gap.getCatchUp());
        assertEquals(List.of(1L, 1L, 1L, 3L), toList(dispatcher.recoveryCounters()));
        assertEquals("recovered notifications are outside the received/dispatched invariant", 2, dispatcher.received());
        assertEquals(2, dispatcher.dispatched());
        assertEquals(0, dispatcher.recoveredBacklog());
    }

    @Test(timeout = 10_000)
    public void liveNotificationsAreNeverSuppressed() {
        start();
        GapTally tally = GapTally.of(1000, 6000, false, Gap.Reason.RECONNECT, Gap.CatchUp.COMPLETE);
        dispatcher.recovered(json("{\"commandID\":\"c1\",\"actions\":[]}"), tally);
        dispatcher.accept(json("{\"commandID\":\"c1\",\"actions\":[]}"), true);
        await().atMost(5, TimeUnit.SECONDS).until(() -> seen.size() == 2);
        assertTrue(((PushNotification) seen.get(0)).isRecovered());
        assertFalse(((PushNotification) seen.get(1)).isRecovered());
    }

    private static List<Long> toList(long[] values) {
        List<Long> out = new ArrayList<>();
        for (long v : values) {
            out.add(v);
        }
        return out;
    }
}
