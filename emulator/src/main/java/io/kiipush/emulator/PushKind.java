package io.kiipush.emulator;

/** Why the emulator published an MQTT message (docs/kii-protocol.md §6). */
public enum PushKind {
    /** A bucket event (Push to App), {@code origin: EVENT}. */
    PUSH_TO_APP,
    /** A topic message (Push to User). */
    PUSH_TO_USER,
    /** A message sent straight to a user or thing. */
    DIRECT_PUSH,
    /** A Thing-IF command to a thing. */
    COMMAND,
    /** Published by the load generator. */
    LOAD,
    /** A response to an API-via-MQTT request (docs/kii-protocol.md §7). */
    API_RESPONSE,
    /** Published by an MQTT client with the privileged publisher credential. */
    EXTERNAL
}
