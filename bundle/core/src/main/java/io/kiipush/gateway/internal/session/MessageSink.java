package io.kiipush.gateway.internal.session;

/** Receives raw PUBLISH payloads on the MQTT callback thread; must return at once and never throw. */
interface MessageSink {

    /**
     * @param payload the payload (owned by the sink from now on)
     * @param onPushTopic false if the message arrived on another topic than the subscribed push topic
     */
    void accept(byte[] payload, boolean onPushTopic);
}
