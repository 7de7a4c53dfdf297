package io.kiipush.gateway.internal.recovery;

import java.util.concurrent.atomic.AtomicLong;

import io.kiipush.gateway.ErrorKind;

/** Catch-up failures for the status: how many, and the last one as {@code [KIND] message}. Thread-safe. */
public final class CatchUpFailures {

    private final AtomicLong count = new AtomicLong();
    private volatile String last;

    void failed(ErrorKind kind, String message) {
        count.incrementAndGet();
        last = "[" + kind + "] " + message;
    }

    /** @return failures so far */
    public long count() {
        return count.get();
    }

    /** @return the last failure, {@code null} if none */
    public String last() {
        return last;
    }
}
