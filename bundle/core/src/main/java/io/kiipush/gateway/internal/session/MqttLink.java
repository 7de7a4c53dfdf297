package io.kiipush.gateway.internal.session;

/**
 * One MQTT connection attempt and, if it succeeds, the connection itself. Created connecting; never reused after
 * {@link #close()}.
 */
interface MqttLink {

    /** Sends the SUBSCRIBE of the push topic at QoS 0; the outcome arrives through {@link LinkListener}. */
    void subscribe();

    /** @return {@link System#nanoTime()} of the last packet received from the broker (CONNACK, SUBACK, PUBLISH, PINGRESP) */
    long lastInboundNanos();

    /** Tears the connection down in the background within a bounded time; idempotent; no callback follows. */
    void close();
}
