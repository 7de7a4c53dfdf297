package io.kiipush.gateway.internal.onboarding;

/** Who the gateway is in Kii Cloud, and so which onboarding flow gets its token. */
enum IdentityMode {
    /** A thing, onboarded over HTTPS (Thing-IF onboarding). */
    THING,
    /** A Kii user, logged in with user name and password. */
    USER,
    /** The owner of a pre-issued access token; nothing can renew it. */
    TOKEN,
    /** A thing, onboarded through Kii's default MQTT broker (API via MQTT). */
    MQTT_API
}
