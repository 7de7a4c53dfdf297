package io.kiipush.emulator;

/**
 * A push installation as the emulator stores it.
 *
 * @param appId application ID
 * @param installationId installation ID
 * @param registrationId installation registration ID
 * @param deviceType {@code MQTT}, {@code ANDROID}, {@code IOS} or {@code JPUSH}
 * @param owner the user or thing that owns it
 * @param development the development flag
 * @param mqttTopic the push topic ({@code null} for non-MQTT installations)
 */
public record InstallationInfo(String appId, String installationId, String registrationId, String deviceType,
        Subscriber owner, boolean development, String mqttTopic) {
}
