package io.kiipush.bench.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.kiipush.emulator.KiiEmulator;

/**
 * The fleet storm: N gateway sessions in one child JVM ({@code io.kiipush.bench.fleet.FleetMain}) onboard against the
 * emulator and connect; then the emulator's broker is killed (listeners closed, connections reset) for the outage and
 * restarted. Measured: connection attempts per second from the kill until every session is back, how long after the
 * restart that took, REST calls during the recovery, MQTT installations per gateway.
 */
final class FleetRun {

    /** What the storm showed. */
    record Result(int size, double coldStartMs, long coldRequests, int outageSec, int[] attemptsPerSecond, int restartSecond,
            double peakPerSecond, double meanPerSecond, double allBackMs, long recoveryRequests, int installations,
            int duplicateInstallations, long backoffMaxMs) {

        double peakToMean() {
            return meanPerSecond == 0 ? Double.NaN : peakPerSecond / meanPerSecond;
        }

        double restCallsPerGateway() {
            return (double) recoveryRequests / size;
        }
    }

    /** The session's default backoff cap (PushSessionComponent.Config): the fleet runs with the product defaults. */
    static final long BACKOFF_MAX_MS = 120_000;

    private final Settings s;
    private final Path lib;
    private final Path logs;
    private final Path work;
    private final List<String> classPath;

    FleetRun(Settings s, Path lib, Path logs, Path work, List<String> classPath) {
        this.s = s;
        this.lib = lib;
        this.logs = logs;
        this.work = work;
        this.classPath = classPath;
    }

    Result run() throws Exception {
        int n = s.fleetSize();
        // Direct mode: Moquette binds the ports itself (the fault gate's two threads per connection would be 2 x N threads).
        try (KiiEmulator emu = KiiEmulator.builder().faultInjection(false).publishLogCapacity(0).requestLogCapacity(0).build()
                .start()) {
            List<String> cp = new ArrayList<>(classPath);
            for (String jar : List.of("common/io.kiipush.gateway.jar", "common/kiipush-kura-api.jar")) {
                cp.add(lib.resolve(jar).toString());
            }
            for (Path jar : Bench.jars(lib.resolve("fleet"))) {
                cp.add(jar.toString());
            }
            List<String> jvm = List.of("-Xms512m", "-Xmx1g", "-Xss256k", "-XX:+UseSerialGC");
            try (Child c = new Child("fleet", jvm, "io.kiipush.bench.fleet.FleetMain", cp, lib, work.resolve("fleet"),
                    logs.resolve("fleet.log"))) {
                long t0 = System.nanoTime();
                long req0 = emu.observe().requestCount();
                c.call("start " + n + " " + emu.baseUrl() + " " + emu.app().id() + " " + emu.app().key() + " "
                        + work.resolve("fleet-state") + " " + Long.toString(t0, 36), 60);
                awaitAllConnected(c, n, 300);
                double coldMs = Bench.ms(System.nanoTime() - t0);
                long coldRequests = emu.observe().requestCount() - req0;
                Bench.log(String.format("  fleet: %d sessions CONNECTED %.1f s after start, %d REST calls", n, coldMs / 1000, coldRequests));

                long req1 = emu.observe().requestCount();
                long kill = System.nanoTime();
                emu.faults().killBroker();
                Thread.sleep(s.fleetOutageSec() * 1000L);
                long restart = System.nanoTime();
                emu.faults().restartBroker();
                long allBack = awaitAllConnected(c, n, BACKOFF_MAX_MS / 1000 + 120);
                long recoveryRequests = emu.observe().requestCount() - req1;
                int[] perSecond = Arrays.stream(c.call("attempts " + kill + " " + (allBack + 1)).get("perSecond").split(","))
                        .mapToInt(Integer::parseInt).toArray();
                int restartSecond = (int) ((restart - kill) / 1_000_000_000L);
                // The storm on the restarted broker: attempts from the restart until everyone is back.
                int[] after = Arrays.copyOfRange(perSecond, Math.min(restartSecond, perSecond.length), perSecond.length);
                double peak = Arrays.stream(after).max().orElse(0);
                double mean = after.length == 0 ? 0 : Arrays.stream(after).sum() / (double) after.length;
                Map<String, Long> perOwner = emu.observe().installations().stream()
                        .filter(i -> "MQTT".equals(i.deviceType()))
                        .collect(Collectors.groupingBy(i -> String.valueOf(i.owner()), Collectors.counting()));
                int installations = perOwner.values().stream().mapToInt(Long::intValue).sum();
                int duplicates = perOwner.values().stream().mapToInt(v -> (int) (v - 1)).sum();
                c.call("quit", 60);
                return new Result(n, coldMs, coldRequests, s.fleetOutageSec(), perSecond, restartSecond, peak, mean,
                        Bench.ms(allBack - restart), recoveryRequests, installations, duplicates, BACKOFF_MAX_MS);
            }
        }
    }

    // Polls the fleet until every session is CONNECTED; returns when that was seen.
    private static long awaitAllConnected(Child c, int n, long timeoutSec) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSec * 1_000_000_000L;
        Map<String, String> st = Map.of();
        while (System.nanoTime() < deadline) {
            st = c.call("status");
            if (Run.l(st, "connected") >= n) {
                return System.nanoTime();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("fleet not all CONNECTED within " + timeoutSec + " s: " + st);
    }
}
