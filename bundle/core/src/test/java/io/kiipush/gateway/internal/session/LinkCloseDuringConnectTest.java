package io.kiipush.gateway.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;
import io.kiipush.gateway.internal.endpoint.Transport;

/**
 * A link closed while Paho is still connecting: Paho 1.2.5 submits its receiver to our pool and then sleeps, deaf to
 * interrupts, until the receiver runs. Here the receiver waits in the pool's queue while close() runs: the race that
 * leaked Paho's connect thread for ever when the teardown cancelled the receiver in between.
 */
public class LinkCloseDuringConnectTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private ServerSocket silentBroker;
    private ScheduledExecutorService timers;

    @After
    public void stop() throws Exception {
        if (timers != null) {
            timers.shutdownNow();
        }
        for (Socket s : accepted) {
            s.close();
        }
        if (silentBroker != null) {
            silentBroker.close();
        }
    }

    @Test
    public void closingWhilePahoStartsItsReceiverLeavesNoThreadBehind() throws Exception {
        // A broker that accepts TCP and never answers CONNECT, so the attempt is still under way when we close.
        silentBroker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silentBroker.accept());
                }
            } catch (Exception closed) {
                // the test is over
            }
        }, "silent-broker");
        acceptor.setDaemon(true);
        acceptor.start();

        CountDownLatch receiverQueued = new CountDownLatch(1);
        AtomicInteger submits = new AtomicInteger();
        // Paho submits its receiver first (the connect task itself goes through execute): it waits in the queue for
        // 300 ms, the window in which close() runs.
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(5, r -> {
            Thread t = new Thread(r, "test-mqtt");
            t.setDaemon(true);
            return t;
        }) {
            @Override
            public Future<?> submit(Runnable task) {
                if (submits.getAndIncrement() == 0) {
                    Future<?> queued = schedule(task, 300, TimeUnit.MILLISECONDS);
                    receiverQueued.countDown();
                    return queued;
                }
                return super.submit(task);
            }
        };
        pool.setKeepAliveTime(1, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        timers = Executors.newSingleThreadScheduledExecutor();

        MqttEndpoint endpoint = new MqttEndpoint("inst-1", "127.0.0.1", silentBroker.getLocalPort(), 0, 0, 0, "user",
                "password", "topic-1", 3600, System.currentTimeMillis());
        ConnectTarget target = new ConnectTarget(endpoint, Transport.TCP, null, "", false, "/", "thing:test");
        SessionSettings settings = new SessionSettings(true, 60, 2, 1000, 120_000, 30, 0, 10, 1 << 20, 1 << 16);
        PahoLink link = new PahoLink(target, settings, new IgnoringListener(), (payload, onTopic) -> { }, pool, timers);
        link.start();

        assertTrue("Paho submitted its receiver", receiverQueued.await(10, TimeUnit.SECONDS));
        link.close();

        assertTrue("every MQTT thread ended after close (connect timeout 2 s, then the teardown)",
                pool.awaitTermination(20, TimeUnit.SECONDS));
    }

    @Test
    public void closingWhileWaitingForTheBrokerEndsTheAttemptAtOnceNotAfterTheConnectTimeout() throws Exception {
        silentBroker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CountDownLatch tcpAccepted = new CountDownLatch(1);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silentBroker.accept());
                    tcpAccepted.countDown();
                }
            } catch (Exception closed) {
                // the test is over
            }
        }, "silent-broker");
        acceptor.setDaemon(true);
        acceptor.start();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(5, r -> {
            Thread t = new Thread(r, "test-mqtt");
            t.setDaemon(true);
            return t;
        });
        pool.setKeepAliveTime(1, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        timers = Executors.newSingleThreadScheduledExecutor();

        MqttEndpoint endpoint = new MqttEndpoint("inst-2", "127.0.0.1", silentBroker.getLocalPort(), 0, 0, 0, "user",
                "password", "topic-2", 3600, System.currentTimeMillis());
        ConnectTarget target = new ConnectTarget(endpoint, Transport.TCP, null, "", false, "/", "thing:test");
        // A 30 s connect timeout: the attempt would wait that long for a CONNACK that never comes.
        SessionSettings settings = new SessionSettings(true, 60, 30, 1000, 120_000, 30, 0, 10, 1 << 20, 1 << 16);
        PahoLink link = new PahoLink(target, settings, new IgnoringListener(), (payload, onTopic) -> { }, pool, timers);
        link.start();
        assertTrue("the TCP connection is up", tcpAccepted.await(10, TimeUnit.SECONDS));
        Socket brokerSide = accepted.get(0);
        brokerSide.setSoTimeout(10_000);
        assertEquals("Paho's CONNECT arrived, and stays unanswered", 0x10, brokerSide.getInputStream().read());

        long closedAt = System.nanoTime();
        link.close();
        assertTrue("every MQTT thread ended well before the 30 s connect timeout",
                pool.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - closedAt) < 10);
    }

    private static final class IgnoringListener implements LinkListener {
        @Override
        public void connected(MqttLink link) {
        }

        @Override
        public void connectFailed(MqttLink link, Throwable cause) {
        }

        @Override
        public void subscribed(MqttLink link, int grantedQos) {
        }

        @Override
        public void subscribeFailed(MqttLink link, Throwable cause) {
        }

        @Override
        public void lost(MqttLink link, Throwable cause) {
        }
    }
}
