package io.kiipush.gateway.internal.session;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.Gap;
import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.internal.parse.ParseResult;
import io.kiipush.gateway.internal.parse.PayloadParser;
import io.kiipush.gateway.internal.recovery.DeliveryLedger;
import io.kiipush.gateway.internal.recovery.GapTally;
import io.kiipush.gateway.internal.recovery.RecoverySink;
import io.kiipush.gateway.internal.util.NamedThreadFactory;

/**
 * The bounded hand-off between the MQTT callback thread and the listeners.
 * <p>
 * {@link #accept(byte[], boolean)} runs on the MQTT thread and only counts, checks the size and enqueues (O(1),
 * lock-free, never blocks, never throws). One named dispatcher thread parses, classifies and calls every
 * {@link PushNotificationListener} in receive order; it is started when work arrives and ends after
 * {@link #IDLE_THREAD_MS} without any (pushes are rare on most gateways: no thread waits for them in between). When
 * the queue is full (by message count or payload bytes) new messages are dropped and counted; while no listener is
 * registered messages wait in the queue (up to its bounds), so a late EventAdmin loses nothing that fits. Counter
 * invariant: {@code received == dispatched + dropped + malformed + queued}.
 * <p>
 * Catch-up hands recovered notifications and gaps to the same queue ({@link RecoverySink}): they reach the listeners
 * in the same order and on the same thread as live pushes, and the {@link DeliveryLedger} of what was delivered drops
 * recovered duplicates. They are not part of the counter invariant above (they were never received over MQTT).
 */
// One queue, its counters and the one thread that drains it must stay whole: every kind of item shares the order.
public final class Dispatcher implements MessageSink, RecoverySink {

    private static final Logger logger = LoggerFactory.getLogger(Dispatcher.class);
    private static final long WARN_INTERVAL_MS = 60_000;
    /** How long the dispatcher thread outlives its last piece of work. */
    static final long IDLE_THREAD_MS = 10_000;

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedMessages = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dispatched = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicInteger recoveredBacklog = new AtomicInteger();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong recoveredObjects = new AtomicLong();
    private final AtomicLong recoveredCommands = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final DeliveryLedger ledger = new DeliveryLedger(DeliveryLedger.DEFAULT_CAPACITY);
    // Each listener with its own "has thrown" flag: unbinding a listener forgets both at once.
    private final List<Registration> listeners = new CopyOnWriteArrayList<>();
    private final LongSupplier clock;
    private final String connection;
    private final ThreadPoolExecutor worker;
    // Set while a drain task is queued or running: the MQTT thread then only enqueues.
    private final AtomicBoolean draining = new AtomicBoolean();

    private volatile int capacity;
    private volatile long maxBytes;
    private volatile PayloadParser parser;
    private volatile boolean running = true;

    // Touched only by the MQTT callback thread.
    private boolean dropping;
    private long droppedInEpisode;
    // Touched only by the dispatcher thread.
    private long lastMalformedWarn = -WARN_INTERVAL_MS;
    private long malformedSinceWarn;

    /**
     * Creates the dispatcher and starts its thread (which ends after {@link #IDLE_THREAD_MS} without work).
     *
     * @param settings queue bounds and payload limit
     * @param clock wall clock in ms (receive times)
     * @param threadName name prefix of the dispatcher thread
     */
    public Dispatcher(SessionSettings settings, LongSupplier clock, String threadName) {
        this(settings, clock, threadName, "");
    }

    /**
     * Creates the dispatcher of one connection and starts its thread.
     *
     * @param settings queue bounds and payload limit
     * @param clock wall clock in ms (receive times)
     * @param threadName name prefix of the dispatcher thread
     * @param connection the connection every notification, gap and malformed report carries
     */
    public Dispatcher(SessionSettings settings, LongSupplier clock, String threadName, String connection) {
        this.clock = clock;
        this.connection = connection;
        apply(settings);
        this.worker = new ThreadPoolExecutor(1, 1, IDLE_THREAD_MS, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new NamedThreadFactory(threadName));
        this.worker.allowCoreThreadTimeOut(true);
        this.worker.prestartCoreThread(); // the session's first state changes follow at once
    }

    /** @param settings new queue bounds and payload limit, effective for the next message */
    public void apply(SessionSettings settings) {
        this.capacity = settings.getQueueCapacity();
        this.maxBytes = settings.getQueueMaxBytes();
        PayloadParser current = parser;
        if (current == null || current.maxBytes() != settings.getPayloadMaxBytes()) {
            this.parser = new PayloadParser(settings.getPayloadMaxBytes(), SessionSettings.MAX_NESTING_DEPTH);
        }
    }

    /** @param listener a listener to call from now on */
    public void addListener(PushNotificationListener listener) {
        listeners.add(new Registration(listener));
        wake(); // messages may be waiting for a first listener
    }

    /** @param listener a listener to stop calling */
    public void removeListener(PushNotificationListener listener) {
        listeners.removeIf(r -> r.listener == listener);
    }

    @Override
    public void accept(byte[] payload, boolean onPushTopic) {
        try {
            long seq = received.incrementAndGet();
            long now = clock.getAsLong();
            if (!onPushTopic) {
                reject("arrived on an unexpected MQTT topic", payload.length, now);
                return;
            }
            PayloadParser p = parser;
            if (payload.length > p.maxBytes()) {
                reject(PayloadParser.tooLarge(p.maxBytes()), payload.length, now);
                return;
            }
            if (!admit(payload.length)) {
                dropped.incrementAndGet();
                droppedInEpisode++;
                if (!dropping) {
                    dropping = true;
                    logger.warn("Hand-off queue full ({} messages / {} bytes): dropping messages until the listeners catch up",
                            capacity, maxBytes);
                }
                return;
            }
            if (dropping) {
                dropping = false;
                logger.info("Hand-off queue accepts messages again; {} dropped meanwhile", droppedInEpisode);
                droppedInEpisode = 0;
            }
            enqueue(new Inbound(payload, now, seq));
        } catch (Throwable t) {
            // Never let anything escape into Paho: it would drop the connection.
            logger.error("Unexpected error while receiving a message", t);
        }
    }

    private boolean admit(int bytes) {
        if (queuedMessages.incrementAndGet() > capacity) {
            queuedMessages.decrementAndGet();
            return false;
        }
        if (queuedBytes.addAndGet(bytes) > maxBytes) {
            queuedBytes.addAndGet(-bytes);
            queuedMessages.decrementAndGet();
            return false;
        }
        return true;
    }

    // Oversized or misrouted: counted as malformed; listeners hear about it only if there is room in the queue.
    private void reject(String reason, int size, long now) {
        malformed.incrementAndGet();
        if (queuedMessages.get() < capacity) {
            enqueue(new Rejected(reason, size, now));
        }
    }

    /**
     * Queues a state change for the listeners; never dropped.
     *
     * @param status the status after the transition
     * @param previous the state before it
     */
    void stateChanged(SessionStatus status, SessionState previous) {
        enqueue(new StateChange(status, previous));
    }

    @Override
    public void recovered(byte[] payload, GapTally tally) {
        recoveredBacklog.incrementAndGet();
        enqueue(new Recovered(payload, tally));
    }

    @Override
    public void gap(GapTally tally) {
        enqueue(tally);
    }

    @Override
    public int recoveredBacklog() {
        return recoveredBacklog.get();
    }

    @Override
    public int maxPayloadBytes() {
        return parser.maxBytes();
    }

    /** @return the catch-up counters: gaps, recovered objects, recovered commands, duplicates suppressed */
    public long[] recoveryCounters() {
        return new long[] { gaps.get(), recoveredObjects.get(), recoveredCommands.get(), duplicates.get() };
    }

    private void enqueue(Object item) {
        queue.offer(item);
        wake();
    }

    // Starts a drain unless one is queued or running (that one will see the item).
    private void wake() {
        if (!draining.get() && draining.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false); // stopped: stop() counts what is left
            }
        }
    }

    // The dispatcher thread: delivers until the queue is empty (or no listener is registered, or stopping).
    private void drain() {
        try {
            Object item;
            while (running && !listeners.isEmpty() && (item = queue.poll()) != null) {
                try {
                    handle(item);
                } catch (Throwable t) {
                    logger.error("Unexpected error in the dispatcher", t);
                }
            }
        } finally {
            draining.set(false);
        }
        // An item enqueued after the last poll but before the flag was cleared did not start a drain: look again.
        if (running && !listeners.isEmpty() && !queue.isEmpty()) {
            wake();
        }
    }

    /** @return messages received */
    public long received() {
        return received.get();
    }

    /** @return messages dispatched */
    public long dispatched() {
        return dispatched.get();
    }

    /** @return messages dropped */
    public long dropped() {
        return dropped.get();
    }

    /** @return messages rejected as malformed */
    public long malformed() {
        return malformed.get();
    }

    /** @return messages waiting in the queue */
    public int queued() {
        return Math.max(0, queuedMessages.get());
    }

    /**
     * Stops the dispatcher thread; messages still queued are counted as dropped.
     *
     * @param timeoutMs how long to wait for the thread to end (a listener still running then is interrupted)
     */
    public void stop(long timeoutMs) {
        running = false;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
                worker.awaitTermination(500, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        Object item;
        long left = 0;
        while ((item = queue.poll()) != null) {
            if (item instanceof Inbound) {
                left++;
                dequeued((Inbound) item);
            }
        }
        if (left > 0) {
            dropped.addAndGet(left);
            logger.info("Session stopped with {} undelivered messages (counted as dropped)", left);
        }
    }

    private void handle(Object item) {
        if (item instanceof Inbound) {
            Inbound in = (Inbound) item;
            dequeued(in);
            deliver(in);
        } else if (item instanceof Rejected) {
            Rejected r = (Rejected) item;
            reportMalformed(r.reason, r.size, r.receivedAt);
        } else if (item instanceof Recovered) {
            recoveredBacklog.decrementAndGet();
            deliverRecovered((Recovered) item);
        } else if (item instanceof GapTally) {
            gaps.incrementAndGet();
            Gap gap = ((GapTally) item).toGap(connection);
            for (Registration r : listeners) {
                try {
                    r.listener.onGap(gap);
                } catch (Throwable t) {
                    r.failed(t);
                }
            }
        } else if (item instanceof StateChange) {
            StateChange s = (StateChange) item;
            for (Registration r : listeners) {
                try {
                    r.listener.onSessionStateChanged(s.status, s.previous);
                } catch (Throwable t) {
                    r.failed(t);
                }
            }
        }
    }

    private void dequeued(Inbound in) {
        queuedMessages.decrementAndGet();
        queuedBytes.addAndGet(-in.payload.length);
    }

    private void deliver(Inbound in) {
        ParseResult result = parser.parse(in.payload);
        if (!result.isParsed()) {
            malformed.incrementAndGet();
            reportMalformed(result.rejection(), in.payload.length, in.receivedAt);
            return;
        }
        NotificationKind kind = NotificationKind.classify(result.fields());
        PushNotification notification = new PushNotification(kind, result.fields(), result.raw(), in.receivedAt, in.seq,
                false, connection);
        notify(notification);
        ledger.live(notification);
        dispatched.incrementAndGet();
    }

    private void notify(PushNotification notification) {
        for (Registration r : listeners) {
            try {
                r.listener.onNotification(notification);
            } catch (Throwable t) {
                r.failed(t);
            }
        }
    }

    // A rebuilt push: same parser and listeners as a live one, unless the ledger proves it was delivered already.
    private void deliverRecovered(Recovered item) {
        ParseResult result = parser.parse(item.payload);
        if (!result.isParsed()) {
            logger.warn("Skipped a recovered notification that does not parse: {}", result.rejection());
            return;
        }
        NotificationKind kind = NotificationKind.classify(result.fields());
        PushNotification n = new PushNotification(kind, result.fields(), result.raw(), clock.getAsLong(), 0, true,
                connection);
        if (ledger.isDuplicate(n)) {
            duplicates.incrementAndGet();
            item.tally.duplicate();
            return;
        }
        notify(n);
        if (kind == NotificationKind.COMMAND) {
            recoveredCommands.incrementAndGet();
            item.tally.commandDelivered();
        } else {
            recoveredObjects.incrementAndGet();
            item.tally.objectDelivered();
        }
    }

    private void reportMalformed(String reason, int size, long receivedAt) {
        malformedSinceWarn++;
        long now = clock.getAsLong();
        if (now - lastMalformedWarn >= WARN_INTERVAL_MS) {
            logger.warn("Rejected a malformed push payload of {} bytes: {} ({} rejected since the last warning)", size, reason,
                    malformedSinceWarn);
            lastMalformedWarn = now;
            malformedSinceWarn = 0;
        } else {
            logger.debug("Rejected a malformed push payload of {} bytes: {}", size, reason);
        }
        for (Registration r : listeners) {
            try {
                r.listener.onMalformed(connection, reason, size, receivedAt);
            } catch (Throwable t) {
                r.failed(t);
            }
        }
    }

    /** A registered listener; its first failure is logged at WARN, further ones at DEBUG. */
    private static final class Registration {
        final PushNotificationListener listener;
        private boolean hasFailed; // dispatcher thread only

        Registration(PushNotificationListener listener) {
            this.listener = listener;
        }

        void failed(Throwable t) {
            if (!hasFailed) {
                hasFailed = true;
                logger.warn("Listener {} threw; it keeps receiving notifications (further failures at DEBUG)", listener.getClass().getName(), t);
            } else {
                logger.debug("Listener {} threw again", listener.getClass().getName(), t);
            }
        }
    }

    private static final class Inbound {
        final byte[] payload;
        final long receivedAt;
        final long seq;

        Inbound(byte[] payload, long receivedAt, long seq) {
            this.payload = payload;
            this.receivedAt = receivedAt;
            this.seq = seq;
        }
    }

    private static final class Recovered {
        final byte[] payload;
        final GapTally tally;

        Recovered(byte[] payload, GapTally tally) {
            this.payload = payload;
            this.tally = tally;
        }
    }

    private static final class Rejected {
        final String reason;
        final int size;
        final long receivedAt;

        Rejected(String reason, int size, long receivedAt) {
            this.reason = reason;
            this.size = size;
            this.receivedAt = receivedAt;
        }
    }

    private static final class StateChange {
        final SessionStatus status;
        final SessionState previous;

        StateChange(SessionStatus status, SessionState previous) {
            this.status = status;
            this.previous = previous;
        }
    }
}
