package io.kiipush.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.kiipush.emulator.internal.mqtt.MqttFront;
import io.kiipush.emulator.internal.rest.RestFaults;
import io.kiipush.emulator.internal.service.InstallationService;
import io.kiipush.emulator.internal.service.RuntimeSettings;

/**
 * Fault injection (mirrored by the admin endpoint, see README). Broker faults act on the fault gates in front of the
 * public MQTT listeners; {@link #hangBroker} needs them (not available with
 * {@link KiiEmulator.Builder#faultInjection(boolean) faultInjection(false)}). Thread-safe.
 */
public final class Faults {

    private final InstallationService installations;
    private final MqttFront mqtt;
    private final RestFaults rest;
    private final RuntimeSettings settings;

    Faults(InstallationService installations, MqttFront mqtt, RestFaults rest, RuntimeSettings settings) {
        this.installations = installations;
        this.mqtt = mqtt;
        this.rest = rest;
        this.settings = settings;
    }

    // ------------------------------------------------------------------ credentials

    /**
     * Revokes an MQTT installation's credentials: its live connection is dropped, CONNECT with the old password gets
     * CONNACK 5, and the next mqtt-endpoint call issues a new password (same topic).
     *
     * @param installationId installation ID
     */
    public void revokeCredentials(String installationId) {
        installations.revoke(installationId);
    }

    /**
     * Issues new credentials now (same topic); the old ones get CONNACK 5 and the live connection is dropped.
     *
     * @param installationId installation ID
     * @return the new endpoint data
     */
    public MqttEndpointInfo rotateCredentials(String installationId) {
        return installations.rotate(installationId);
    }

    // ------------------------------------------------------------------ broker

    /** Closes every MQTT connection (push broker and default broker); listeners stay up. */
    public void dropAllConnections() {
        mqtt.dropAll();
    }

    /**
     * The broker stops answering for {@code duration}: live TCP connections stay open but nothing is read or written
     * (no PINGRESP), new connections are accepted but get no TLS handshake or CONNACK. Afterwards bytes flow again
     * (Moquette may by then have dropped clients whose keep-alive ran out).
     *
     * @param duration how long
     */
    public void hangBroker(Duration duration) {
        mqtt.hang(duration);
    }

    /** Hangs the broker until {@link #resumeBroker()}. */
    public void hangBroker() {
        mqtt.hang(null);
    }

    /** Ends a hang now. */
    public void resumeBroker() {
        mqtt.resume();
    }

    /** "Broker process killed": listeners closed (connection refused) and every connection reset, until restarted. */
    public void killBroker() {
        mqtt.kill(null);
    }

    /** Kills the broker and restarts it on the same ports after {@code downtime}. */
    public void killBroker(Duration downtime) {
        mqtt.kill(downtime);
    }

    /** Restarts the listeners on the same ports after {@link #killBroker()}. */
    public void restartBroker() {
        try {
            mqtt.restart();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ REST

    /**
     * The next {@code count} requests whose path matches {@code pathRegex} ({@code find} semantics, decoded path)
     * get {@code status} with a Kii error body (503 {@code RESOURCE_TEMPORARILY_UNAVAILABLE}, 500
     * {@code UNDEFINED_ERROR}, 429 without body).
     *
     * @param count number of failures; negative = until {@link #clearRestFaults()}
     */
    public void failRest(String pathRegex, int status, int count) {
        rest.fail(null, pathRegex, status, count);
    }

    /** Like {@link #failRest(String, int, int)} but only for one HTTP method. */
    public void failRest(String method, String pathRegex, int status, int count) {
        rest.fail(method, pathRegex, status, count);
    }

    /** Delays every matching request by {@code delay} (scheduled, not slept) until cleared. */
    public void addLatency(String pathRegex, Duration delay) {
        rest.latency(null, pathRegex, delay.toMillis(), -1);
    }

    /** Delays the next {@code count} matching requests of {@code method} ({@code null} = any). */
    public void addLatency(String method, String pathRegex, Duration delay, int count) {
        rest.latency(method, pathRegex, delay.toMillis(), count);
    }

    public void clearRestFaults() {
        rest.clear();
    }

    // ------------------------------------------------------------------ endpoint behaviour

    /**
     * TTL for credentials issued from now on. Expired credentials get CONNACK 5, their live connection is dropped,
     * and the next mqtt-endpoint call issues new ones (assumed behaviour, see README).
     */
    public void setEndpointTtlSeconds(long seconds) {
        settings.endpointTtlSeconds(seconds);
    }

    /** The next {@code count} mqtt-endpoint calls (any installation) answer 503 {@code MQTT_ENDPOINT_NOT_READY}. */
    public void endpointNotReady(int count) {
        settings.endpointNotReadyGlobal().set(Math.max(0, count));
    }

    /** Installations created from now on answer 503 to their first {@code count} mqtt-endpoint calls. */
    public void setEndpointNotReadyPerInstallation(int count) {
        settings.endpointNotReadyPerInstallation(count);
    }

    /** Whether CONNECT must use the mqttTopic as client ID (CONNACK 2 otherwise). */
    public void setRequireClientIdEqualsTopic(boolean require) {
        settings.requireClientIdEqualsTopic(require);
    }

    /** Order of a bucket query with {@code orderBy} but no {@code descending} (see the builder option). */
    public void setQueryDescendingByDefault(boolean descending) {
        settings.queryDescendingByDefault(descending);
    }

    /** Largest page of a bucket query or command list. */
    public void setMaxPageSize(int size) {
        settings.maxPageSize(size);
    }

    /** Whether a thing's own token may list and read its Thing-IF commands. */
    public void setThingMayListCommands(boolean allowed) {
        settings.thingMayListCommands(allowed);
    }

    /** Clears REST faults, pending 503s and ends a hang (does not restart a killed broker). */
    public void clearAll() {
        rest.clear();
        settings.endpointNotReadyGlobal().set(0);
        if (mqtt.isGated()) {
            mqtt.resume();
        }
    }
}
