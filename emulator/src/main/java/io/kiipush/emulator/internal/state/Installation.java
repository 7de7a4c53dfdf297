package io.kiipush.emulator.internal.state;

import io.kiipush.emulator.Subscriber;

/** A push installation. Guarded by the {@link CloudState} lock. */
public final class Installation {
    public final String appId;
    public final String id;
    public final String registrationId;
    public final String deviceType;
    public final Subscriber owner;
    public final boolean development;
    /** Current MQTT credentials ({@code null} for non-MQTT installations). */
    public MqttCredentials credentials;
    /** Credentials revoked or expired: CONNECT answers 5 and the next mqtt-endpoint call issues new ones. */
    public boolean credentialsInvalid;
    /** mqtt-endpoint calls still to answer with 503 MQTT_ENDPOINT_NOT_READY. */
    public int notReadyRemaining;
    public final long created = System.currentTimeMillis();

    public Installation(String appId, String id, String registrationId, String deviceType, Subscriber owner,
            boolean development) {
        this.appId = appId;
        this.id = id;
        this.registrationId = registrationId;
        this.deviceType = deviceType;
        this.owner = owner;
        this.development = development;
    }

    public boolean isMqtt() {
        return "MQTT".equals(deviceType);
    }
}
