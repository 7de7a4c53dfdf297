package io.kiipush.bench.driver;

import java.util.Locale;
import java.util.Map;

import io.kiipush.bench.driver.Bench.Fault;
import io.kiipush.bench.driver.Bench.Results;
import io.kiipush.bench.driver.Bench.Settings;
import io.kiipush.bench.driver.Bench.Variant;
import io.kiipush.bench.driver.Bench.VariantResult;

/** Renders the six figures as plain-text tables with ratios against the raw-Paho baseline. */
final class Report {

    private Report() {
    }

    static String render(Results r, Settings s, double seconds) {
        StringBuilder b = new StringBuilder();
        VariantResult paho = r.variants.get(Variant.PAHO);
        f(b, "Kii push gateway bench (%s run, %.0f s): payload %d B, QoS 0, receivers in child JVMs %s, clock check RTT %.0f us%n",
                s.smoke() ? "SMOKE" : "full", seconds, r.payloadBytes, Child.JVM_OPTIONS, r.clockRttNs / 1e3);

        f(b, "%nFigure 1 - saturation throughput (paced ramp from %.0f msg/s, x1.25 per %.1f s step, then up to %d steps of"
                + " +5%% above the last sustained one; highest sustained step: >= 99%% delivered at >= 97%% of the publisher's"
                + " rate)%n", Bench.RAMP_START, s.stepSeconds(), Bench.REFINE_STEPS);
        f(b, "%-28s %12s %10s %16s %s%n", "receiver", "msg/s", "x Paho", "first failed at", "(step: handled/sent)");
        for (VariantResult v : r.variants.values()) {
            StringBuilder steps = new StringBuilder();
            String failed = "-";
            for (Run run : v.saturation) {
                steps.append(String.format(Locale.ROOT, " %.1fk:%.1f%%", run.pubRate() / 1000, pct(run)));
                if (!Bench.sustained(run)) {
                    failed = String.format(Locale.ROOT, "%.0f/s", run.pubRate());
                }
            }
            f(b, "%-28s %12.0f %10.2f %16s%s%n", v.variant.title, v.saturationRate(),
                    v.saturationRate() / paho.saturationRate(), failed, steps);
        }

        f(b, "%nFigure 2 - latency publish -> handler (ms)%n");
        f(b, "%-28s %8s %8s %8s %8s %9s | %8s %8s %8s %8s%n", "receiver", "1k p50", "p99", "max", "p99-Paho", "delivered",
                "10k p50", "p99", "max", "delivered");
        for (VariantResult v : r.variants.values()) {
            f(b, "%-28s %8.2f %8.2f %8.2f %+8.2f %8.1f%% | %8.2f %8.2f %8.2f %8.1f%%%n", v.variant.title, v.lat1k.p50() / 1e6,
                    v.lat1k.p99() / 1e6, v.lat1k.max() / 1e6, (v.lat1k.p99() - paho.lat1k.p99()) / 1e6, pct(v.lat1k),
                    v.lat10k.p50() / 1e6, v.lat10k.p99() / 1e6, v.lat10k.max() / 1e6, pct(v.lat10k));
        }

        f(b, "%nFigure 3 - loss accounting at fractions of each receiver's own saturation rate%n");
        f(b, "%-28s %5s %9s %8s %8s %8s %10s %8s %6s %8s %8s %7s%n", "receiver", "load", "target/s", "pub/s", "published",
                "brokerIn", "client rx", "dispatch", "drop", "malform", "handler", "gap");
        for (VariantResult v : r.variants.values()) {
            for (Run run : v.loss) {
                f(b, "%-28s %5s %9.0f %8.0f %8d %8d %10d %8d %6d %8d %8d %7d%n", v.variant.title, run.label(), run.targetRate(),
                        run.pubRate(), run.sent(), run.brokerIn(), run.clientRx(), run.dispatched(), run.dropped(), run.malformed(),
                        run.handled(), run.bundleGap() + (run.dispatched() - run.handled()));
            }
        }
        f(b, "(brokerIn - client rx = QoS-0 messages Moquette dropped before our client; gap = client rx - dispatched - dropped"
                + " - malformed - queued + dispatched - handler, must be 0)%n");

        f(b, "%nFigure 4 - component activation -> CONNECTED (keepAlive %d s, startDelayMaxMs=0, local emulator, MQTT/TCP)%n",
                s.keepAliveSec());
        f(b, "%-28s %14s %14s %8s | %14s %14s %8s%n", "receiver", "cold activ. ms", "-> CONNECTED", "REST", "warm activ. ms",
                "-> CONNECTED", "REST");
        for (VariantResult v : r.variants.values()) {
            if (v.variant.osgi()) {
                f(b, "%-28s %14.1f %14.1f %8d | %14.1f %14.1f %8d%n", v.variant.title, v.coldActivationMs, v.coldConnectedMs,
                        v.coldRequests, v.warmActivationMs, v.warmConnectedMs, v.warmRequests);
            }
        }

        f(b, "%nFigure 5 - dead link detection and reconnect (bundle on Equinox, keepAlive %d s, backoff 200-1000 ms)%n",
                s.keepAliveSec());
        f(b, "%-16s %14s %14s %14s%n", "fault", "detect ms", "bound ms", "reconnect ms");
        for (Fault fa : r.faults) {
            f(b, "%-16s %14.0f %14.0f %14.0f%n", fa.kind(), fa.detectMs(),
                    fa.kind().startsWith("hung") ? 1500.0 * s.keepAliveSec() : 0.0, fa.reconnectMs());
        }
        f(b, "(hung: the gate stops reading and writing; detection <= 1.5 x keepAlive after the last inbound packet. "
                + "killed: sockets reset; reconnect measured from the broker restart, after %d s down)%n", s.downtimeSec());

        f(b, "%nFigure 6 - footprint (bundle jar %d bytes)%n", r.bundleJarBytes);
        f(b, "%-28s %10s %10s %8s %6s %8s %12s %12s %10s%n", "receiver", "heap MB", "+bundle MB", "threads", "kii-*", "+threads",
                "alloc B/msg", "x Paho", "CPU us/msg");
        double pahoAlloc = perMsg(paho.lat10k.allocBytes(), paho.lat10k);
        for (VariantResult v : r.variants.values()) {
            Map<String, String> a = v.footprintAfter;
            Map<String, String> bf = v.footprintBefore;
            double heap = Run.l(a, "heapUsed") / 1048576.0;
            double dheap = bf == null ? Double.NaN : (Run.l(a, "heapUsed") - Run.l(bf, "heapUsed")) / 1048576.0;
            long dthreads = bf == null ? 0 : Run.l(a, "threads") - Run.l(bf, "threads");
            double alloc = perMsg(v.lat10k.allocBytes(), v.lat10k);
            f(b, "%-28s %10.1f %10.1f %8d %6d %8d %12.0f %12.2f %10.1f%n", v.variant.title, heap, dheap, Run.l(a, "threads"),
                    Run.l(a, "kiiThreads"), dthreads, alloc, alloc / pahoAlloc, perMsg(v.lat10k.cpuNs(), v.lat10k) / 1e3);
        }
        f(b, "(heap used after 3 x System.gc(); +bundle/+threads = after activation and runs minus the framework alone; "
                + "alloc and CPU per message over the 10k msg/s run, whole receiver JVM)%n");

        f(b, "%nTargets%n");
        for (VariantResult v : r.variants.values()) {
            if (v.variant.osgi()) {
                double ratio = v.saturationRate() / paho.saturationRate();
                double dp99 = (v.lat1k.p99() - paho.lat1k.p99()) / 1e6;
                f(b, "%-28s throughput %.2f x Paho (target >= 0.90: %s); p99 @1k %+.2f ms vs Paho (target <= +1 ms: %s)%n",
                        v.variant.title, ratio, ratio >= 0.9 ? "MET" : "MISSED", dp99, dp99 <= 1.0 ? "MET" : "MISSED");
            }
        }
        return b.toString();
    }

    private static double pct(Run r) {
        return 100.0 * r.handled() / Math.max(1, r.sent());
    }

    private static double perMsg(long total, Run r) {
        return r.handled() == 0 ? 0 : (double) total / r.handled();
    }

    private static void f(StringBuilder b, String fmt, Object... args) {
        b.append(String.format(Locale.ROOT, fmt, args));
    }
}
