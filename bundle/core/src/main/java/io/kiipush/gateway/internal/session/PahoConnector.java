package io.kiipush.gateway.internal.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.util.NamedThreadFactory;

/**
 * Opens {@link PahoLink}s. Each link gets its own small thread pool (Paho runs its receiver, sender and callback
 * loops on it), so a link that hangs while closing can be killed without touching the next one; the connector
 * remembers the pools so {@link #shutdown(long)} can prove every MQTT thread is gone.
 */
final class PahoConnector implements MqttConnector {

    // Paho runs Con, Rec, Snd and Call concurrently and busy-waits for each to start; closing adds two more.
    private static final int THREADS_PER_LINK = 6;

    private final ScheduledExecutorService keepAliveScheduler;
    private final MessageSink sink;
    private final AtomicInteger links = new AtomicInteger();
    private final Set<ScheduledThreadPoolExecutor> pools = ConcurrentHashMap.newKeySet();

    /**
     * @param keepAliveScheduler the component-owned scheduler for pings and teardown deadlines
     * @param sink where received payloads go
     */
    PahoConnector(ScheduledExecutorService keepAliveScheduler, MessageSink sink) {
        this.keepAliveScheduler = keepAliveScheduler;
        this.sink = sink;
    }

    @Override
    public MqttLink open(ConnectTarget target, SessionSettings settings, LinkListener listener) throws Exception {
        pools.removeIf(ScheduledThreadPoolExecutor::isTerminated);
        int n = links.incrementAndGet();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(THREADS_PER_LINK, new NamedThreadFactory("kii-mqtt-" + n));
        pool.setRemoveOnCancelPolicy(true);
        pools.add(pool);
        try {
            PahoLink link = new PahoLink(target, settings, listener, sink, pool, keepAliveScheduler);
            link.start();
            return link;
        } catch (Exception | Error e) {
            pool.shutdownNow();
            pools.remove(pool);
            throw e;
        }
    }

    /**
     * Waits until every link's threads have ended, killing the stragglers.
     *
     * @param timeoutMs how long to wait in total
     */
    void shutdown(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (ScheduledThreadPoolExecutor pool : pools) {
            pool.shutdown();
            try {
                long left = deadline - System.nanoTime();
                if (!pool.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    pool.shutdownNow();
                    pool.awaitTermination(500, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
            pools.remove(pool);
        }
    }
}
