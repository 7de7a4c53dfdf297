package io.kiipush.gateway;

/**
 * States of the MQTT push session.
 * <pre>
 * STOPPED -&gt; ONBOARDING -&gt; CONNECTING -&gt; CONNECTED
 *                ^  |            |             |
 *                |  v            v             v
 *                BACKING_OFF &lt;---+-------------+        FAILED (until the configuration changes)
 * </pre>
 */
public enum SessionState {

    /** Not running: the component is stopping, disabled in its configuration, or not yet started. */
    STOPPED,

    /** Obtaining the MQTT endpoint from Kii Cloud: persisted state, onboarding, login, installation or refresh. */
    ONBOARDING,

    /** Connecting to the broker and subscribing the push topic; ends with a CONNACK and SUBACK or an error. */
    CONNECTING,

    /** Connected and subscribed: notifications flow. */
    CONNECTED,

    /** Waiting before the next attempt after a transient failure (capped exponential backoff with jitter). */
    BACKING_OFF,

    /** Stopped by an error that retrying cannot fix (see {@link SessionStatus#getLastError()}); waits for a configuration change or a manual reconnect. */
    FAILED
}
