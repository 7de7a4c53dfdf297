package io.kiipush.bench.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.kiipush.bench.driver.Bench.BrokerResult;
import io.kiipush.bench.driver.Bench.Results;

/** Runs the smoke benchmark for the build's test and checks that its numbers add up. */
public final class BenchAccess {

    /** The printed text, how many receivers ran, the target lines, and every inconsistency found (empty = sane). */
    public record Outcome(String text, int receivers, List<String> targets, List<String> problems) {
    }

    private BenchAccess() {
    }

    public static Outcome smoke(Path work) throws Exception {
        Path lib = Bench.defaultLib();
        Settings s = Settings.smokeRun();
        Results r = new Bench(s, lib, lib.getParent().resolve("bench-logs"), work, List.of("moquette"), List.of(Receiver.DEFAULT), true)
                .run();
        List<String> problems = new ArrayList<>();
        BrokerResult br = r.brokers.get(0);
        br.trials().forEach((receiver, trials) -> {
            for (TrialResult v : trials) {
                String n = receiver.title + ": ";
                if (!(v.saturationRate() > 0)) {
                    problems.add(n + "no saturation rate");
                }
                for (Run run : v.runs()) {
                    if (run.handled() > run.sent() || run.clientRx() > run.brokerIn() || run.brokerIn() > run.sent()) {
                        problems.add(n + run.label() + " counts do not add up: " + run);
                    }
                    if (run.bundleGap() != 0 || run.dispatched() != run.handled()) {
                        problems.add(n + run.label() + " unexplained gap: " + run);
                    }
                    if (run.handled() > 0 && !(run.p50() > 0 && run.p50() <= run.p99() && run.p99() <= run.max())) {
                        problems.add(n + run.label() + " latency percentiles not ordered: " + run);
                    }
                    if (run.handled() > 0 && !(run.cpuNs() > 0 && run.allocBytes() > 0)) {
                        problems.add(n + run.label() + " no CPU or allocation figure: " + run);
                    }
                }
                if (receiver.osgi() && !(v.coldConnectedMs > 0 && v.warmConnectedMs > 0 && v.warmRequests == 0)) {
                    problems.add(n + "activation figures wrong: cold " + v.coldConnectedMs + " warm " + v.warmConnectedMs
                            + " warm REST calls " + v.warmRequests);
                }
                if (receiver.osgi() && v.trial == 0 && !(v.restThreads > 0 && v.busyThreads >= v.restThreads)) {
                    problems.add(n + "thread counts wrong: at rest " + v.restThreads + ", flowing " + v.busyThreads);
                }
            }
        });
        List<TrialResult.Fault> faults = br.trials().get(Receiver.EQUINOX_TCP).get(0).faults;
        if (faults.size() != 2) {
            problems.add("dead-link figure incomplete: " + faults);
        }
        for (TrialResult.Fault f : faults) {
            if (!(f.detectMs() >= 0 && f.detectMs() < 4000.0 * s.deadLinkKeepAliveSec() && f.reconnectMs() > 0)) {
                problems.add("dead link " + f.kind() + " out of range: " + f);
            }
        }
        FleetRun.Result fleet = r.fleet;
        if (fleet == null || fleet.installations() != s.fleetSize() || fleet.duplicateInstallations() != 0
                || fleet.recoveryRequests() != 0 || !(fleet.allBackMs() > 0)) {
            problems.add("fleet storm: " + fleet);
        }
        return new Outcome(r.text, br.trials().size(), r.targets.stream().map(Object::toString).toList(), problems);
    }
}
