package io.kiipush.bench.fleet;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.internal.session.FleetGateways;

/**
 * The fleet storm's child JVM: {@code start} brings up N gateways (see {@link FleetGateways}), {@code status} counts
 * their states, {@code attempts FROM TO} gives connection attempts per second between two {@code nanoTime}s (one
 * CLOCK_MONOTONIC for all JVMs on the host). Replies start with {@code @ok } or {@code @err }.
 */
public final class FleetMain {

    private final long[] attempts = new long[1 << 20];
    private final AtomicInteger attemptCount = new AtomicInteger();
    private FleetGateways fleet;
    private int size;

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        System.setOut(System.err); // anything that prints goes to the log, never into the protocol
        new FleetMain().loop(protocol);
    }

    private void loop(PrintStream out) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("@ok ready pid=" + ProcessHandle.current().pid());
        String line;
        while ((line = in.readLine()) != null) {
            String[] c = line.trim().split(" ");
            try {
                out.println("@ok " + handle(c));
                if ("quit".equals(c[0])) {
                    break;
                }
            } catch (Throwable t) {
                t.printStackTrace();
                out.println("@err " + String.valueOf(t).replace('\n', ' '));
            }
        }
        if (fleet != null) {
            fleet.stop();
        }
        System.exit(0); // the onboarding components' threads are daemons, but do not wait for anything
    }

    private String handle(String[] c) {
        switch (c[0]) {
            case "start":
                return start(Integer.parseInt(c[1]), c[2], c[3], c[4], c[5], c[6]);
            case "status":
                Map<SessionState, Integer> states = fleet.states();
                return "connected=" + states.getOrDefault(SessionState.CONNECTED, 0) + " size=" + size + " attempts="
                        + attemptCount.get() + " states=" + states.toString().replace(" ", "");
            case "attempts":
                return "perSecond=" + perSecond(Long.parseLong(c[1]), Long.parseLong(c[2]));
            case "quit":
                return "bye";
            default:
                throw new IllegalArgumentException("unknown command " + c[0]);
        }
    }

    private String start(int n, String siteUrl, String appId, String appKey, String dataRoot, String runId) {
        size = n;
        Map<String, Object> session = new HashMap<>(); // the product's defaults: keep-alive 60 s, backoff 1 s .. 120 s
        fleet = new FleetGateways(n, Math.min(8, n), i -> {
            Map<String, Object> o = new HashMap<>();
            o.put("site", "CUSTOM");
            o.put("site.url", siteUrl);
            o.put("app.id", appId);
            o.put("app.key", appKey);
            o.put("identity.mode", "THING");
            o.put("thing.vendorThingId", "fleet-" + runId + "-" + i);
            o.put("thing.password", "fleet-pass-" + i);
            o.put("mqtt.transport", "TCP");
            o.put("dataDir", dataRoot + "/" + i);
            return o;
        }, session, this::attempt);
        fleet.start();
        return "";
    }

    private void attempt(long nanos) {
        int i = attemptCount.getAndIncrement();
        if (i < attempts.length) {
            attempts[i] = nanos;
        }
    }

    private String perSecond(long from, long to) {
        int seconds = (int) Math.max(1, (to - from + 999_999_999L) / 1_000_000_000L);
        int[] buckets = new int[seconds];
        int n = Math.min(attemptCount.get(), attempts.length);
        for (int i = 0; i < n; i++) {
            long t = attempts[i];
            if (t >= from && t < to) {
                buckets[(int) ((t - from) / 1_000_000_000L)]++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int b : buckets) {
            sb.append(sb.length() == 0 ? "" : ",").append(b);
        }
        return sb.toString();
    }
}
