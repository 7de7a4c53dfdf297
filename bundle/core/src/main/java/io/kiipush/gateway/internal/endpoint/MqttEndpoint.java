package io.kiipush.gateway.internal.endpoint;

import java.util.Objects;

/**
 * MQTT connection data Kii Cloud issued for one installation (the mqtt-endpoint or onboarding answer).
 * {@link #toString()} never shows the username or password.
 */
public final class MqttEndpoint {

    /** Kii's "never expires" TTL (2^31 - 1 seconds). */
    public static final long TTL_FOREVER = Integer.MAX_VALUE;

    private final String installationId;
    private final String host;
    private final int portTcp;
    private final int portSsl;
    private final int portWs;
    private final int portWss;
    private final String username;
    private final String password;
    private final String mqttTopic;
    private final long ttlSeconds;
    private final long fetchedAt;

    /**
     * @param installationId Kii installation ID (may be {@code null} when unknown, e.g. some onboarding answers)
     * @param host broker host name
     * @param portTcp plain MQTT port, 0 if not offered
     * @param portSsl MQTT over TLS port, 0 if not offered
     * @param portWs MQTT over WebSocket port, 0 if not offered
     * @param portWss MQTT over secure WebSocket port, 0 if not offered
     * @param username MQTT user name (secret)
     * @param password MQTT password (secret)
     * @param mqttTopic the push topic, also the MQTT client id
     * @param ttlSeconds lifetime of the topic in seconds ({@link #TTL_FOREVER} for none)
     * @param fetchedAt when the endpoint was obtained, ms since the epoch
     */
    public MqttEndpoint(String installationId, String host, int portTcp, int portSsl, int portWs, int portWss,
            String username, String password, String mqttTopic, long ttlSeconds, long fetchedAt) {
        this.installationId = installationId;
        this.host = Objects.requireNonNull(host, "host");
        this.portTcp = portTcp;
        this.portSsl = portSsl;
        this.portWs = portWs;
        this.portWss = portWss;
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.mqttTopic = Objects.requireNonNull(mqttTopic, "mqttTopic");
        this.ttlSeconds = ttlSeconds;
        this.fetchedAt = fetchedAt;
    }

    public String getInstallationId() {
        return installationId;
    }

    public String getHost() {
        return host;
    }

    public int getPortTcp() {
        return portTcp;
    }

    public int getPortSsl() {
        return portSsl;
    }

    public int getPortWs() {
        return portWs;
    }

    public int getPortWss() {
        return portWss;
    }

    /** @return the MQTT user name; a secret, never log it */
    public String getUsername() {
        return username;
    }

    /** @return the MQTT password; a secret, never log it */
    public String getPassword() {
        return password;
    }

    /** @return the push topic, which is also the MQTT client id */
    public String getMqttTopic() {
        return mqttTopic;
    }

    public long getTtlSeconds() {
        return ttlSeconds;
    }

    public long getFetchedAt() {
        return fetchedAt;
    }

    /** @return when the topic expires (ms since the epoch), or {@link Long#MAX_VALUE} when it never does */
    public long expiresAt() {
        if (ttlSeconds <= 0 || ttlSeconds >= TTL_FOREVER) {
            return Long.MAX_VALUE;
        }
        return fetchedAt + ttlSeconds * 1000L;
    }

    /**
     * @param transport a transport
     * @return the port the endpoint offers for it, 0 if none
     */
    public int portFor(Transport transport) {
        switch (transport) {
            case TCP:
                return portTcp;
            case TLS:
                return portSsl;
            case WS:
                return portWs;
            default:
                return portWss;
        }
    }

    /** @return true if both describe the same broker, topic and credentials (ignores TTL and fetch time) */
    public boolean sameConnection(MqttEndpoint other) {
        return other != null && host.equals(other.host) && portTcp == other.portTcp && portSsl == other.portSsl
                && portWs == other.portWs && portWss == other.portWss && username.equals(other.username)
                && password.equals(other.password) && mqttTopic.equals(other.mqttTopic);
    }

    @Override
    public String toString() {
        return "MqttEndpoint[installation=" + installationId + " host=" + host + " tcp=" + portTcp + " ssl=" + portSsl
                + " ws=" + portWs + " wss=" + portWss + " topic=" + mqttTopic + " ttl=" + ttlSeconds + "s]";
    }
}
