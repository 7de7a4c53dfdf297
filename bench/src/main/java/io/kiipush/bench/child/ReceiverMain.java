package io.kiipush.bench.child;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import io.kiipush.bench.spi.Hub;
import io.kiipush.bench.spi.Probe;

/**
 * One receiver in its own JVM, driven over stdin/stdout by the bench driver: either a raw Paho 1.2.5
 * {@code MqttAsyncClient} (the baseline) or a real OSGi framework with the gateway bundle and the probe's
 * EventHandler. Replies start with {@code @ok } or {@code @err }; everything else on stdout/stderr is log.
 * <p>
 * Usage: {@code paho} or {@code osgi <equinox|felix> <default|0>} (the second is Felix EventAdmin's Timeout).
 * <p>
 * CPU per message is this JVM's process CPU time (every thread, including GC and JIT: on a gateway the collector's
 * work for our allocation is a real cost); allocation is {@code com.sun.management.ThreadMXBean}'s total of bytes
 * allocated by all threads, including threads that ended during the run.
 */
public final class ReceiverMain {

    private static final String ONBOARDING_PID = "io.kiipush.gateway.Onboarding";
    private static final String SESSION_PID = "io.kiipush.gateway.PushSession";

    private final Recorder recorder = new Recorder();
    private final PrintStream out;
    private final String mode;
    private OsgiRuntime osgi;
    private MqttAsyncClient paho;
    private long cpuBase;
    private long allocBase;

    private ReceiverMain(String mode, PrintStream out) {
        this.mode = mode;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        System.setOut(System.err); // anything that prints goes to the log, never into the protocol
        ReceiverMain m = new ReceiverMain(args[0], protocol);
        Hub.sink = m.recorder;
        if ("osgi".equals(args[0])) {
            m.osgi = new OsgiRuntime(args[1], args[2], Paths.get(System.getProperty("bench.lib")),
                    Paths.get(System.getProperty("bench.work")));
        }
        m.loop();
    }

    private void loop() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("@ok ready pid=" + ProcessHandle.current().pid());
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ");
            try {
                String reply = handle(cmd);
                out.println("@ok " + reply);
                if ("quit".equals(cmd[0])) {
                    break;
                }
            } catch (Throwable t) {
                t.printStackTrace();
                out.println("@err " + String.valueOf(t).replace('\n', ' '));
            }
        }
        shutdown();
    }

    private String handle(String[] c) throws Exception {
        switch (c[0]) {
            case "clock":
                return "nanos=" + System.nanoTime();
            case "reset":
                recorder.reset(Integer.parseInt(c[1]));
                cpuBase = cpuNanos();
                allocBase = allocatedBytes();
                return "";
            case "stats":
                return recorder.summary() + " cpuNs=" + (cpuNanos() - cpuBase) + " allocBytes=" + (allocatedBytes() - allocBase)
                        + " bundleThreads=" + bundleThreads().size() + " " + status();
            case "threads":
                TreeSet<String> own = bundleThreads();
                return "bundleThreads=" + own.size() + " onboardingThreads=" + own.stream().filter(n -> n.startsWith("kii-onboarding"))
                        .count() + " names=" + String.join(",", own).replace(' ', '_');
            case "status":
                return status();
            case "count":
                return "count=" + recorder.count() + " " + status();
            case "states":
                StringBuilder sb = new StringBuilder("events=");
                for (Recorder.StateEvent e : recorder.states()) {
                    sb.append(e.nanos()).append(':').append(e.previous()).append('>').append(e.state()).append(',');
                }
                return sb.toString();
            case "clearstates":
                recorder.clearStates();
                return "";
            case "footprint":
                return footprint();
            case "start":
                osgi.start();
                return "";
            case "paho":
                return connectPaho(c[1], c[2], c[3], c[4], c[5], Integer.parseInt(c[6]), c.length > 7 ? c[7] : null);
            case "activate":
                return activate(c[1], c[2], c[3], c[4], c[5], Integer.parseInt(c[6]), c[7], c.length > 8 ? c[8] : null);
            case "deactivate":
                return deactivate();
            case "keepalive":
                return keepAlive(Integer.parseInt(c[1]));
            case "quit":
                return "bye";
            default:
                throw new IllegalArgumentException("unknown command " + c[0]);
        }
    }

    // ------------------------------------------------------------------ raw Paho baseline

    private String connectPaho(String uri, String clientId, String user, String password, String topic, int keepAliveSec,
            String caFile) throws Exception {
        long t0 = System.nanoTime();
        paho = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        paho.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                System.err.println("raw Paho: connection lost: " + cause);
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
                long now = System.nanoTime();
                recorder.message(now, Payloads.sentAt(message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setKeepAliveInterval(keepAliveSec);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setAutomaticReconnect(false);
        if (caFile != null) {
            // As a hand-written subscriber would: trust the CA file, verify the host name (the gateway's defaults).
            o.setSocketFactory(trusting(caFile).getSocketFactory());
            o.setHttpsHostnameVerificationEnabled(true);
        }
        paho.connect(o).waitForCompletion(30_000);
        paho.subscribe(topic, 0).waitForCompletion(30_000);
        return "connectNs=" + (System.nanoTime() - t0);
    }

    // ------------------------------------------------------------------ gateway in OSGi

    private String activate(String siteUrl, String appId, String appKey, String dataDir, String vendorThingId, int keepAliveSec,
            String transport, String caFile) throws Exception {
        Probe p = probe();
        Map<String, Object> onboarding = new HashMap<>();
        onboarding.put("site", "CUSTOM");
        onboarding.put("site.url", siteUrl);
        onboarding.put("app.id", appId);
        onboarding.put("app.key", appKey);
        onboarding.put("identity.mode", "THING");
        onboarding.put("thing.vendorThingId", vendorThingId);
        onboarding.put("thing.password", "bench-pass");
        onboarding.put("mqtt.transport", transport);
        if (caFile != null) {
            onboarding.put("tls.caFile", caFile);
        }
        onboarding.put("dataDir", dataDir);
        recorder.clearStates();
        long t0 = System.nanoTime();
        p.configure(ONBOARDING_PID, onboarding);
        p.configure(SESSION_PID, session(keepAliveSec));
        long deadline = t0 + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Recorder.StateEvent> events = recorder.states();
            // Activation = the new session's first transition (out of STOPPED); EventAdmin may still deliver the
            // previous session's CONNECTED -> STOPPED after t0, which must not count.
            long firstState = 0;
            for (Recorder.StateEvent e : events) {
                if (firstState == 0 && "STOPPED".equals(e.previous())) {
                    firstState = e.nanos();
                }
                if (firstState != 0 && "CONNECTED".equals(e.state())) {
                    return "configNs=" + t0 + " firstStateNs=" + firstState + " connectedNs=" + e.nanos() + " " + status();
                }
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("not CONNECTED within 60 s: " + status());
    }

    private static Map<String, Object> session(int keepAliveSec) {
        Map<String, Object> session = new HashMap<>();
        session.put("keepAliveSec", keepAliveSec);
        session.put("connectTimeoutSec", 5);
        session.put("startDelayMaxMs", 0L); // the default random 0-3 s fleet delay is not what we measure
        session.put("backoff.initialMs", 200L);
        session.put("backoff.maxMs", 1000L);
        // Figure 6 counts onboarding REST calls; catch-up after the warm start would add its command listing on its
        // own thread after CONNECTED, racing that count, and it is not part of the push path measured here.
        session.put("catchup.enabled", false);
        return session;
    }

    // A new keep-alive reconnects the session; returns once it is CONNECTED again.
    private String keepAlive(int keepAliveSec) throws Exception {
        recorder.clearStates();
        probe().configure(SESSION_PID, session(keepAliveSec));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (recorder.states().stream().anyMatch(e -> "CONNECTED".equals(e.state()))) {
                return status();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("not CONNECTED again within 60 s: " + status());
    }

    private String deactivate() throws Exception {
        Probe p = probe();
        p.delete(SESSION_PID);
        p.delete(ONBOARDING_PID);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (p.status() != null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PushSession still registered 30 s after deleting its configuration");
            }
            Thread.sleep(5);
        }
        return "";
    }

    private Probe probe() {
        Probe p = Hub.probe;
        if (p == null) {
            throw new IllegalStateException("probe bundle not started");
        }
        return p;
    }

    private String status() {
        Probe p = Hub.probe;
        String[] s = p == null ? null : p.status();
        if (s == null) {
            return "state=NONE";
        }
        return "state=" + s[0] + " clientId=" + s[1] + " rx=" + s[2] + " dispatched=" + s[3] + " dropped=" + s[4]
                + " malformed=" + s[5] + " queued=" + s[6] + " reconnects=" + s[7];
    }

    // ------------------------------------------------------------------ footprint

    private String footprint() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return "heapUsed=" + heap + " heapCommitted=" + rt.totalMemory() + " threads=" + Thread.getAllStackTraces().size()
                + " bundleThreads=" + bundleThreads().size() + " classes=" + ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
    }

    // The gateway's own threads: ours are named kii-*, Paho renames the ones it runs on our pool "MQTT ..." (only the
    // bundle runs Paho in an OSGi receiver), WebSocket links add Paho's webSocketReceiver.
    private TreeSet<String> bundleThreads() {
        TreeSet<String> names = new TreeSet<>();
        if (osgi != null) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                String n = t.getName();
                if (t.isAlive() && (n.startsWith("kii-") || n.startsWith("MQTT ") || n.equals("webSocketReceiver"))) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    private static SSLContext trusting(String caFile) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(Paths.get(caFile))) {
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    // Every thread's, including threads that ended since the baseline.
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    private void shutdown() {
        try {
            if (paho != null) {
                paho.disconnectForcibly(1000, 1000);
                paho.close(true);
            }
            if (osgi != null) {
                osgi.stop();
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }
}
