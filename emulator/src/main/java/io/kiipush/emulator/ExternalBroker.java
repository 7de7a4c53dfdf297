package io.kiipush.emulator;

/**
 * An MQTT broker the emulator does not run (the benchmark's mosquitto, for example): mqtt-endpoint and onboarding
 * answers name it instead of the emulator's own broker. Credentials are issued as usual; whether the external broker
 * checks them is its own configuration. Fault injection and MQTT observation do not reach it.
 *
 * @param host host name written into endpoint answers
 * @param tcpPort its plain MQTT port
 * @param tlsPort its MQTT over TLS port, 0 when it has none
 */
public record ExternalBroker(String host, int tcpPort, int tlsPort) {
}
