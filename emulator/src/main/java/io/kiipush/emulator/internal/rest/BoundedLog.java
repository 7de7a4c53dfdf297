package io.kiipush.emulator.internal.rest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A thread-safe ring of the newest entries plus a total count; snapshots are copies. */
public final class BoundedLog<T> {

    private final ArrayDeque<T> entries = new ArrayDeque<>();
    private final int capacity;
    private long total;

    /** @param capacity entries kept (0 keeps none, only counts) */
    public BoundedLog(int capacity) {
        this.capacity = Math.max(0, capacity);
    }

    public synchronized void add(T entry) {
        total++;
        if (capacity == 0) {
            return;
        }
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    public synchronized List<T> snapshot() {
        return new ArrayList<>(entries);
    }

    public synchronized List<T> snapshot(Predicate<T> filter) {
        List<T> out = new ArrayList<>();
        for (T t : entries) {
            if (filter.test(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** @return entries ever added, including those evicted or not kept */
    public synchronized long total() {
        return total;
    }

    public synchronized void clear() {
        entries.clear();
        total = 0;
    }
}
