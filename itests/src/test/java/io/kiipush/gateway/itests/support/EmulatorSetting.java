package io.kiipush.gateway.itests.support;

/**
 * Non-default emulator settings a test class asks for in its {@code @Configuration}. An enum rather than a builder
 * callback, because a lambda naming the emulator's types would make the test class unloadable inside the framework.
 */
public enum EmulatorSetting {
    /** REST over HTTPS (with the emulator's CA) instead of HTTP. */
    HTTPS,
    /** Also open the WebSocket-over-TLS MQTT listener. */
    WSS,
    /** Also open the plain WebSocket MQTT listener. */
    WS
}
