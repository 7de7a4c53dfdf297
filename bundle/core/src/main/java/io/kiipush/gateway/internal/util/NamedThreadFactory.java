package io.kiipush.gateway.internal.util;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates named daemon threads ({@code <prefix>-<n>}) so every thread of the bundle is recognisable in a thread dump.
 */
public final class NamedThreadFactory implements ThreadFactory {

    private static final Logger logger = LoggerFactory.getLogger(NamedThreadFactory.class);

    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    /** @param prefix thread name prefix, e.g. {@code kii-session} */
    public NamedThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + "-" + counter.incrementAndGet());
        // Daemon: a stuck network call must never keep the JVM (or the framework shutdown) alive.
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> logger.error("Uncaught exception in {}", thread.getName(), e));
        return t;
    }
}
