package io.kiipush.emulator.internal.load;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.emulator.LoadRun;
import io.kiipush.emulator.PushKind;
import io.kiipush.emulator.internal.service.PushSink;
import io.kiipush.emulator.internal.util.NamedThreadFactory;

/** Paces generated publishes on one scheduler thread: steady streams tick every millisecond, bursts go in chunks. */
public final class LoadEngine {

    private static final Logger logger = LoggerFactory.getLogger(LoadEngine.class);
    private static final int BURST_CHUNK = 2_000;

    private final PushSink sink;
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("load"));
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    public LoadEngine(PushSink sink) {
        this.sink = sink;
    }

    /** A steady stream of {@code count} messages at {@code perSecond}. */
    public LoadRun stream(String topic, int perSecond, long count, IntFunction<String> payload) {
        if (perSecond <= 0 || count < 0) {
            throw new IllegalArgumentException("rate must be positive and count non-negative");
        }
        Run run = new Run("load-" + ids.incrementAndGet(), topic, count, payload);
        runs.put(run.id, run);
        long start = System.nanoTime();
        run.future = executor.scheduleAtFixedRate(() -> run.sendUpTo(
                Math.min(count, (System.nanoTime() - start) * perSecond / 1_000_000_000L + 1)), 0, 1,
                TimeUnit.MILLISECONDS);
        return run;
    }

    /** {@code count} messages as fast as the broker takes them. */
    public LoadRun burst(String topic, long count, IntFunction<String> payload) {
        Run run = new Run("load-" + ids.incrementAndGet(), topic, count, payload);
        runs.put(run.id, run);
        run.future = executor.scheduleWithFixedDelay(() -> run.sendUpTo(Math.min(count, run.sent.get() + BURST_CHUNK)),
                0, 1, TimeUnit.MICROSECONDS);
        return run;
    }

    public LoadRun get(String id) {
        return runs.get(id);
    }

    public void stop() {
        runs.values().forEach(Run::cancel);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Run implements LoadRun {
        private final String id;
        private final String topic;
        private final long target;
        private final IntFunction<String> payload;
        private final AtomicLong sent = new AtomicLong();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile ScheduledFuture<?> future;

        Run(String id, String topic, long target, IntFunction<String> payload) {
            this.id = id;
            this.topic = topic;
            this.target = target;
            this.payload = payload;
        }

        void sendUpTo(long due) {
            try {
                long n = sent.get();
                while (n < due && done.getCount() > 0) {
                    sink.publish(topic, payload.apply((int) n), PushKind.LOAD);
                    n = sent.incrementAndGet();
                }
                if (n >= target) {
                    finish();
                }
            } catch (RuntimeException e) {
                // a throwing periodic task would silently stop; log, end the run
                logger.warn("load run {} failed", id, e);
                finish();
            }
        }

        private void finish() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
            done.countDown();
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public long sent() {
            return sent.get();
        }

        @Override
        public long target() {
            return target;
        }

        @Override
        public boolean isDone() {
            return done.getCount() == 0;
        }

        @Override
        public void cancel() {
            finish();
        }

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public String toString() {
            return "LoadRun[" + id + " topic=" + topic + " sent=" + sent() + "/" + target + "]";
        }
    }
}
