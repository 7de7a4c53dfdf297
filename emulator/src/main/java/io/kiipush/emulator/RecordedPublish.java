package io.kiipush.emulator;

import java.time.Instant;

/**
 * One MQTT PUBLISH the emulator sent (or, for {@link PushKind#EXTERNAL}, routed for the privileged publisher).
 *
 * @param time when it was handed to the broker
 * @param topic MQTT topic (an installation's mqttTopic for pushes)
 * @param payload UTF-8 payload
 * @param kind why it was published
 */
public record RecordedPublish(Instant time, String topic, String payload, PushKind kind) {
}
