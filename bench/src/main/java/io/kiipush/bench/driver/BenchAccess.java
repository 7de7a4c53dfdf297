package io.kiipush.bench.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.kiipush.bench.driver.Bench.Fault;
import io.kiipush.bench.driver.Bench.Results;
import io.kiipush.bench.driver.Bench.VariantResult;

/** Runs the smoke benchmark for the build's test and checks that its numbers add up. */
public final class BenchAccess {

    /** The printed table, how many receivers ran, and every inconsistency found (empty = sane). */
    public record Outcome(String text, int variants, List<String> problems) {
    }

    private BenchAccess() {
    }

    public static Outcome smoke(Path work) throws Exception {
        Path lib = Bench.defaultLib();
        Results r = new Bench(Bench.Settings.smokeRun(), lib, lib.getParent().resolve("bench-logs"), work).run();
        List<String> problems = new ArrayList<>();
        for (VariantResult v : r.variants.values()) {
            String n = v.variant.title + ": ";
            if (!(v.saturationRate() > 0)) {
                problems.add(n + "no saturation rate");
            }
            for (Run run : concat(v)) {
                if (run.handled() > run.sent() || run.clientRx() > run.brokerIn() || run.brokerIn() > run.sent()) {
                    problems.add(n + run.label() + " counts do not add up: " + run);
                }
                if (run.bundleGap() != 0 || run.dispatched() != run.handled()) {
                    problems.add(n + run.label() + " unexplained gap: " + run);
                }
                if (run.handled() > 0 && !(run.p50() > 0 && run.p50() <= run.p99() && run.p99() <= run.max())) {
                    problems.add(n + run.label() + " latency percentiles not ordered: " + run);
                }
            }
            if (v.lat1k.handled() == 0 || v.lat10k.handled() == 0) {
                problems.add(n + "paced runs received nothing");
            }
            if (v.variant.osgi() && !(v.coldConnectedMs > 0 && v.warmConnectedMs > 0 && v.warmRequests == 0)) {
                problems.add(n + "activation figures wrong: cold " + v.coldConnectedMs + " warm " + v.warmConnectedMs
                        + " warm REST calls " + v.warmRequests);
            }
            if (Run.l(v.footprintAfter, "threads") <= 0) {
                problems.add(n + "no footprint");
            }
        }
        if (r.faults.size() != 2) {
            problems.add("figure 5 incomplete: " + r.faults);
        }
        for (Fault f : r.faults) {
            if (!(f.detectMs() >= 0 && f.detectMs() < 4000.0 * Bench.Settings.smokeRun().keepAliveSec() && f.reconnectMs() > 0)) {
                problems.add("figure 5 " + f.kind() + " out of range: " + f);
            }
        }
        return new Outcome(r.text, r.variants.size(), problems);
    }

    private static List<Run> concat(VariantResult v) {
        List<Run> all = new ArrayList<>(v.saturation);
        all.add(v.lat1k);
        all.add(v.lat10k);
        all.addAll(v.loss);
        return all;
    }
}
