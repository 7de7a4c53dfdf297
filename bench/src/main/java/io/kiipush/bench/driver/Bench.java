package io.kiipush.bench.driver;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.kiipush.emulator.InstallationInfo;
import io.kiipush.emulator.KiiApp;
import io.kiipush.emulator.KiiEmulator;
import io.kiipush.emulator.MqttEndpointInfo;
import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.UserInfo;

/**
 * The benchmark driver: starts the Kii emulator, then one receiver JVM per variant (raw Paho, the bundle on Equinox,
 * on Felix with default EventAdmin, on Felix with {@code Timeout=0}), drives the same raw-socket publisher against
 * each and prints the six figures. {@code --smoke} runs tiny numbers (used by the build); see docs/performance.md.
 */
public final class Bench {

    /** The receivers, in run order; the last one (Equinox, Kura's framework) also runs figures 4 detail and 5. */
    enum Variant {
        PAHO("raw Paho 1.2.5", null, null, "paho"),
        FELIX("bundle/Felix EA default", "felix", "default", "osgi", "felix", "default"),
        FELIX_T0("bundle/Felix EA Timeout=0", "felix", "0", "osgi", "felix", "0"),
        EQUINOX("bundle/Equinox event", "equinox", "default", "osgi", "equinox", "default");

        final String title;
        final String framework;
        final String[] args;

        Variant(String title, String framework, String timeout, String... args) {
            this.title = title;
            this.framework = framework;
            this.args = args;
        }

        boolean osgi() {
            return framework != null;
        }
    }

    /** Run sizes. */
    record Settings(boolean smoke, int warmup, int warmupRate, double stepSeconds, int maxSteps, int lat1k, int lat10k,
            double lossSeconds, int keepAliveSec, int downtimeSec) {
        static Settings fullRun() {
            return new Settings(false, 20_000, 5_000, 2.0, 14, 10_000, 50_000, 3.0, 5, 2);
        }

        static Settings smokeRun() {
            return new Settings(true, 300, 1_000, 0.2, 3, 200, 500, 0.25, 5, 1);
        }
    }

    /** First step of the saturation ramp (msg/s); each further step is 1.25 x the previous one. */
    static final double RAMP_START = 4_000;

    /** Steps of 5 % tried between the last sustained and the first failed ramp step. */
    static final int REFINE_STEPS = 4;

    /** Everything measured for one variant. */
    static final class VariantResult {
        final Variant variant;
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

        VariantResult(Variant v) {
            this.variant = v;
        }

        /** @return the handler rate of the fastest ramp step that was sustained (see {@link #sustained(Run)}) */
        double saturationRate() {
            // No sustained step at all (only with the smoke run's tiny steps): the best rate seen.
            return saturation.stream().filter(Bench::sustained).mapToDouble(Run::recvRate).max()
                    .orElse(saturation.stream().mapToDouble(Run::recvRate).max().orElse(0));
        }
    }

    /** Figure 5. */
    record Fault(String kind, double detectMs, double reconnectMs, String transitions) {
    }

    /** All results plus the printed text. */
    static final class Results {
        final Map<Variant, VariantResult> variants = new LinkedHashMap<>();
        final List<Fault> faults = new ArrayList<>();
        long bundleJarBytes;
        long clockRttNs;
        int payloadBytes;
        String text;
    }

    private final Settings s;
    private final Path lib;
    private final Path logs;
    private final Path work;
    private final List<String> classPath;
    private final Results results = new Results();
    private KiiEmulator emu;
    private long seq = 1;
    private int publisherNo;

    Bench(Settings settings, Path lib, Path logs, Path work) {
        this.s = settings;
        this.lib = lib;
        this.logs = logs;
        this.work = work;
        this.classPath = childClassPath();
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = Arrays.asList(args).contains("--smoke");
        Path lib = defaultLib();
        Path logs = lib.getParent().resolve("bench-logs");
        Path work = Files.createTempDirectory("kiipush-bench");
        Results r = new Bench(smoke ? Settings.smokeRun() : Settings.fullRun(), lib, logs, work).run();
        System.out.println(r.text);
    }

    /** @return bench-lib next to this jar (or next to target/classes) unless {@code kiipush.bench.lib} says otherwise */
    static Path defaultLib() throws Exception {
        String p = System.getProperty("kiipush.bench.lib");
        if (p != null) {
            return Paths.get(p);
        }
        Path code = Paths.get(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return code.getParent().resolve("bench-lib");
    }

    /** @return all variants, or raw Paho (always: it is the baseline) plus those named in {@code kiipush.bench.variants} */
    static List<Variant> variants() {
        String only = System.getProperty("kiipush.bench.variants", "").trim();
        if (only.isEmpty()) {
            return Arrays.asList(Variant.values());
        }
        List<Variant> list = new ArrayList<>(List.of(Variant.PAHO));
        for (String name : only.split(",")) {
            Variant v = Variant.valueOf(name.trim().toUpperCase(Locale.ROOT));
            if (!list.contains(v)) {
                list.add(v);
            }
        }
        return list;
    }

    Results run() throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(logs);
        results.bundleJarBytes = Files.size(lib.resolve("common").resolve("io.kiipush.gateway.jar"));
        emu = KiiEmulator.builder().publishLogCapacity(0).build().start();
        try {
            for (Variant v : variants()) {
                log("== " + v.title);
                results.variants.put(v, measure(v));
            }
        } finally {
            emu.stop();
            deleteTree(work);
        }
        results.text = Report.render(results, s, (System.nanoTime() - t0) / 1e9);
        return results;
    }

    private VariantResult measure(Variant v) throws Exception {
        VariantResult r = new VariantResult(v);
        Path vwork = work.resolve(v.name().toLowerCase(Locale.ROOT));
        List<String> cp = new ArrayList<>(classPath);
        if (v.osgi()) {
            cp.add(jars(lib.resolve("framework-" + v.framework)).get(0).toString());
        }
        Path log = logs.resolve(v.name().toLowerCase(Locale.ROOT) + ".log");
        Files.deleteIfExists(log);
        try (Child c = new Child(v.name().toLowerCase(Locale.ROOT), cp, lib, vwork, log, v.args)) {
            clockCheck(c);
            String topic;
            if (v.osgi()) {
                c.call("start");
                r.footprintBefore = c.call("footprint");
                String dataDir = vwork.resolve("state").toString();
                String activate = "activate " + emu.baseUrl() + " " + emu.app().id() + " " + emu.app().key() + " " + dataDir
                        + " bench-" + v.name().toLowerCase(Locale.ROOT).replace('_', '-') + " " + s.keepAliveSec;
                long req = emu.observe().requestCount();
                Map<String, String> cold = c.call(activate);
                r.coldRequests = emu.observe().requestCount() - req;
                r.coldActivationMs = ms(Run.l(cold, "firstStateNs") - Run.l(cold, "configNs"));
                r.coldConnectedMs = ms(Run.l(cold, "connectedNs") - Run.l(cold, "firstStateNs"));
                c.call("deactivate");
                req = emu.observe().requestCount();
                Map<String, String> warm = c.call(activate);
                r.warmRequests = emu.observe().requestCount() - req;
                r.warmActivationMs = ms(Run.l(warm, "firstStateNs") - Run.l(warm, "configNs"));
                r.warmConnectedMs = ms(Run.l(warm, "connectedNs") - Run.l(warm, "firstStateNs"));
                topic = warm.get("clientId");
            } else {
                KiiApp app = emu.app();
                UserInfo u = app.registerUser("bench-paho", "bench-pass");
                InstallationInfo inst = app.installMqtt(Subscriber.user(u.userId()), false);
                MqttEndpointInfo ep = app.mqttEndpoint(inst.installationId());
                c.call("paho " + ep.tcpUri() + " " + ep.mqttTopic() + " " + ep.username() + " " + ep.password() + " " + ep.mqttTopic());
                topic = ep.mqttTopic();
            }
            BenchPayload payload = new BenchPayload(emu.app().id(), "th.bench");
            results.payloadBytes = payload.fill(1_000_000, System.nanoTime());
            try (RawPublisher pub = publisher(topic, payload)) {
                run(c, pub, v, "warm-up", s.warmup, s.warmupRate);
                // Below every receiver's saturation, then a pause before the 1k run.
                letBrokerDrain();
                // Latency first, while nothing is backlogged in the broker from an overloaded ramp step.
                r.lat1k = run(c, pub, v, "1k msg/s", s.lat1k, 1_000);
                r.lat10k = run(c, pub, v, "10k msg/s", s.lat10k, 10_000);
                // Ramp: paced steps, 1.25 x faster each, until a step is no longer sustained.
                double rate = RAMP_START;
                boolean refine = false; // set when a ramp step fails
                for (int i = 0; i < s.maxSteps; i++, rate *= 1.25) {
                    Run step = run(c, pub, v, String.format(Locale.ROOT, "ramp %.0f/s", rate), (int) (rate * s.stepSeconds), rate);
                    r.saturation.add(step);
                    if (!sustained(step)) {
                        refine = true;
                        break;
                    }
                }
                // Refine between the last sustained and the failed step in 5 % steps: 1.25 x alone cannot resolve a 0.9 ratio.
                for (int k = 1; refine && k <= REFINE_STEPS; k++) {
                    double fine = rate / 1.25 * (1 + 0.05 * k);
                    letBrokerDrain();
                    Run step = run(c, pub, v, String.format(Locale.ROOT, "refine %.0f/s", fine), (int) (fine * s.stepSeconds), fine);
                    r.saturation.add(step);
                    refine = sustained(step); // stop at the first refined step that fails
                }
                letBrokerDrain();
                double sat = r.saturationRate();
                for (double f : new double[] { 0.5, 0.8, 1.0, 1.2 }) {
                    rate = f * sat;
                    int count = (int) Math.max(50, rate * s.lossSeconds);
                    r.loss.add(run(c, pub, v, String.format(Locale.ROOT, "%.1fx", f), count, rate));
                }
            }
            r.footprintAfter = c.call("footprint");
            if (v == Variant.EQUINOX) {
                faults(c);
            }
        }
        return r;
    }

    // A publisher-side pause, not a test wait: a backlog an overloaded step left in the broker would leak into the next run.
    private void letBrokerDrain() throws InterruptedException {
        Thread.sleep(s.smoke ? 200 : 2000);
    }

    /** A step is sustained when >= 99 % of it reached the handler at >= 97 % of the rate the publisher achieved. */
    static boolean sustained(Run r) {
        return r.handled() >= 0.99 * r.sent() && r.recvRate() >= 0.97 * r.pubRate();
    }

    private RawPublisher publisher(String topic, BenchPayload payload) throws IOException {
        return new RawPublisher("127.0.0.1", emu.mqttPort(), emu.publisherUsername(), emu.publisherPassword(),
                "bench-pub-" + (++publisherNo), topic, payload);
    }

    private Run run(Child c, RawPublisher pub, Variant v, String label, int count, double rate) throws Exception {
        c.call("reset " + count);
        Map<String, String> before = c.call("status");
        long broker0 = emu.observe().publishCount();
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
        Run r = Run.of(label, rate, res, emu.observe().publishCount() - broker0, before, after, v.osgi());
        log(String.format(Locale.ROOT, "  %-14s sent %d at %.0f/s, handled %d at %.0f/s, p50 %.2f ms p99 %.2f ms", label,
                r.sent(), r.pubRate(), r.handled(), r.recvRate(), r.p50() / 1e6, r.p99() / 1e6));
        return r;
    }

    // Figure 5: hung broker (gate stops reading/writing) and killed broker, against the configured keep-alive.
    private void faults(Child c) throws Exception {
        int ka = s.keepAliveSec;
        c.call("clearstates");
        long t0 = System.nanoTime();
        emu.faults().hangBroker();
        long detected = awaitTransition(c, t0, "CONNECTED>", 4L * ka);
        long resumed = System.nanoTime();
        emu.faults().resumeBroker();
        long connected = awaitTransition(c, resumed, ">CONNECTED", 60);
        results.faults.add(new Fault("hung broker", ms(detected - t0), ms(connected - resumed), c.call("states").get("events")));

        c.call("clearstates");
        t0 = System.nanoTime();
        emu.faults().killBroker();
        detected = awaitTransition(c, t0, "CONNECTED>", 4L * ka);
        Thread.sleep(s.downtimeSec * 1000L);
        resumed = System.nanoTime();
        emu.faults().restartBroker();
        connected = awaitTransition(c, resumed, ">CONNECTED", 60);
        results.faults.add(new Fault("killed broker", ms(detected - t0), ms(connected - resumed), c.call("states").get("events")));
    }

    // Waits for a STATE_CHANGED event after 'since' whose "PREV>STATE" contains 'match'; returns its time.
    private static long awaitTransition(Child c, long since, String match, long timeoutSec) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSec * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            String events = c.call("states").get("events");
            if (events != null) {
                for (String e : events.split(",")) {
                    int colon = e.indexOf(':');
                    if (colon > 0 && e.substring(colon + 1).contains(match)) {
                        long t = Long.parseLong(e.substring(0, colon));
                        if (t >= since) {
                            return t;
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no transition " + match + " within " + timeoutSec + " s");
    }

    // The child's nanoTime must fall between ours before and after the call: one CLOCK_MONOTONIC for both JVMs.
    private void clockCheck(Child c) {
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
        results.clockRttNs = best;
    }

    private List<String> childClassPath() {
        // This JVM's class path without the compile-only OSGi jars: each child adds exactly one framework jar.
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).filter(e -> {
            String n = Paths.get(e).getFileName().toString();
            return !(n.startsWith("osgi.core") || n.startsWith("osgi.cmpn") || n.startsWith("org.osgi.") || n.startsWith("io.kiipush.gateway")
                    || n.startsWith("kiipush-kura-api") || n.startsWith("org.apache.felix") || n.startsWith("org.eclipse.osgi"));
        }).collect(Collectors.toList());
    }

    static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> st = Files.list(dir)) {
            return st.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> st = Files.walk(p)) {
            for (Path f : st.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(f);
            }
        }
    }

    static double ms(long ns) {
        return ns / 1e6;
    }

    private static void log(String line) {
        System.err.println(line);
    }
}
