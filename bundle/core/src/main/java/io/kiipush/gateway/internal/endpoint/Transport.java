package io.kiipush.gateway.internal.endpoint;

/** How the session reaches the Kii MQTT broker. */
public enum Transport {
    /** MQTT over TLS ({@code portSSL}, usually 8883): the default. */
    TLS("ssl", true),
    /** Plain MQTT over TCP ({@code portTCP}, usually 1883): opt-in, credentials travel in clear text. */
    TCP("tcp", false),
    /** MQTT over secure WebSocket ({@code portWSS}, usually 12473): opt-in, for networks that only pass HTTPS. */
    WSS("wss", true),
    /** MQTT over plain WebSocket ({@code portWS}, usually 12470): opt-in, clear text. */
    WS("ws", false);

    private final String scheme;
    private final boolean secure;

    Transport(String scheme, boolean secure) {
        this.scheme = scheme;
        this.secure = secure;
    }

    /** @return the Paho URI scheme */
    public String scheme() {
        return scheme;
    }

    /** @return true if the transport uses TLS */
    public boolean isSecure() {
        return secure;
    }

    /** @return true for the WebSocket transports */
    public boolean isWebSocket() {
        return this == WS || this == WSS;
    }
}
