package io.kiipush.emulator.internal.service;

/** Lets the state drop live MQTT connections (credential revocation, installation deletion, TTL expiry). */
public interface ConnectionControl {

    /**
     * Drops every live connection that authenticated with {@code username} or uses {@code clientId}.
     *
     * @param username MQTT user name
     * @param clientId MQTT client ID (the installation's topic)
     */
    void disconnect(String username, String clientId);
}
