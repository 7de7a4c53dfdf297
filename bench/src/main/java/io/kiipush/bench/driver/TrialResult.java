package io.kiipush.bench.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Everything measured in one trial of one receiver (one child JVM). */
final class TrialResult {

    /** Figure 5: one injected fault. */
    record Fault(String kind, double detectMs, double reconnectMs, String transitions) {
    }

    final Receiver receiver;
    final int trial;
    final List<Run> saturation = new ArrayList<>();
    Run lat1k;
    Run lat10k;
    final List<Run> loss = new ArrayList<>();
    Map<String, String> footprintBefore;
    Map<String, String> footprintAfter;
    double coldActivationMs;
    double coldConnectedMs;
    long coldRequests;
    double warmActivationMs;
    double warmConnectedMs;
    long warmRequests;
    /** The bundle's own threads with one live link: at rest (-1: not measured), and while messages flow. */
    int restThreads = -1;
    int restOnboardingThreads;
    String restThreadNames = "";
    int busyThreads = -1;
    final List<Fault> faults = new ArrayList<>();
    int payloadBytes;
    long clockRttNs;

    TrialResult(Receiver receiver, int trial) {
        this.receiver = receiver;
        this.trial = trial;
    }

    /** A ramp step is sustained when >= 99 % of it reached the handler at >= 97 % of the rate the publisher achieved. */
    static boolean sustained(Run r) {
        return r.handled() >= 0.99 * r.sent() && r.recvRate() >= 0.97 * r.pubRate();
    }

    /** @return the handler rate of the fastest sustained ramp step (the best rate seen if none was sustained) */
    double saturationRate() {
        return saturation.stream().filter(TrialResult::sustained).mapToDouble(Run::recvRate).max()
                .orElse(saturation.stream().mapToDouble(Run::recvRate).max().orElse(0));
    }

    /** @return CPU time of the whole receiver JVM per message handled in a run, in microseconds */
    static double cpuUsPerMsg(Run r) {
        return r.handled() == 0 ? Double.NaN : r.cpuNs() / 1e3 / r.handled();
    }

    /** @return bytes allocated in the whole receiver JVM per message handled in a run */
    static double allocPerMsg(Run r) {
        return r.handled() == 0 ? Double.NaN : (double) r.allocBytes() / r.handled();
    }

    /** @return every run of the trial */
    List<Run> runs() {
        List<Run> all = new ArrayList<>(saturation);
        all.add(lat1k);
        all.add(lat10k);
        all.addAll(loss);
        return all;
    }
}
