package io.kiipush.gateway.kura.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraDisconnectException;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;

public class KiiEndpointTest {

    private static final String ID = Notifications.CONNECTION;

    @Rule
    public Timeout timeout = Timeout.seconds(20);

    private final FakeSession session = new FakeSession(ID, SessionState.CONNECTING);
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final DeliveryQueue delivery = new DeliveryQueue("kii-kura-test");
    private final KiiEndpoint endpoint = new KiiEndpoint(session, delivery,
            (topic, properties) -> events.add(topic + " " + properties), 2_000);
    private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

    @After
    public void stop() {
        assertTrue(delivery.stop(5_000));
    }

    @Test
    public void getInfoShowsKurasKeysTheKiiAccountStateAndCountersAndNothingElse() {
        session.status = SessionStatus.builder(SessionState.CONNECTED).connection(ID).since(1700000000000L)
                .endpoint("ssl://jp-mqtt.kii.com:8883", "client-1")
                .account("mqtt-user", "inst-1", "thing:th.1", "app-1", "JP")
                .counters(10, 9, 1, 2, 0).reconnects(3).recovery(4, 5, 6, 0, 0, null)
                .lastError(ErrorKind.TRANSIENT, "broker went away", 1699999999000L).lastErrorCurrent(false).build();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Broker URL", "ssl://jp-mqtt.kii.com:8883");
        expected.put("Username", "mqtt-user");
        expected.put("Client ID", "client-1");
        expected.put("Kii App ID", "app-1");
        expected.put("Kii Site", "JP");
        expected.put("Identity", "thing:th.1");
        expected.put("Installation ID", "inst-1");
        expected.put("State", "CONNECTED");
        expected.put("Since", "2023-11-14T22:13:20Z");
        expected.put("Received", "10");
        expected.put("Dispatched", "9");
        expected.put("Dropped", "1");
        expected.put("Malformed", "2");
        expected.put("Reconnects", "3");
        expected.put("Gaps", "4");
        expected.put("Recovered", "11");
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(endpoint.getInfo().entrySet()));
    }

    @Test
    public void getInfoShowsTheLastErrorOnlyWhileItIsCurrent() {
        session.status = SessionStatus.builder(SessionState.FAILED).connection(ID)
                .lastError(ErrorKind.AUTHENTICATION, "Kii refused the thing's password (401)", 1L)
                .lastErrorCurrent(true).build();
        assertEquals("AUTHENTICATION: Kii refused the thing's password (401)", endpoint.getInfo().get("Last error"));
        assertEquals("FAILED", endpoint.getInfo().get("State"));
        assertFalse("no broker yet", endpoint.getInfo().containsKey("Broker URL"));
        assertFalse("never since 0", endpoint.getInfo().containsKey("Since"));
        for (String key : endpoint.getInfo().keySet()) {
            String k = key.toLowerCase();
            assertFalse(key, k.contains("password") || k.contains("key") || k.contains("token") || k.contains("secret"));
        }
    }

    @Test
    public void publishSaysTheConnectionIsReceiveOnly() {
        try {
            endpoint.publish(new KuraMessage(new KuraPayload()));
            fail("published");
        } catch (KuraException e) {
            assertEquals(KuraErrorCode.OPERATION_NOT_SUPPORTED, e.getCode());
            assertTrue(e.getMessage(), e.getMessage().contains("receive-only"));
            assertTrue(e.getMessage(), e.getMessage().contains(ID));
        }
    }

    @Test
    public void enteringConnectedCallsListenersOffTheDispatchThreadAndPostsEstablished() throws Exception {
        endpoint.registerCloudConnectionListener(recorder());
        state(SessionState.CONNECTED);
        assertEquals("established on kii-kura-test", calls.poll(5, TimeUnit.SECONDS));
        assertEquals(List.of("org/eclipse/kura/cloud/CloudConnectionStatus/ESTABLISHED {cloud.service.pid=" + ID + "}"),
                events);
        assertTrue(endpoint.isConnected());
    }

    @Test
    public void aConnectedLinkLostIsConnectionLostAndAnOperatorsStopIsDisconnectedBothPostLost() throws Exception {
        endpoint.registerCloudConnectionListener(recorder());
        state(SessionState.CONNECTED);
        state(SessionState.BACKING_OFF);
        state(SessionState.CONNECTING);
        state(SessionState.CONNECTED);
        state(SessionState.STOPPED);
        state(SessionState.STOPPED);
        for (String expected : new String[] { "established", "lost", "established", "disconnected" }) {
            assertEquals(expected + " on kii-kura-test", calls.poll(5, TimeUnit.SECONDS));
        }
        assertNull(calls.poll(200, TimeUnit.MILLISECONDS));
        assertEquals(List.of("ESTABLISHED", "LOST", "ESTABLISHED", "LOST"),
                events.stream().map(e -> e.substring(e.lastIndexOf('/') + 1, e.indexOf(' '))).toList());
        assertFalse(endpoint.isConnected());
    }

    @Test
    public void anEndpointMadeForAConnectedSessionPostsEstablishedAtOnce() {
        session.status = SessionStatus.builder(SessionState.CONNECTED).connection(ID).build();
        List<String> posted = new ArrayList<>();
        new KiiEndpoint(session, delivery, (topic, properties) -> posted.add(topic), 1_000);
        assertEquals(List.of("org/eclipse/kura/cloud/CloudConnectionStatus/ESTABLISHED"), posted);
    }

    @Test
    public void connectReturnsOnceTheSessionIsConnected() throws Exception {
        session.onConnect = () -> new Thread(() -> state(SessionState.CONNECTED), "fake-dispatch").start();
        endpoint.connect();
        assertTrue(endpoint.isConnected());
        assertEquals(1, session.connects);
        endpoint.connect();
        assertEquals("already connected: not asked again", 1, session.connects);
    }

    @Test
    public void connectThrowsTheSessionsReasonWhenItFails() {
        session.onConnect = () -> new Thread(() -> {
            session.status = SessionStatus.builder(SessionState.FAILED).connection(ID)
                    .lastError(ErrorKind.CONFIGURATION, "app.id is empty: enter the Kii app ID", 1L)
                    .lastErrorCurrent(true).build();
            endpoint.listener().onSessionStateChanged(session.status, SessionState.ONBOARDING);
        }, "fake-dispatch").start();
        try {
            endpoint.connect();
            fail("connected");
        } catch (KuraConnectException e) {
            assertEquals(KuraErrorCode.CONNECTION_FAILED, e.getCode());
            assertTrue(e.getMessage(), e.getMessage().contains("app.id is empty: enter the Kii app ID"));
        }
    }

    @Test
    public void connectGivesUpAfterTheWaitSayingTheSessionKeepsTrying() {
        KiiEndpoint quick = new KiiEndpoint(session, delivery, (t, p) -> { }, 300);
        long start = System.nanoTime();
        try {
            quick.connect();
            fail("connected");
        } catch (KuraConnectException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("is not connected after 300 ms, state CONNECTING"));
            assertTrue(e.getMessage(), e.getMessage().contains("it keeps trying"));
        }
        assertTrue(System.nanoTime() - start >= 300_000_000L);
    }

    @Test
    public void disconnectAsksTheSessionAndReportsARefusal() throws Exception {
        endpoint.disconnect();
        assertEquals(1, session.disconnects);
        session.onDisconnect = () -> {
            throw new IllegalStateException("session is deactivating");
        };
        try {
            endpoint.disconnect();
            fail("disconnected");
        } catch (KuraDisconnectException e) {
            assertEquals(KuraErrorCode.DISCONNECTION_FAILED, e.getCode());
            assertEquals("session is deactivating", e.getCause().getMessage());
        }
    }

    @Test
    public void subscribersGetTheNotificationsTheirFilterLetsThroughOnTheDeliveryThread() throws Exception {
        BlockingQueue<String> sensors = new LinkedBlockingQueue<>();
        BlockingQueue<String> all = new LinkedBlockingQueue<>();
        endpoint.registerSubscriber(Map.of("kinds", "BUCKET_EVENT", "buckets", "sensors"),
                m -> sensors.add(m.getPayload().getMetric("bucketID") + " on " + Thread.currentThread().getName()));
        endpoint.registerSubscriber(null, m -> all.add((String) m.getPayload().getMetric("kind")));
        endpoint.listener().onNotification(Notifications.bucketEvent("other"));
        endpoint.listener().onNotification(Notifications.topicMessage("alerts"));
        endpoint.listener().onNotification(Notifications.bucketEvent("sensors"));
        assertEquals("sensors on kii-kura-test", sensors.poll(5, TimeUnit.SECONDS));
        assertEquals(List.of("BUCKET_EVENT", "TOPIC_MESSAGE", "BUCKET_EVENT"),
                List.of(all.poll(5, TimeUnit.SECONDS), all.poll(5, TimeUnit.SECONDS), all.poll(5, TimeUnit.SECONDS)));
        assertNull(sensors.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    public void anUnregisteredSubscriberHearsNothingMore() throws Exception {
        BlockingQueue<KuraMessage> got = new LinkedBlockingQueue<>();
        org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener l = got::add;
        endpoint.registerSubscriber(Map.of(), l);
        endpoint.unregisterSubscriber(l);
        endpoint.listener().onNotification(Notifications.directPush());
        CountDownLatch drained = new CountDownLatch(1);
        delivery.submit(drained::countDown);
        assertTrue(drained.await(5, TimeUnit.SECONDS));
        assertTrue(got.isEmpty());
    }

    @Test
    public void aSubscriberWithABadFilterIsRefusedWithTheReason() {
        try {
            endpoint.registerSubscriber(Map.of("kinds", "EVERYTHING"), m -> { });
            fail("accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("kinds: unknown kind 'EVERYTHING'"));
        }
    }

    private void state(SessionState state) {
        SessionState previous = session.status.getState();
        session.status = SessionStatus.builder(state).connection(ID).build();
        endpoint.listener().onSessionStateChanged(session.status, previous);
    }

    private CloudConnectionListener recorder() {
        return new CloudConnectionListener() {
            @Override
            public void onDisconnected() {
                calls.add("disconnected on " + Thread.currentThread().getName());
            }

            @Override
            public void onConnectionLost() {
                calls.add("lost on " + Thread.currentThread().getName());
            }

            @Override
            public void onConnectionEstablished() {
                calls.add("established on " + Thread.currentThread().getName());
            }
        };
    }
}
