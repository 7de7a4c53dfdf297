package io.kiipush.bench.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.kiipush.emulator.InstallationInfo;
import io.kiipush.emulator.KiiApp;
import io.kiipush.emulator.KiiEmulator;
import io.kiipush.emulator.MqttEndpointInfo;
import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.UserInfo;

/**
 * One trial of one receiver in a fresh child JVM: connect (the bundle: activate cold and warm through Config Admin),
 * warm up, latency at 1k and 10k msg/s (with CPU, allocation and threads), the saturation ramp; in a receiver's first
 * trial also loss accounting, the bundle's threads at rest and (bundle on Equinox over TCP, fault-injecting broker)
 * dead-link detection.
 */
final class Trial {

    private final Settings s;
    private final Broker broker;
    private final Receiver receiver;
    private final int trial;
    private final Path lib;
    private final Path logs;
    private final Path work;
    private final List<String> classPath;
    private final Path caFile;
    private final TrialResult r;
    private long seq = 1;

    Trial(Settings s, Broker broker, Receiver receiver, int trial, Path lib, Path logs, Path work, List<String> classPath,
            Path caFile) {
        this.s = s;
        this.broker = broker;
        this.receiver = receiver;
        this.trial = trial;
        this.lib = lib;
        this.logs = logs;
        this.work = work;
        this.classPath = classPath;
        this.caFile = caFile;
        this.r = new TrialResult(receiver, trial);
    }

    TrialResult run() throws Exception {
        KiiEmulator emu = broker.emulator();
        String name = receiver.id() + "-t" + (trial + 1);
        Path vwork = work.resolve(name);
        List<String> cp = new ArrayList<>(classPath);
        if (receiver.osgi()) {
            cp.add(Bench.jars(lib.resolve("framework-" + receiver.framework)).get(0).toString());
        }
        Path log = logs.resolve(name + ".log");
        Files.deleteIfExists(log);
        try (Child c = new Child(name, cp, lib, vwork, log, receiver.childArgs())) {
            r.clockRttNs = clockCheck(c);
            String topic = receiver.osgi() ? activate(c, emu, vwork, name) : connectPaho(c, emu, name);
            BenchPayload payload = new BenchPayload(emu.app().id(), "th.bench");
            r.payloadBytes = payload.fill(1_000_000, System.nanoTime());
            try (RawPublisher pub = new RawPublisher("127.0.0.1", broker.tcpPort(), emu.publisherUsername(),
                    emu.publisherPassword(), "bench-pub-" + name, topic, payload)) {
                run(c, pub, "warm-up", s.warmup(), s.warmupRate());
                drain();
                // Latency first, while nothing is backlogged in the broker from an overloaded ramp step.
                r.lat1k = run(c, pub, "1k msg/s", s.lat1k(), 1_000);
                r.lat10k = run(c, pub, "10k msg/s", s.lat10k(), 10_000);
                r.busyThreads = (int) Run.l(c.call("threads"), "bundleThreads");
                ramp(c, pub);
                drain();
                if (trial == 0) {
                    double sat = r.saturationRate();
                    for (double f : new double[] { 0.5, 0.8, 1.0, 1.2 }) {
                        double rate = f * sat;
                        r.loss.add(run(c, pub, String.format(Locale.ROOT, "%.1fx", f), (int) Math.max(50, rate * s.lossSeconds()), rate));
                    }
                }
            }
            r.footprintAfter = c.call("footprint");
            if (trial == 0 && receiver.osgi()) {
                // The dispatcher thread ends after its idle time; what stays is what a quiet gateway holds.
                Thread.sleep(s.smoke() ? 11_000 : 12_000);
                Map<String, String> t = c.call("threads");
                r.restThreads = (int) Run.l(t, "bundleThreads");
                r.restOnboardingThreads = (int) Run.l(t, "onboardingThreads");
                r.restThreadNames = t.getOrDefault("names", "");
            }
            if (trial == 0 && receiver == Receiver.EQUINOX_TCP && broker.injectsFaults()) {
                r.faults.addAll(new DeadLink(emu, s).measure(c));
            }
        }
        return r;
    }

    // The bundle: onboarding and session configured through Config Admin, cold (new thing) and warm (persisted endpoint).
    private String activate(Child c, KiiEmulator emu, Path vwork, String name) {
        c.call("start");
        r.footprintBefore = c.call("footprint");
        String dataDir = vwork.resolve("state").toString();
        String activate = "activate " + emu.baseUrl() + " " + emu.app().id() + " " + emu.app().key() + " " + dataDir + " bench-"
                + name + " " + s.keepAliveSec() + " " + receiver.transport() + (receiver.tls ? " " + caFile : "");
        long req = emu.observe().requestCount();
        Map<String, String> cold = c.call(activate);
        r.coldRequests = emu.observe().requestCount() - req;
        r.coldActivationMs = Bench.ms(Run.l(cold, "firstStateNs") - Run.l(cold, "configNs"));
        r.coldConnectedMs = Bench.ms(Run.l(cold, "connectedNs") - Run.l(cold, "firstStateNs"));
        c.call("deactivate");
        req = emu.observe().requestCount();
        Map<String, String> warm = c.call(activate);
        r.warmRequests = emu.observe().requestCount() - req;
        r.warmActivationMs = Bench.ms(Run.l(warm, "firstStateNs") - Run.l(warm, "configNs"));
        r.warmConnectedMs = Bench.ms(Run.l(warm, "connectedNs") - Run.l(warm, "firstStateNs"));
        return warm.get("clientId");
    }

    // The baseline: an MQTT installation of a fresh user, its endpoint, a plain MqttAsyncClient.
    private String connectPaho(Child c, KiiEmulator emu, String name) throws Exception {
        KiiApp app = emu.app();
        UserInfo u = app.registerUser("bench-" + name, "bench-pass");
        InstallationInfo inst = app.installMqtt(Subscriber.user(u.userId()), false);
        MqttEndpointInfo ep = app.mqttEndpoint(inst.installationId());
        String uri = receiver.tls ? ep.sslUri() : ep.tcpUri();
        c.call("paho " + uri + " " + ep.mqttTopic() + " " + ep.username() + " " + ep.password() + " " + ep.mqttTopic() + " "
                + s.keepAliveSec() + (receiver.tls ? " " + caFile : ""));
        return ep.mqttTopic();
    }

    // Paced steps, 1.25 x faster each, until one is not sustained; then +5 % steps above the last sustained one.
    private void ramp(Child c, RawPublisher pub) throws Exception {
        double rate = s.rampStart();
        boolean refine = false;
        for (int i = 0; i < s.maxSteps(); i++, rate *= 1.25) {
            Run step = run(c, pub, String.format(Locale.ROOT, "ramp %.0f/s", rate), (int) (rate * s.stepSeconds()), rate);
            r.saturation.add(step);
            if (!TrialResult.sustained(step)) {
                refine = true;
                break;
            }
        }
        // 1.25 x steps alone cannot resolve a ratio of 0.9 or 0.95.
        for (int k = 1; refine && k <= s.refineSteps(); k++) {
            double fine = rate / 1.25 * (1 + 0.05 * k);
            drain();
            Run step = run(c, pub, String.format(Locale.ROOT, "refine %.0f/s", fine), (int) (fine * s.stepSeconds()), fine);
            r.saturation.add(step);
            refine = TrialResult.sustained(step);
        }
    }

    // A publisher-side pause, not a test wait: a backlog an overloaded step left in the broker would leak into the next run.
    private void drain() throws InterruptedException {
        Thread.sleep(s.drainMs());
    }

    private Run run(Child c, RawPublisher pub, String label, int count, double rate) throws Exception {
        c.call("reset " + count);
        Map<String, String> before = c.call("status");
        long broker0 = broker.publishCount();
        RawPublisher.Result res = pub.publish(count, rate, seq);
        seq += count;
        // Wait until the receiver has everything, or nothing more arrives for 1.5 s.
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long n = Run.l(c.call("count"), "count");
            if (n >= count) {
                break;
            }
            if (n != last) {
                last = n;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 1_500_000_000L) {
                break;
            }
            Thread.sleep(50);
        }
        Thread.sleep(100); // let the broker's publish counter and the bundle's counters settle
        Map<String, String> after = c.call("stats");
        long brokerIn = broker0 < 0 ? -1 : broker.publishCount() - broker0;
        Run run = Run.of(label, rate, res, brokerIn, before, after, receiver.osgi());
        Bench.log(String.format(Locale.ROOT, "  %-22s %-14s sent %d at %.0f/s, handled %d at %.0f/s, p50 %.2f ms p99 %.2f ms",
                receiver.title, label, run.sent(), run.pubRate(), run.handled(), run.recvRate(), run.p50() / 1e6, run.p99() / 1e6));
        return run;
    }

    // The child's nanoTime must fall between ours before and after the call: one CLOCK_MONOTONIC for both JVMs.
    private static long clockCheck(Child c) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long a = System.nanoTime();
            long child = Run.l(c.call("clock"), "nanos");
            long b = System.nanoTime();
            if (child < a || child > b) {
                throw new IllegalStateException("System.nanoTime differs between JVMs: latencies would be meaningless");
            }
            best = Math.min(best, b - a);
        }
        return best;
    }
}
