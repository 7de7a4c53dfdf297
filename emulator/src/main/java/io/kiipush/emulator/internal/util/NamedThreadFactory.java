package io.kiipush.emulator.internal.util;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names every thread {@code kii-emu-<role>-<n>} so leaks are attributable; daemon so a forgotten emulator never blocks JVM exit. */
public final class NamedThreadFactory implements ThreadFactory {

    public static final String PREFIX = "kii-emu-";

    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    public NamedThreadFactory(String role) {
        this.prefix = PREFIX + role + "-";
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + counter.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    /** Starts a named daemon thread outside any pool (accept loops, connection pumps). */
    public static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, PREFIX + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
