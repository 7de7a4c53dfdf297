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

    // Paho runs its connect task next to its receiver, sender and callback loops and busy-waits until each has
    // started; our teardown may run beside all four. Threads start on demand up to that.
    private static final int MAX_THREADS_PER_LINK = 5;
    // Only the three loops stay busy while a link is up: the connect task's thread ends a second after it is done.
    private static final long IDLE_THREAD_MS = 1000;

    private final ScheduledExecutorService timers;
    private final MessageSink sink;
    private final AtomicInteger links = new AtomicInteger();
    private final Set<ScheduledThreadPoolExecutor> pools = ConcurrentHashMap.newKeySet();

    /**
     * @param timers the session thread: keep-alive pings and teardown deadlines
     * @param sink where received payloads go
     */
    PahoConnector(ScheduledExecutorService timers, MessageSink sink) {
        this.timers = timers;
        this.sink = sink;
    }

    @Override
    public MqttLink open(ConnectTarget target, SessionSettings settings, LinkListener listener) throws Exception {
        pools.removeIf(ScheduledThreadPoolExecutor::isTerminated);
        int n = links.incrementAndGet();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(MAX_THREADS_PER_LINK, new NamedThreadFactory("kii-mqtt-" + n));
        pool.setKeepAliveTime(IDLE_THREAD_MS, TimeUnit.MILLISECONDS);
        pool.allowCoreThreadTimeOut(true);
        pool.setRemoveOnCancelPolicy(true);
        pools.add(pool);
        try {
            PahoLink link = new PahoLink(target, settings, listener, sink, pool, timers);
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
            // A closed link shuts its pool down after its teardown; shutting it down here first would refuse the
            // receiver of a connect still in flight (see PahoLink.close).
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
