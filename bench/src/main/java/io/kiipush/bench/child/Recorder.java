package io.kiipush.bench.child;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.kiipush.bench.spi.Sink;

/** Counts messages and keeps one latency per message (preallocated); records session state events. */
final class Recorder implements Sink {

    /** One STATE_CHANGED event as the probe saw it. */
    record StateEvent(long nanos, String state, String previous) {
    }

    private final AtomicInteger count = new AtomicInteger();
    private volatile long[] latencies = new long[0];
    private volatile long first;
    private volatile long last;
    private final List<StateEvent> states = new ArrayList<>();

    /** @param capacity latencies to keep from now on (further messages are only counted) */
    void reset(int capacity) {
        latencies = new long[capacity];
        count.set(0);
        first = 0;
        last = 0;
    }

    int count() {
        return count.get();
    }

    @Override
    public void message(long receivedNanos, long sentNanos) {
        int i = count.getAndIncrement();
        if (i == 0) {
            first = receivedNanos;
        }
        long[] l = latencies;
        if (i < l.length) {
            l[i] = receivedNanos - sentNanos;
        }
        last = receivedNanos;
    }

    @Override
    public synchronized void state(long receivedNanos, String state, String previous) {
        states.add(new StateEvent(receivedNanos, state, previous));
    }

    synchronized List<StateEvent> states() {
        return new ArrayList<>(states);
    }

    synchronized void clearStates() {
        states.clear();
    }

    /** @return count, first and last receive time, latency percentiles in ns (p50, p90, p99, p99.9, max) */
    String summary() {
        long lastSeen = last; // volatile read first: the latency writes before it are visible
        int n = count.get();
        long[] l = latencies;
        int k = Math.min(n, l.length);
        long[] sorted = Arrays.copyOf(l, k);
        Arrays.sort(sorted);
        return "count=" + n + " firstNs=" + first + " lastNs=" + lastSeen + " p50Ns=" + pct(sorted, 0.50) + " p90Ns="
                + pct(sorted, 0.90) + " p99Ns=" + pct(sorted, 0.99) + " p999Ns=" + pct(sorted, 0.999) + " maxNs="
                + (k == 0 ? -1 : sorted[k - 1]) + " latSamples=" + k;
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
