package io.kiipush.bench.driver;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.kiipush.bench.driver.Bench.BrokerResult;
import io.kiipush.bench.driver.Bench.Results;

/**
 * Renders the figures as plain-text tables: per broker, medians over the interleaved trials with their range, ratios
 * per round against raw Paho of the same transport; then the fleet storm and the target lines.
 */
final class Report {

    private static final String ROW = "%-26s";

    private Report() {
    }

    static String render(Results r, Settings s, double seconds) {
        StringBuilder b = new StringBuilder();
        int payload = r.brokers.stream().flatMap(x -> x.trials().values().stream()).flatMap(List::stream)
                .mapToInt(t -> t.payloadBytes).max().orElse(0);
        f(b, "Kii push gateway bench (%s run, %.0f s): payload %d B, QoS 0, receivers in child JVMs %s, %d interleaved trial(s)"
                + " per receiver and broker, each in a fresh JVM; figures are medians [min..max] over the trials, ratios are"
                + " taken per round against raw Paho of the same transport%n", s.smoke() ? "SMOKE" : "full", seconds, payload,
                Child.JVM_OPTIONS, s.trials());
        f(b, "load average (1/5/15 min) at the start %s, at the end %s; %d cores%n", r.loadStart, r.loadEnd,
                Runtime.getRuntime().availableProcessors());
        for (String note : r.notes) {
            f(b, "NOTE: %s%n", note);
        }
        for (BrokerResult br : r.brokers) {
            broker(b, br, s);
        }
        if (r.fleet != null) {
            fleet(b, r.fleet, s);
        }
        f(b, "%nTargets (bundle figures from the %s run; bundle jar %d bytes)%n", r.brokers.isEmpty() ? "-" : r.brokers.get(0).broker(),
                r.bundleJarBytes);
        for (Targets.Line line : r.targets) {
            b.append(line).append('\n');
        }
        return b.toString();
    }

    private static void broker(StringBuilder b, BrokerResult br, Settings s) {
        Map<Receiver, List<TrialResult>> t = br.trials();
        f(b, "%n=== Broker: %s%n", br.broker());

        f(b, "%nFigure 1 - saturation throughput (paced ramp from %.0f msg/s, x1.25 per %.1f s step, then up to %d steps of +5%%"
                + " above the last sustained one; highest step with >= 99%% delivered at >= 97%% of the publisher's rate)%n",
                s.rampStart(), s.stepSeconds(), s.refineSteps());
        f(b, ROW + " %-24s %-20s %s%n", "receiver", "msg/s", "x raw Paho", "first failed step per trial");
        for (Receiver rc : t.keySet()) {
            StringBuilder failed = new StringBuilder();
            for (TrialResult tr : t.get(rc)) {
                Run fail = tr.saturation.stream().filter(x -> !TrialResult.sustained(x)).findFirst().orElse(null);
                failed.append(fail == null ? " -" : String.format(Locale.ROOT, " %.1fk:%.1f%%", fail.pubRate() / 1000,
                        100.0 * fail.handled() / Math.max(1, fail.sent())));
            }
            f(b, ROW + " %-24s %-20s%s%n", rc.title, stats(t.get(rc), TrialResult::saturationRate).show("%.0f"),
                    rc.osgi() ? Targets.ratio(br, rc, TrialResult::saturationRate).show("%.2f") : "-", failed);
        }

        f(b, "%nFigure 2 - latency publish -> handler (ms)%n");
        f(b, ROW + " %7s %-22s %7s %-22s | %7s %8s %8s%n", "receiver", "1k p50", "1k p99", "1k max", "p99 - raw Paho", "10k p50",
                "10k p99", "10k max");
        for (Receiver rc : t.keySet()) {
            List<TrialResult> l = t.get(rc);
            f(b, ROW + " %7.2f %-22s %7.2f %-22s | %7.2f %8.2f %8.2f%n", rc.title, med(l, x -> x.lat1k.p50() / 1e6),
                    stats(l, x -> x.lat1k.p99() / 1e6).show("%.2f"), med(l, x -> x.lat1k.max() / 1e6),
                    rc.osgi() ? Targets.difference(br, rc, x -> x.lat1k.p99() / 1e6).show("%+.2f") : "-",
                    med(l, x -> x.lat10k.p50() / 1e6), med(l, x -> x.lat10k.p99() / 1e6), med(l, x -> x.lat10k.max() / 1e6));
        }

        f(b, "%nFigure 3 - CPU and allocation per message in the paced runs, whole receiver JVM (process CPU time incl. GC"
                + " and JIT; bytes allocated by all threads)%n");
        f(b, ROW + " %9s %10s %-20s %10s %11s %-20s%n", "receiver", "CPU us 1k", "CPU us 10k", "x raw Paho (10k)", "alloc B 1k",
                "alloc B 10k", "x raw Paho (10k)");
        for (Receiver rc : t.keySet()) {
            List<TrialResult> l = t.get(rc);
            f(b, ROW + " %9.1f %10.1f %-20s %10.0f %11.0f %-20s%n", rc.title, med(l, x -> TrialResult.cpuUsPerMsg(x.lat1k)),
                    med(l, x -> TrialResult.cpuUsPerMsg(x.lat10k)),
                    rc.osgi() ? Targets.ratio(br, rc, x -> TrialResult.cpuUsPerMsg(x.lat10k)).show("%.2f") : "-",
                    med(l, x -> TrialResult.allocPerMsg(x.lat1k)), med(l, x -> TrialResult.allocPerMsg(x.lat10k)),
                    rc.osgi() ? Targets.ratio(br, rc, x -> TrialResult.allocPerMsg(x.lat10k)).show("%.2f") : "-");
        }

        f(b, "%nFigure 4 - threads and heap (first trial): the bundle's own threads (kii-*, and Paho's loops on its pool, renamed"
                + " 'MQTT ...') with one live link, at rest (12 s without traffic; how many of them the onboarding component's)"
                + " and right after the 10k msg/s run; heap used after GC; threads added to the framework%n");
        f(b, ROW + " %12s %8s %8s %9s  %s%n", "receiver", "at rest", "flowing", "heap MB", "+threads", "at rest");
        for (Receiver rc : t.keySet()) {
            TrialResult tr = t.get(rc).get(0);
            Map<String, String> a = tr.footprintAfter;
            Map<String, String> bf = tr.footprintBefore;
            f(b, ROW + " %12s %8s %8.1f %9s  %s%n", rc.title,
                    rc.osgi() ? tr.restThreads + " (" + tr.restOnboardingThreads + " onb.)" : "-",
                    rc.osgi() ? Integer.toString(tr.busyThreads) : "-", Run.l(a, "heapUsed") / 1048576.0,
                    bf == null ? "-" : Long.toString(Run.l(a, "threads") - Run.l(bf, "threads")), tr.restThreadNames);
        }

        f(b, "%nFigure 5 - loss accounting (first trial) at fractions of each receiver's own saturation rate%n");
        f(b, ROW + " %5s %9s %8s %9s %8s %9s %8s %6s %7s %8s %5s%n", "receiver", "load", "target/s", "pub/s", "published",
                "brokerIn", "client rx", "dispatch", "drop", "malform", "handler", "gap");
        for (Receiver rc : t.keySet()) {
            for (Run run : t.get(rc).get(0).loss) {
                f(b, ROW + " %5s %9.0f %8.0f %9d %8s %9d %8d %6d %7d %8d %5d%n", rc.title, run.label(), run.targetRate(), run.pubRate(),
                        run.sent(), run.brokerIn() < 0 ? "n/a" : Long.toString(run.brokerIn()), run.clientRx(), run.dispatched(),
                        run.dropped(), run.malformed(), run.handled(), run.bundleGap() + (run.dispatched() - run.handled()));
            }
        }
        f(b, "(brokerIn - client rx = QoS-0 messages the broker dropped before our client; gap = client rx - dispatched - dropped"
                + " - malformed - queued + dispatched - handler, must be 0)%n");

        f(b, "%nFigure 6 - component activation -> CONNECTED (first trial, startDelayMaxMs=0, local emulator)%n");
        f(b, ROW + " %14s %14s %6s | %14s %14s %6s%n", "receiver", "cold activ. ms", "-> CONNECTED", "REST", "warm activ. ms",
                "-> CONNECTED", "REST");
        for (Receiver rc : t.keySet()) {
            if (rc.osgi()) {
                TrialResult v = t.get(rc).get(0);
                f(b, ROW + " %14.1f %14.1f %6d | %14.1f %14.1f %6d%n", rc.title, v.coldActivationMs, v.coldConnectedMs,
                        v.coldRequests, v.warmActivationMs, v.warmConnectedMs, v.warmRequests);
            }
        }

        if (br.faults()) {
            f(b, "%nFigure 7 - dead link detection and reconnect (bundle on Equinox over TCP, keepAlive %d s, backoff 200-1000 ms)%n",
                    s.deadLinkKeepAliveSec());
            f(b, "%-16s %14s %14s %14s%n", "fault", "detect ms", "bound ms", "reconnect ms");
            t.getOrDefault(Receiver.EQUINOX_TCP, List.of()).stream().flatMap(x -> x.faults.stream()).forEach(fa -> f(b,
                    "%-16s %14.0f %14.0f %14.0f%n", fa.kind(), fa.detectMs(), fa.kind().startsWith("hung") ? 1500.0 * s.deadLinkKeepAliveSec() : 0.0,
                    fa.reconnectMs()));
            f(b, "(hung: the gate stops reading and writing; detection <= 1.5 x keepAlive after the last inbound packet. "
                    + "killed: sockets reset; reconnect measured from the broker restart, after %d s down)%n", s.downtimeSec());
        }
    }

    private static void fleet(StringBuilder b, FleetRun.Result f, Settings s) {
        f(b, "%nFigure 8 - fleet storm: %d gateway sessions in one JVM (per gateway the real onboarding component, SessionEngine"
                + " and Paho link code over TCP; product defaults: keep-alive 60 s, backoff 1 s..%d s with equal jitter, start"
                + " delay 0..3 s); the emulator's broker (Moquette, direct mode) killed for %d s, then restarted%n", f.size(),
                f.backoffMaxMs() / 1000, f.outageSec());
        f(b, "cold start: all %d CONNECTED %.1f s after the start, %d REST calls (%.1f per gateway)%n", f.size(), f.coldStartMs() / 1000,
                f.coldRequests(), (double) f.coldRequests() / f.size());
        StringBuilder series = new StringBuilder();
        int[] a = f.attemptsPerSecond();
        for (int i = 0; i < a.length; i++) {
            series.append(i == f.restartSecond() ? " |" : "").append(' ').append(a[i]);
        }
        f(b, "connection attempts per second from the kill ('|' = restart):%s%n", series);
        f(b, "after the restart: peak %.0f/s, mean %.1f/s (peak/mean %.2f); all CONNECTED %.1f s after the restart%n",
                f.peakPerSecond(), f.meanPerSecond(), f.peakToMean(), f.allBackMs() / 1000);
        f(b, "REST calls from the kill until all were back: %d (%.2f per gateway); MQTT installations: %d for %d gateways, %d duplicate%n",
                f.recoveryRequests(), f.restCallsPerGateway(), f.installations(), f.size(), f.duplicateInstallations());
    }

    private static Stats stats(List<TrialResult> l, ToDoubleFunction<TrialResult> figure) {
        return Stats.of(l.stream().mapToDouble(figure).toArray());
    }

    private static double med(List<TrialResult> l, ToDoubleFunction<TrialResult> figure) {
        return stats(l, figure).median();
    }

    private static void f(StringBuilder b, String fmt, Object... args) {
        b.append(String.format(Locale.ROOT, fmt, args));
    }
}
