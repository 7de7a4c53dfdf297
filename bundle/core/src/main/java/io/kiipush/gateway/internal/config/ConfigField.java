package io.kiipush.gateway.internal.config;

/**
 * Every field of the two configuration forms: its key (the metatype id DS derives from the {@code Config} method, e.g.
 * {@code tls_caFile()} is {@code tls.caFile}) and its form label, so messages name a field the way an operator sees
 * it: {@code CA file (tls.caFile)}. A unit test keeps keys and labels equal to the generated metatype.
 */
public enum ConfigField {

    SITE(Form.ONBOARDING, "site", "Site"),
    SITE_URL(Form.ONBOARDING, "site.url", "Custom site URL"),
    APP_ID(Form.ONBOARDING, "app.id", "Application ID"),
    APP_KEY(Form.ONBOARDING, "app.key", "Application key", true),
    IDENTITY_MODE(Form.ONBOARDING, "identity.mode", "Identity mode"),
    THING_VENDOR_THING_ID(Form.ONBOARDING, "thing.vendorThingId", "Thing vendorThingID"),
    THING_ID(Form.ONBOARDING, "thing.id", "Thing ID"),
    THING_PASSWORD(Form.ONBOARDING, "thing.password", "Thing password", true),
    THING_TYPE(Form.ONBOARDING, "thing.type", "Thing type"),
    THING_FIRMWARE_VERSION(Form.ONBOARDING, "thing.firmwareVersion", "Thing firmware version"),
    THING_LAYOUT_POSITION(Form.ONBOARDING, "thing.layoutPosition", "Thing layout position"),
    THING_OWNER(Form.ONBOARDING, "thing.owner", "Thing owner"),
    THING_OWNER_TOKEN(Form.ONBOARDING, "thing.ownerToken", "Thing owner token", true),
    USER_USERNAME(Form.ONBOARDING, "user.username", "User name"),
    USER_PASSWORD(Form.ONBOARDING, "user.password", "User password", true),
    TOKEN_VALUE(Form.ONBOARDING, "token.value", "Access token", true),
    TOKEN_OWNER(Form.ONBOARDING, "token.owner", "Token owner"),
    MQTT_API_BROKER(Form.ONBOARDING, "mqttApi.broker", "Default MQTT broker (MQTT_API)"),
    MQTT_TRANSPORT(Form.ONBOARDING, "mqtt.transport", "MQTT transport"),
    MQTT_WEB_SOCKET_PATH(Form.ONBOARDING, "mqtt.webSocketPath", "WebSocket path"),
    TLS_CA_FILE(Form.ONBOARDING, "tls.caFile", "CA file"),
    TLS_VERIFY_HOSTNAME(Form.ONBOARDING, "tls.verifyHostname", "Verify host name"),
    HTTP_CONNECT_TIMEOUT_MS(Form.ONBOARDING, "http.connectTimeoutMs", "HTTP connect timeout (ms)"),
    HTTP_READ_TIMEOUT_MS(Form.ONBOARDING, "http.readTimeoutMs", "HTTP read timeout (ms)"),
    ENDPOINT_MAX_WAIT_SEC(Form.ONBOARDING, "endpoint.maxWaitSec", "Endpoint wait (s)"),
    INSTALLATION_DEVELOPMENT(Form.ONBOARDING, "installation.development", "Development installation"),
    DATA_DIR(Form.ONBOARDING, "dataDir", "Data directory"),
    SUBSCRIPTIONS_BUCKETS(Form.ONBOARDING, "subscriptions.buckets", "Bucket subscriptions"),
    SUBSCRIPTIONS_TOPICS(Form.ONBOARDING, "subscriptions.topics", "Topic subscriptions"),

    ENABLED(Form.SESSION, "enabled", "Enabled"),
    KEEP_ALIVE_SEC(Form.SESSION, "keepAliveSec", "Keep-alive (s)"),
    CONNECT_TIMEOUT_SEC(Form.SESSION, "connectTimeoutSec", "Connect timeout (s)"),
    BACKOFF_INITIAL_MS(Form.SESSION, "backoff.initialMs", "Backoff initial (ms)"),
    BACKOFF_MAX_MS(Form.SESSION, "backoff.maxMs", "Backoff max (ms)"),
    BACKOFF_RESET_AFTER_SEC(Form.SESSION, "backoff.resetAfterSec", "Backoff reset after (s)"),
    START_DELAY_MAX_MS(Form.SESSION, "startDelayMaxMs", "Start delay max (ms)"),
    QUEUE_CAPACITY(Form.SESSION, "queue.capacity", "Queue capacity (messages)"),
    QUEUE_MAX_BYTES(Form.SESSION, "queue.maxBytes", "Queue capacity (bytes)"),
    PAYLOAD_MAX_BYTES(Form.SESSION, "payload.maxBytes", "Maximum payload size (bytes)"),
    CATCHUP_ENABLED(Form.SESSION, "catchup.enabled", "Catch-up"),
    CATCHUP_MAX_WINDOW_SECONDS(Form.SESSION, "catchup.maxWindowSeconds", "Catch-up maximum window (s)"),
    CATCHUP_PAGE_SIZE(Form.SESSION, "catchup.pageSize", "Catch-up page size");

    /** The two forms (configuration PIDs). */
    public enum Form {
        /** Kii Push Onboarding, PID {@code io.kiipush.gateway.Onboarding}. */
        ONBOARDING,
        /** Kii Push Session, PID {@code io.kiipush.gateway.PushSession}. */
        SESSION
    }

    private final Form form;
    private final String key;
    private final String label;
    private final boolean secret;

    ConfigField(Form form, String key, String label) {
        this(form, key, label, false);
    }

    ConfigField(Form form, String key, String label, boolean secret) {
        this.form = form;
        this.key = key;
        this.label = label;
        this.secret = secret;
    }

    /** @return the form the field belongs to */
    public Form form() {
        return form;
    }

    /** @return the configuration key, e.g. {@code tls.caFile} */
    public String key() {
        return key;
    }

    /** @return the label of the field in the form, e.g. {@code CA file} */
    public String label() {
        return label;
    }

    /** @return true for a Password field: its value is a secret, never shown */
    public boolean isSecret() {
        return secret;
    }

    /** @return how messages name the field: label and key, e.g. {@code CA file (tls.caFile)} */
    @Override
    public String toString() {
        return label + " (" + key + ")";
    }
}
