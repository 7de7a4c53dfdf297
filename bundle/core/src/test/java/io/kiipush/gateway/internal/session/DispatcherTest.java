package io.kiipush.gateway.internal.session;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;

public class DispatcherTest {

    private Dispatcher dispatcher;

    @After
    public void tearDown() {
        if (dispatcher != null) {
            dispatcher.stop(2000);
        }
    }

    @Test(timeout = 10_000)
    public void deliversParsedNotificationsInReceiveOrderWithSequenceNumbers() {
        dispatcher = new Dispatcher(settings(100, 1 << 20, 4096), () -> 1234L, "test-dispatch");
        Recorder r = new Recorder();
        dispatcher.addListener(r);
        for (int i = 0; i < 50; i++) {
            dispatcher.accept(json("{\"topic\":\"t\",\"n\":" + i + "}"), true);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> r.notifications.size() == 50);
        for (int i = 0; i < 50; i++) {
            PushNotification n = r.notifications.get(i);
            assertEquals((long) i, n.getData().get("n"));
            assertEquals(i + 1, n.getSequence());
            assertEquals(1234L, n.getReceivedAt());
            assertEquals(NotificationKind.TOPIC_MESSAGE, n.getKind());
        }
        assertCounters(50, 50, 0, 0);
    }

    @Test(timeout = 10_000)
    public void countsMalformedAndOversizedPayloadsAndTellsTheListeners() {
        dispatcher = new Dispatcher(settings(100, 1 << 20, 64), System::currentTimeMillis, "test-dispatch");
        Recorder r = new Recorder();
        dispatcher.addListener(r);
        dispatcher.accept(json("not json"), true);
        dispatcher.accept(new byte[65], true);
        dispatcher.accept(json("{}"), false);
        dispatcher.accept(json("{\"ok\":1}"), true);
        await().atMost(5, TimeUnit.SECONDS).until(() -> r.malformed.size() == 3 && r.notifications.size() == 1);
        assertTrue(r.malformed.contains("larger than 64 bytes"));
        assertTrue(r.malformed.contains("arrived on an unexpected MQTT topic"));
        assertTrue(r.malformed.stream().anyMatch(m -> m.startsWith("not JSON")));
        assertCounters(4, 1, 0, 3);
    }

    @Test(timeout = 10_000)
    public void dropsAndCountsWhenTheQueueIsFullThenRecovers() throws Exception {
        dispatcher = new Dispatcher(settings(10, 1 << 20, 4096), System::currentTimeMillis, "test-dispatch");
        CountDownLatch release = new CountDownLatch(1);
        Recorder r = new Recorder() {
            @Override
            public void onNotification(PushNotification n) {
                awaitQuietly(release);
                super.onNotification(n);
            }
        };
        dispatcher.addListener(r);
        for (int i = 0; i < 100; i++) {
            dispatcher.accept(json("{\"n\":" + i + "}"), true);
        }
        // One message is being delivered (blocked), ten wait in the queue, the rest are dropped.
        assertEquals(100, dispatcher.received());
        assertTrue(dispatcher.dropped() >= 89);
        release.countDown();
        await().atMost(5, TimeUnit.SECONDS).until(() -> dispatcher.queued() == 0 && dispatcher.dispatched() == 100 - dispatcher.dropped());
        dispatcher.accept(json("{\"n\":100}"), true);
        await().atMost(5, TimeUnit.SECONDS).until(() -> dispatcher.dispatched() == 101 - dispatcher.dropped());
        assertEquals(dispatcher.received(), dispatcher.dispatched() + dispatcher.dropped() + dispatcher.malformed() + dispatcher.queued());
    }

    @Test(timeout = 10_000)
    public void theByteBudgetBoundsTheQueueToo() {
        dispatcher = new Dispatcher(settings(1000, 4096, 4096), System::currentTimeMillis, "test-dispatch");
        // No listener: everything waits in the queue.
        byte[] big = json("{\"k\":\"" + new String(new char[1990]).replace('\0', 'x') + "\"}");
        dispatcher.accept(big, true);
        dispatcher.accept(big, true);
        dispatcher.accept(big, true);
        assertEquals(2, dispatcher.queued());
        assertEquals(1, dispatcher.dropped());
    }

    @Test(timeout = 10_000)
    public void holdsMessagesWhileNoListenerIsRegistered() {
        dispatcher = new Dispatcher(settings(100, 1 << 20, 4096), System::currentTimeMillis, "test-dispatch");
        for (int i = 0; i < 5; i++) {
            dispatcher.accept(json("{\"n\":" + i + "}"), true);
        }
        await().pollDelay(200, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() -> true);
        assertEquals(0, dispatcher.dispatched());
        Recorder late = new Recorder();
        dispatcher.addListener(late);
        await().atMost(5, TimeUnit.SECONDS).until(() -> late.notifications.size() == 5);
        assertCounters(5, 5, 0, 0);
    }

    @Test(timeout = 10_000)
    public void aThrowingListenerNeitherStopsTheOthersNorTheDispatcher() {
        dispatcher = new Dispatcher(settings(100, 1 << 20, 4096), System::currentTimeMillis, "test-dispatch");
        dispatcher.addListener(n -> {
            throw new IllegalStateException("boom");
        });
        Recorder r = new Recorder();
        dispatcher.addListener(r);
        for (int i = 0; i < 3; i++) {
            dispatcher.accept(json("{\"n\":" + i + "}"), true);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> r.notifications.size() == 3);
        assertCounters(3, 3, 0, 0);
    }

    @Test(timeout = 30_000)
    public void anUnboundListenerThatThrewIsNotKeptAlive() {
        dispatcher = new Dispatcher(settings(100, 1 << 20, 4096), System::currentTimeMillis, "test-dispatch");
        Recorder after = new Recorder();
        WeakReference<PushNotificationListener> thrower = addThrowingListener();
        dispatcher.addListener(after);
        dispatcher.accept(json("{\"n\":1}"), true);
        // Listeners are called in order: once the second one has it, the first one has thrown.
        await().atMost(5, TimeUnit.SECONDS).until(() -> after.notifications.size() == 1);
        dispatcher.removeListener(thrower.get());
        // A consumer bundle that unbinds its listener must not stay reachable (with its class loader) through us.
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            System.gc();
            return thrower.get() == null;
        });
    }

    private WeakReference<PushNotificationListener> addThrowingListener() {
        PushNotificationListener l = new PushNotificationListener() {
            @Override
            public void onNotification(PushNotification n) {
                throw new IllegalStateException("boom");
            }
        };
        dispatcher.addListener(l);
        return new WeakReference<>(l);
    }

    @Test(timeout = 10_000)
    public void stateChangesReachTheListenersInOrderWithMessages() {
        dispatcher = new Dispatcher(settings(100, 1 << 20, 4096), System::currentTimeMillis, "test-dispatch");
        Recorder r = new Recorder();
        dispatcher.addListener(r);
        dispatcher.stateChanged(SessionStatus.builder(SessionState.CONNECTED).build(), SessionState.CONNECTING);
        dispatcher.accept(json("{\"n\":1}"), true);
        dispatcher.stateChanged(SessionStatus.builder(SessionState.BACKING_OFF).build(), SessionState.CONNECTED);
        await().atMost(5, TimeUnit.SECONDS).until(() -> r.events.size() == 3);
        assertEquals("[CONNECTING->CONNECTED, message, CONNECTED->BACKING_OFF]", r.events.toString());
    }

    @Test(timeout = 10_000)
    public void stopCountsUndeliveredMessagesAsDroppedAndEndsTheThread() {
        dispatcher = new Dispatcher(settings(100, 1 << 20, 4096), System::currentTimeMillis, "test-stop-dispatch");
        for (int i = 0; i < 7; i++) {
            dispatcher.accept(json("{\"n\":" + i + "}"), true);
        }
        dispatcher.stop(2000);
        assertCounters(7, 0, 7, 0);
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("test-stop-dispatch")));
        dispatcher = null;
    }

    private void assertCounters(long received, long dispatched, long dropped, long malformed) {
        await().atMost(5, TimeUnit.SECONDS).until(() -> dispatcher.dispatched() == dispatched);
        assertEquals("received", received, dispatcher.received());
        assertEquals("dispatched", dispatched, dispatcher.dispatched());
        assertEquals("dropped", dropped, dispatcher.dropped());
        assertEquals("malformed", malformed, dispatcher.malformed());
        assertEquals("queued", 0, dispatcher.queued());
    }

    private static SessionSettings settings(int capacity, long maxBytes, int payloadMax) {
        return new SessionSettings(true, 60, 30, 1000, 120_000, 30, 0, capacity, Math.max(maxBytes, payloadMax), payloadMax);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static class Recorder implements PushNotificationListener {
        final List<PushNotification> notifications = new CopyOnWriteArrayList<>();
        final List<String> malformed = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onNotification(PushNotification n) {
            notifications.add(n);
            events.add("message");
        }

        @Override
        public void onSessionStateChanged(SessionStatus status, SessionState previous) {
            events.add(previous + "->" + status.getState());
        }

        @Override
        public void onMalformed(String reason, int sizeBytes, long receivedAt) {
            malformed.add(reason);
        }
    }
}
