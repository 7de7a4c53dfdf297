package io.kiipush.emulator.internal.state;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * All emulated data. One lock (this object's monitor) guards everything: REST traffic is light and a single lock keeps
 * multi-entity operations (subscribe + fan-out, onboarding) trivially consistent.
 */
public final class CloudState {

    /** Issued token → what it stands for. */
    public record TokenInfo(Principal principal, long expiresAt) {
    }

    public final Map<String, AppData> apps = new LinkedHashMap<>();
    public final Map<String, TokenInfo> tokens = new HashMap<>();
    /** Current MQTT user name → installation. */
    public final Map<String, Installation> mqttUsers = new HashMap<>();
    /** Retired MQTT user name → passwords that must now get CONNACK 5 (revoked, rotated, expired, deleted). */
    public final Map<String, Set<String>> retiredMqtt = new HashMap<>();
    private long sequence;

    /** @return the next number of the creation order of objects and commands */
    public long nextSequence() {
        return ++sequence;
    }

    public void retire(MqttCredentials c) {
        if (c != null) {
            retiredMqtt.computeIfAbsent(c.username(), u -> new HashSet<>()).add(c.password());
        }
    }
}
