package io.kiipush.emulator.internal.rest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** Injected REST failures and latencies, matched by method and a path regex ({@code find} semantics). */
public final class RestFaults {

    /** What to do with one request: delay it, and/or answer {@code failStatus} instead of handling it. */
    public record Decision(long delayMillis, int failStatus) {
        static final Decision NONE = new Decision(0, 0);
    }

    private record Rule(String method, Pattern path, int status, long delayMillis, AtomicInteger remaining) {

        boolean matches(String m, String p) {
            return (method == null || method.equalsIgnoreCase(m)) && path.matcher(p).find();
        }

        /** Consumes one use; {@code remaining < 0} means unlimited. */
        boolean take() {
            while (true) {
                int r = remaining.get();
                if (r < 0) {
                    return true;
                }
                if (r == 0) {
                    return false;
                }
                if (remaining.compareAndSet(r, r - 1)) {
                    return true;
                }
            }
        }
    }

    private final List<Rule> failures = new CopyOnWriteArrayList<>();
    private final List<Rule> latencies = new CopyOnWriteArrayList<>();

    /**
     * @param method HTTP method or {@code null} for any
     * @param pathRegex Java regex searched in the decoded path
     * @param status status to answer (503 and 500 carry Kii error bodies; 429 none)
     * @param count how many matching requests fail; negative = until cleared
     */
    public void fail(String method, String pathRegex, int status, int count) {
        failures.add(new Rule(method, Pattern.compile(pathRegex), status, 0, new AtomicInteger(count)));
    }

    /** @param count how many matching requests are delayed; negative = until cleared */
    public void latency(String method, String pathRegex, long delayMillis, int count) {
        latencies.add(new Rule(method, Pattern.compile(pathRegex), 0, delayMillis, new AtomicInteger(count)));
    }

    public void clear() {
        failures.clear();
        latencies.clear();
    }

    public Decision decide(String method, String path) {
        if (failures.isEmpty() && latencies.isEmpty()) {
            return Decision.NONE;
        }
        long delay = 0;
        for (Rule r : latencies) {
            if (r.matches(method, path) && r.take()) {
                delay = Math.max(delay, r.delayMillis);
            }
        }
        int status = 0;
        for (Rule r : failures) {
            if (r.matches(method, path) && r.take()) {
                status = r.status;
                break;
            }
        }
        failures.removeIf(r -> r.remaining.get() == 0);
        latencies.removeIf(r -> r.remaining.get() == 0);
        return new Decision(delay, status);
    }
}
