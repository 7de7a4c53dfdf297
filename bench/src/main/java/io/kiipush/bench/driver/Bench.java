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

/**
 * The benchmark driver. Per broker (mosquitto when installed, then the emulator's Moquette) it runs interleaved trials
 * of every receiver (raw Paho and the bundle on Equinox, over TCP and TLS: A B C D A B C D ...), each in a fresh child
 * JVM against the same raw-socket publisher and payload; then the fleet storm; then it prints the figures and one
 * {@code TARGET} line per target. {@code --smoke} runs tiny numbers (the build's test). See docs/performance.md.
 */
public final class Bench {

    /** The trials of every receiver against one broker. */
    record BrokerResult(String broker, boolean faults, Map<Receiver, List<TrialResult>> trials) {
    }

    /** All results plus the printed text. */
    static final class Results {
        final List<BrokerResult> brokers = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        FleetRun.Result fleet;
        long bundleJarBytes;
        String loadStart;
        String loadEnd;
        String text;
        List<Targets.Line> targets = List.of();
    }

    private final Settings s;
    private final Path lib;
    private final Path logs;
    private final Path work;
    private final List<String> brokers;
    private final List<Receiver> receivers;
    private final boolean fleet;
    private final List<String> classPath;

    Bench(Settings s, Path lib, Path logs, Path work, List<String> brokers, List<Receiver> receivers, boolean fleet) {
        this.s = s;
        this.lib = lib;
        this.logs = logs;
        this.work = work;
        this.brokers = brokers;
        this.receivers = receivers;
        this.fleet = fleet;
        this.classPath = childClassPath();
    }

    /**
     * Options: {@code --smoke}, {@code --trials N} (default 3), {@code --brokers mosquitto,moquette} (or {@code none}),
     * {@code --receivers EQUINOX_TCP,...} (raw Paho of each transport is added), {@code --no-fleet}.
     */
    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean smoke = a.contains("--smoke");
        int trials = Integer.parseInt(option(a, "--trials", "3"));
        Settings settings = smoke ? Settings.smokeRun() : Settings.fullRun(trials);
        List<String> brokers = Arrays.stream(option(a, "--brokers", smoke ? "moquette" : "mosquitto,moquette").split(","))
                .filter(b -> !b.isBlank() && !"none".equals(b)).collect(Collectors.toList());
        List<Receiver> receivers = receivers(option(a, "--receivers", ""));
        Path lib = defaultLib();
        Path work = Files.createTempDirectory("kiipush-bench");
        Results r = new Bench(settings, lib, lib.getParent().resolve("bench-logs"), work, brokers, receivers, !a.contains("--no-fleet"))
                .run();
        System.out.println(r.text);
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    /** @return the named receivers in the default order, plus the raw Paho baseline of each transport among them */
    static List<Receiver> receivers(String names) {
        if (names.isBlank()) {
            return List.of(Receiver.DEFAULT);
        }
        List<Receiver> chosen = new ArrayList<>();
        for (String n : names.split(",")) {
            Receiver r = Receiver.valueOf(n.trim().toUpperCase(Locale.ROOT));
            for (Receiver each : new Receiver[] { r.baseline(), r }) {
                if (!chosen.contains(each)) {
                    chosen.add(each);
                }
            }
        }
        chosen.sort(Comparator.comparingInt(Enum::ordinal));
        return chosen;
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

    Results run() throws Exception {
        long t0 = System.nanoTime();
        Results results = new Results();
        results.loadStart = loadAverage();
        Files.createDirectories(logs);
        results.bundleJarBytes = Files.size(lib.resolve("common").resolve("io.kiipush.gateway.jar"));
        try {
            for (String name : brokers) {
                if ("mosquitto".equals(name) && !MosquittoBroker.available()) {
                    results.notes.add("mosquitto is not installed: its rows are missing (bench/run installs it with apt-get)");
                    continue;
                }
                log("== broker " + name);
                try (Broker b = open(name)) {
                    results.brokers.add(trials(b));
                }
            }
            if (fleet) {
                log("== fleet storm: " + s.fleetSize() + " gateways, broker killed for " + s.fleetOutageSec() + " s");
                results.fleet = new FleetRun(s, lib, logs, work, classPath).run();
            }
        } finally {
            deleteTree(work);
        }
        results.loadEnd = loadAverage();
        results.targets = Targets.of(results, s);
        results.text = Report.render(results, s, (System.nanoTime() - t0) / 1e9);
        return results;
    }

    private Broker open(String name) throws Exception {
        switch (name) {
            case "mosquitto":
                return new MosquittoBroker(work.resolve("mosquitto"), logs.resolve("mosquitto.log"));
            case "moquette":
                return new EmulatorBroker();
            default:
                throw new IllegalArgumentException("unknown broker " + name + " (mosquitto, moquette)");
        }
    }

    // Round after round, every receiver once per round, each trial in a fresh JVM: slow drifts of a shared machine hit
    // every receiver alike instead of whichever ran last.
    private BrokerResult trials(Broker b) throws Exception {
        Path ca = b.emulator().writeCaCertificatePem(work.resolve("ca-" + b.hashCode() + ".pem"));
        Map<Receiver, List<TrialResult>> trials = new LinkedHashMap<>();
        for (int t = 0; t < s.trials(); t++) {
            for (Receiver r : receivers) {
                log("-- " + b.name() + ": " + r.title + ", trial " + (t + 1) + " of " + s.trials());
                trials.computeIfAbsent(r, k -> new ArrayList<>()).add(new Trial(s, b, r, t, lib, logs, work, classPath, ca).run());
            }
        }
        return new BrokerResult(b.name(), b.injectsFaults(), trials);
    }

    private List<String> childClassPath() {
        // This JVM's class path without the compile-only OSGi jars: each child adds exactly one framework jar.
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).filter(e -> {
            String n = Paths.get(e).getFileName().toString();
            return !(n.startsWith("osgi.core") || n.startsWith("osgi.cmpn") || n.startsWith("org.osgi.") || n.startsWith("io.kiipush.gateway")
                    || n.startsWith("kiipush-kura-api") || n.startsWith("org.apache.felix") || n.startsWith("org.eclipse.osgi")
                    || e.replace('\\', '/').contains("/bundle/core/target/") || e.replace('\\', '/').contains("/kura-api/target/"));
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

    // The machine's load (1, 5, 15 min): numbers from a loaded shared machine are provisional.
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static double ms(long ns) {
        return ns / 1e6;
    }

    static void log(String line) {
        System.err.println(line);
    }
}
