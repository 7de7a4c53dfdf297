package io.kiipush.gateway.internal.results;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/** A {@link ThingChannel} with scripted answers (default 204) that records every call. */
final class FakeChannel implements ThingChannel {

    /** One recorded call. */
    static final class Call {
        final String commandId;
        final String body;

        Call(String commandId, String body) {
            this.commandId = commandId;
            this.body = body;
        }
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Deque<Object> script = new ArrayDeque<>();
    private final Path dir;
    volatile String cannotAnswer;

    FakeChannel(Path dir) {
        this.dir = dir;
    }

    /** @param answers {@link Reply}s or {@link OnboardingException}s, in order; then 204 */
    synchronized FakeChannel then(Object... answers) {
        for (Object a : answers) {
            script.add(a);
        }
        return this;
    }

    static Reply status(int status, String code) {
        return new Reply(status, code, code == null ? null : "message of " + code);
    }

    static OnboardingException network() {
        return new OnboardingException(ErrorKind.TRANSIENT, "cannot connect to Kii (Connection refused)");
    }

    @Override
    public String cannotAnswer() {
        return cannotAnswer;
    }

    @Override
    public Path dataDir() {
        return dir;
    }

    @Override
    public Reply putActionResults(String commandId, String body) throws OnboardingException {
        calls.add(new Call(commandId, body));
        Object next;
        synchronized (this) {
            next = script.poll();
        }
        if (next instanceof OnboardingException) {
            throw (OnboardingException) next;
        }
        return next == null ? new Reply(204, null, null) : (Reply) next;
    }
}
