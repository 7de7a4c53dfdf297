package io.kiipush.emulator;

import java.time.Duration;

import org.awaitility.Awaitility;

/**
 * Manual throughput probe (not part of the suite): streams 300-byte QoS 0 pushes to one Paho client through the
 * fault gate and in direct mode, and via the privileged publisher. Run from the IDE or with
 * {@code mvn -pl emulator exec:java -Dexec.mainClass=io.kiipush.emulator.ThroughputProbe -Dexec.classpathScope=test}.
 */
public final class ThroughputProbe {

    private ThroughputProbe() {
    }

    public static void main(String[] args) throws Exception {
        int[] rates = {10_000, 10_000, 20_000, 30_000, 40_000};
        for (boolean gated : new boolean[] {true, false}) {
            try (KiiEmulator emu = KiiEmulator.builder().faultInjection(gated).publishLogCapacity(0).build().start()) {
                UserInfo u = emu.app().registerUser("probe", "password");
                MqttEndpointInfo ep = emu.app().mqttEndpoint(
                        emu.app().installMqtt(Subscriber.user(u.userId()), false).installationId());
                for (int rate : rates) {
                    try (Mqtt m = Mqtt.subscribe(ep)) {
                        int n = rate * 3;
                        long t0 = System.nanoTime();
                        LoadRun run = emu.load().stream(ep.mqttTopic(), rate, n, LoadGenerator.jsonPayload(300));
                        run.await(Duration.ofSeconds(60));
                        double sendS = (System.nanoTime() - t0) / 1e9;
                        settle(m);
                        System.out.printf("gated=%s rate=%d sent=%d in %.2fs received=%d (%.1f%%)%n", gated, rate,
                                run.sent(), sendS, m.received.size(), 100.0 * m.received.size() / n);
                    }
                }
                try (Mqtt m = Mqtt.subscribe(ep); Mqtt pub = Mqtt.connect(emu.mqttUri(), "probe-publisher",
                        Mqtt.options(emu.publisherUsername(), emu.publisherPassword(), 60, null))) {
                    int n = 100_000;
                    byte[] payload = LoadGenerator.jsonPayload(300).apply(1).getBytes();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        pub.client.publish(ep.mqttTopic(), payload, 0, false);
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    settle(m);
                    System.out.printf("gated=%s privileged Paho publisher: %d in %.2fs (%.0f/s), received %d (%.1f%%)%n",
                            gated, n, s, n / s, m.received.size(), 100.0 * m.received.size() / n);
                }
            }
        }
    }

    /** Waits until no message arrived for half a second. */
    private static void settle(Mqtt m) {
        int[] last = {-1};
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            int now = m.received.size();
            boolean stable = now == last[0];
            last[0] = now;
            return stable;
        });
    }
}
