package io.kiipush.emulator;

/**
 * MQTT connection data the emulator issued for an installation (what mqtt-endpoint and onboarding return).
 * {@link #toString()} hides the password.
 *
 * @param installationId installation ID
 * @param host advertised broker host
 * @param portTcp plain MQTT port
 * @param portSsl MQTT over TLS port
 * @param portWs MQTT over WebSocket port, 0 when disabled
 * @param portWss MQTT over secure WebSocket port, 0 when disabled
 * @param username MQTT user name
 * @param password MQTT password
 * @param mqttTopic push topic, also the required client ID
 * @param ttlSeconds remaining lifetime in seconds (2147483647 = never expires)
 */
public record MqttEndpointInfo(String installationId, String host, int portTcp, int portSsl, int portWs, int portWss,
        String username, String password, String mqttTopic, long ttlSeconds) {

    /** @return {@code tcp://host:portTcp} for Paho */
    public String tcpUri() {
        return "tcp://" + hostForUri() + ":" + portTcp;
    }

    /** @return {@code ssl://host:portSsl} for Paho */
    public String sslUri() {
        return "ssl://" + hostForUri() + ":" + portSsl;
    }

    /** @return {@code ws://host:portWs/mqtt}, or {@code null} when WebSocket is disabled */
    public String wsUri() {
        return portWs == 0 ? null : "ws://" + hostForUri() + ":" + portWs + "/mqtt";
    }

    /** @return {@code wss://host:portWss/mqtt}, or {@code null} when secure WebSocket is disabled */
    public String wssUri() {
        return portWss == 0 ? null : "wss://" + hostForUri() + ":" + portWss + "/mqtt";
    }

    private String hostForUri() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return "MqttEndpointInfo[installation=" + installationId + " host=" + host + " tcp=" + portTcp + " ssl="
                + portSsl + " ws=" + portWs + " wss=" + portWss + " topic=" + mqttTopic + " ttl=" + ttlSeconds + "]";
    }
}
