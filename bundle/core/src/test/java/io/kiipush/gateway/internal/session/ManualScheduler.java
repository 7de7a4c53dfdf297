package io.kiipush.gateway.internal.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded {@link ScheduledExecutorService} on virtual time: nothing runs until the test calls
 * {@link #runDue()} or {@link #advance(long)}. Also the {@link Ticker} of the engine under test.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService, Ticker {

    private static final long EPOCH_MS = 1_700_000_000_000L;

    private final PriorityQueue<Task<?>> tasks = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;
    private boolean shutdown;

    @Override
    public long nanoTime() {
        return nowNanos;
    }

    @Override
    public long currentTimeMillis() {
        return EPOCH_MS + TimeUnit.NANOSECONDS.toMillis(nowNanos);
    }

    /** Runs every task that is due now, including tasks they post for now. */
    void runDue() {
        for (int guard = 0; guard < 100_000; guard++) {
            Task<?> next = tasks.peek();
            if (next == null || next.dueNanos > nowNanos) {
                return;
            }
            tasks.poll();
            next.run();
        }
        throw new IllegalStateException("runaway task loop");
    }

    /** Moves virtual time forward by {@code ms}, running tasks in due order. */
    void advance(long ms) {
        long target = nowNanos + TimeUnit.MILLISECONDS.toNanos(ms);
        runDue();
        while (true) {
            Task<?> next = tasks.peek();
            if (next == null || next.dueNanos > target) {
                break;
            }
            nowNanos = Math.max(nowNanos, next.dueNanos);
            runDue();
        }
        nowNanos = target;
        runDue();
    }

    /** @return delays (ms from now) of the pending, not cancelled tasks */
    List<Long> pendingDelaysMs() {
        List<Long> out = new ArrayList<>();
        for (Task<?> t : tasks) {
            if (!t.isCancelled()) {
                out.add(TimeUnit.NANOSECONDS.toMillis(t.dueNanos - nowNanos));
            }
        }
        Collections.sort(out);
        return out;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task<Object>(command, null, nowNanos + unit.toNanos(Math.max(0, delay)), 0));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Task<V>(callable, nowNanos + unit.toNanos(Math.max(0, delay)), 0));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(new Task<Object>(command, null, nowNanos + unit.toNanos(initialDelay), unit.toNanos(period)));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    private <V> Task<V> add(Task<V> task) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        tasks.add(task);
        return task;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(tasks);
        tasks.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private long dueNanos;
        private final long periodNanos;
        private final long order = sequence++;

        Task(Runnable r, V result, long dueNanos, long periodNanos) {
            super(r, result);
            this.dueNanos = dueNanos;
            this.periodNanos = periodNanos;
        }

        Task(Callable<V> c, long dueNanos, long periodNanos) {
            super(c);
            this.dueNanos = dueNanos;
            this.periodNanos = periodNanos;
        }

        @Override
        public void run() {
            if (periodNanos > 0) {
                if (runAndReset()) {
                    dueNanos += periodNanos;
                    tasks.add(this);
                }
            } else {
                super.run();
                try {
                    if (isDone() && !isCancelled()) {
                        get(); // surface exceptions of tasks in tests
                    }
                } catch (InterruptedException | ExecutionException e) {
                    throw new AssertionError("task failed", e.getCause());
                }
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - nowNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Task<?> other = (Task<?>) o;
            int c = Long.compare(dueNanos, other.dueNanos);
            return c != 0 ? c : Long.compare(order, other.order);
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            tasks.remove(this);
            return super.cancel(mayInterrupt);
        }
    }
}
