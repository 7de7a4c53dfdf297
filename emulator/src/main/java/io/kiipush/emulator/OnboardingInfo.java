package io.kiipush.emulator;

/**
 * Result of a Thing-IF onboarding (docs/kii-protocol.md §2.4).
 *
 * @param thingId the thing's ID
 * @param accessToken the thing's access token
 * @param endpoint the MQTT endpoint of the thing's installation
 */
public record OnboardingInfo(String thingId, String accessToken, MqttEndpointInfo endpoint) {

    @Override
    public String toString() {
        return "OnboardingInfo[thingId=" + thingId + " endpoint=" + endpoint + "]";
    }
}
