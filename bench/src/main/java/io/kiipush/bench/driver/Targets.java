package io.kiipush.bench.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.kiipush.bench.driver.Bench.BrokerResult;
import io.kiipush.bench.driver.Bench.Results;

/**
 * The targets, from the medians of the interleaved trials of the first broker that ran (mosquitto when
 * installed: the lighter broker leaves the receiver the CPU a separate broker machine would) and from the fleet storm.
 */
final class Targets {

    /** One {@code TARGET <name> <value> <goal> MET|MISSED} line. */
    record Line(String name, String value, String goal, boolean met) {
        @Override
        public String toString() {
            return "TARGET " + name + " " + value + " " + goal + " " + (met ? "MET" : "MISSED");
        }
    }

    static final double JAR_LIMIT_BYTES = 400_000;
    static final int THREAD_LIMIT = 4;

    private Targets() {
    }

    static List<Line> of(Results r, Settings s) {
        List<Line> lines = new ArrayList<>();
        BrokerResult b = r.brokers.isEmpty() ? null : r.brokers.get(0);
        if (b != null) {
            for (Receiver bundle : new Receiver[] { Receiver.EQUINOX_TCP, Receiver.EQUINOX_TLS }) {
                if (!b.trials().containsKey(bundle)) {
                    continue;
                }
                String t = bundle.tls ? "tls" : "tcp";
                Stats thr = ratio(b, bundle, TrialResult::saturationRate);
                lines.add(new Line("throughput_" + t, x(thr.median()), ">=1.00x", thr.median() >= 1.0));
                Stats p99 = difference(b, bundle, tr -> tr.lat1k.p99() / 1e6);
                lines.add(new Line("p99_1k_" + t, f("%+.2fms", p99.median()), "<=+1.00ms", p99.median() <= 1.0));
                Stats cpu = ratio(b, bundle, tr -> TrialResult.cpuUsPerMsg(tr.lat10k));
                lines.add(new Line("cpu_per_msg_" + t, x(cpu.median()), "<=1.00x", cpu.median() <= 1.0));
                Stats alloc = ratio(b, bundle, tr -> TrialResult.allocPerMsg(tr.lat10k));
                lines.add(new Line("alloc_per_msg_" + t, x(alloc.median()), "<=1.50x", alloc.median() <= 1.5));
            }
            int threads = b.trials().entrySet().stream().filter(e -> e.getKey().osgi()).flatMap(e -> e.getValue().stream())
                    .mapToInt(tr -> tr.restThreads).max().orElse(-1);
            if (threads >= 0) {
                lines.add(new Line("bundle_threads_one_link", Integer.toString(threads), "<=" + THREAD_LIMIT, threads <= THREAD_LIMIT));
            }
        }
        lines.add(new Line("bundle_jar", f("%.1fKB", r.bundleJarBytes / 1000.0), "<=400KB", r.bundleJarBytes <= JAR_LIMIT_BYTES));
        FleetRun.Result f = r.fleet;
        if (f != null) {
            lines.add(new Line("fleet_reconnect_peak_to_mean", x(f.peakToMean()), "<=3.00x", f.peakToMean() <= 3.0));
            double bound = f.backoffMaxMs() / 1000.0;
            lines.add(new Line("fleet_all_back_after_restart", f("%.1fs", f.allBackMs() / 1000), f("<=%.0fs", bound),
                    f.allBackMs() / 1000 <= bound));
            lines.add(new Line("fleet_duplicate_installations", Integer.toString(f.duplicateInstallations()), "==0",
                    f.duplicateInstallations() == 0));
            lines.add(new Line("fleet_rest_calls_per_gateway", f("%.2f", f.restCallsPerGateway()), "==0",
                    f.recoveryRequests() == 0));
        }
        return lines;
    }

    /** @return per trial, the bundle's figure divided by raw Paho's of the same transport and round */
    static Stats ratio(BrokerResult b, Receiver bundle, ToDoubleFunction<TrialResult> figure) {
        return paired(b, bundle, figure, (x, base) -> x / base);
    }

    /** @return per trial, the bundle's figure minus raw Paho's of the same transport and round */
    static Stats difference(BrokerResult b, Receiver bundle, ToDoubleFunction<TrialResult> figure) {
        return paired(b, bundle, figure, (x, base) -> x - base);
    }

    private static Stats paired(BrokerResult b, Receiver bundle, ToDoubleFunction<TrialResult> figure,
            java.util.function.DoubleBinaryOperator op) {
        List<TrialResult> mine = b.trials().get(bundle);
        List<TrialResult> base = b.trials().get(bundle.baseline());
        if (mine == null || base == null) {
            return Stats.of();
        }
        int n = Math.min(mine.size(), base.size());
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = op.applyAsDouble(figure.applyAsDouble(mine.get(i)), figure.applyAsDouble(base.get(i)));
        }
        return Stats.of(v);
    }

    private static String x(double v) {
        return f("%.2fx", v);
    }

    private static String f(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
