package io.kiipush.emulator;

import java.time.Instant;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import io.kiipush.emulator.internal.load.LoadEngine;

/**
 * Generates push traffic straight into the broker (no REST, no fan-out), for throughput tests. Messages are QoS 0,
 * recorded like every publish (bounded by the publish log capacity) with kind {@link PushKind#LOAD}.
 */
public final class LoadGenerator {

    private final Supplier<LoadEngine> engine;
    private final KiiEmulator emulator;

    LoadGenerator(KiiEmulator emulator, Supplier<LoadEngine> engine) {
        this.emulator = emulator;
        this.engine = engine;
    }

    /**
     * Steady stream to an MQTT topic.
     *
     * @param topic target topic (an installation's mqttTopic)
     * @param eventsPerSecond rate
     * @param count total messages
     * @param payload sequence number (0-based) → payload
     * @return the run
     */
    public LoadRun stream(String topic, int eventsPerSecond, long count, IntFunction<String> payload) {
        return engine.get().stream(topic, eventsPerSecond, count, payload);
    }

    /** Burst of {@code count} messages to a topic, as fast as possible. */
    public LoadRun burst(String topic, long count, IntFunction<String> payload) {
        return engine.get().burst(topic, count, payload);
    }

    /** Steady stream to the MQTT topic of an installation. */
    public LoadRun streamToInstallation(String installationId, int eventsPerSecond, long count,
            IntFunction<String> payload) {
        return stream(emulator.topicOf(installationId), eventsPerSecond, count, payload);
    }

    /** Burst to the MQTT topic of an installation. */
    public LoadRun burstToInstallation(String installationId, long count, IntFunction<String> payload) {
        return burst(emulator.topicOf(installationId), count, payload);
    }

    /** @return the run with that ID, or {@code null} */
    public LoadRun run(String id) {
        return engine.get().get(id);
    }

    /**
     * A flat JSON payload of about {@code bytes} bytes: {@code {"seq":N,"sentAtMicros":T,"pad":"xxx…"}}, where
     * {@code sentAtMicros} is epoch microseconds at generation (for latency measurements across processes).
     *
     * @param bytes target size (at least about 60)
     * @return the generator
     */
    public static IntFunction<String> jsonPayload(int bytes) {
        return seq -> {
            Instant now = Instant.now();
            long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
            String head = "{\"seq\":" + seq + ",\"sentAtMicros\":" + micros + ",\"pad\":\"";
            int pad = Math.max(0, bytes - head.length() - 2);
            return head + "x".repeat(pad) + "\"}";
        };
    }
}
