package io.kiipush.emulator.internal.service;

import io.kiipush.emulator.PushKind;

/** Where pushes go: the MQTT broker (plus the publish recorder). Called outside the state lock. */
public interface PushSink {

    /**
     * Publishes a QoS 0, retain 0 message.
     *
     * @param topic MQTT topic
     * @param payload UTF-8 payload
     * @param kind why
     */
    void publish(String topic, String payload, PushKind kind);
}
