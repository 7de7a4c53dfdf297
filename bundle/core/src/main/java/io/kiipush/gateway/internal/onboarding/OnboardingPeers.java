package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.APP_ID;
import static io.kiipush.gateway.internal.config.ConfigField.APP_KEY;
import static io.kiipush.gateway.internal.config.ConfigField.HTTP_CONNECT_TIMEOUT_MS;
import static io.kiipush.gateway.internal.config.ConfigField.HTTP_READ_TIMEOUT_MS;
import static io.kiipush.gateway.internal.config.ConfigField.MQTT_API_BROKER;
import static io.kiipush.gateway.internal.config.ConfigField.SITE_URL;

import io.kiipush.gateway.internal.config.ConfigField;
import io.kiipush.gateway.internal.failure.Peer;

/** The peers onboarding talks to, for the failure classifier: Kii's REST API and Kii's default MQTT broker. */
final class OnboardingPeers {

    private OnboardingPeers() {
    }

    /**
     * @param s the settings
     * @param host the REST host
     * @param hostPort host and port, how messages name it
     * @return the REST API as a peer
     */
    static Peer rest(OnboardingSettings s, String host, String hostPort) {
        return peer(s, hostPort, host, SITE_URL);
    }

    /**
     * @param s the settings
     * @param host the broker host
     * @param hostPort host and port
     * @return the default broker of MQTT_API onboarding, presented the application credentials
     */
    static Peer defaultBroker(OnboardingSettings s, String host, String hostPort) {
        return peer(s, "the default broker " + hostPort, host, MQTT_API_BROKER).presenting(applicationCredentials(s),
                applicationCredentialsFix());
    }

    /** @return the application credentials, as refusals name them */
    static String applicationCredentials(OnboardingSettings s) {
        return "the application credentials of app '" + s.appId + "'";
    }

    /** @return what to check when the application credentials are refused */
    static String applicationCredentialsFix() {
        return "check " + APP_ID + " and " + APP_KEY;
    }

    private static Peer peer(OnboardingSettings s, String name, String host, ConfigField address) {
        return new Peer(name, host, address, s.caFile, s.connectTimeoutMs, HTTP_CONNECT_TIMEOUT_MS, s.readTimeoutMs,
                HTTP_READ_TIMEOUT_MS);
    }
}
