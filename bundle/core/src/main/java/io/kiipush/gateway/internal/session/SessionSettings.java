package io.kiipush.gateway.internal.session;

import static io.kiipush.gateway.internal.config.ConfigField.BACKOFF_INITIAL_MS;
import static io.kiipush.gateway.internal.config.ConfigField.BACKOFF_MAX_MS;
import static io.kiipush.gateway.internal.config.ConfigField.BACKOFF_RESET_AFTER_SEC;
import static io.kiipush.gateway.internal.config.ConfigField.CONNECT_TIMEOUT_SEC;
import static io.kiipush.gateway.internal.config.ConfigField.KEEP_ALIVE_SEC;
import static io.kiipush.gateway.internal.config.ConfigField.PAYLOAD_MAX_BYTES;
import static io.kiipush.gateway.internal.config.ConfigField.QUEUE_CAPACITY;
import static io.kiipush.gateway.internal.config.ConfigField.QUEUE_MAX_BYTES;
import static io.kiipush.gateway.internal.config.ConfigField.START_DELAY_MAX_MS;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.kiipush.gateway.internal.config.ConfigField;

/**
 * Validated, immutable settings of the push session. Built from the component configuration; every bad value is
 * collected in {@link #problems()} with a message naming the field, instead of failing on the first.
 */
public final class SessionSettings {

    /** Deepest JSON nesting accepted in a payload; Kii pushes are flat, commands nest two or three levels. */
    public static final int MAX_NESTING_DEPTH = 64;

    private final boolean enabled;
    private final int keepAliveSec;
    private final int connectTimeoutSec;
    private final long backoffInitialMs;
    private final long backoffMaxMs;
    private final int backoffResetAfterSec;
    private final long startDelayMaxMs;
    private final int queueCapacity;
    private final long queueMaxBytes;
    private final int payloadMaxBytes;
    private final List<String> problems;

    /**
     * @param enabled whether the session runs at all
     * @param keepAliveSec MQTT keep-alive in seconds (5..65535)
     * @param connectTimeoutSec bound for TCP + TLS + CONNACK + SUBACK of one attempt (1..600)
     * @param backoffInitialMs first retry delay (100..3 600 000 ms)
     * @param backoffMaxMs retry delay cap (&gt;= initial, &lt;= 86 400 000 ms)
     * @param backoffResetAfterSec how long a connection must stay up before the backoff starts over (0..86 400)
     * @param startDelayMaxMs upper bound of the random delay before the first attempt (0..600 000)
     * @param queueCapacity hand-off queue capacity in messages (1..1 000 000)
     * @param queueMaxBytes hand-off queue capacity in payload bytes (&gt;= payloadMaxBytes, &lt;= 1 GiB)
     * @param payloadMaxBytes largest accepted payload (16..16 MiB)
     */
    public SessionSettings(boolean enabled, int keepAliveSec, int connectTimeoutSec, long backoffInitialMs, long backoffMaxMs,
            int backoffResetAfterSec, long startDelayMaxMs, int queueCapacity, long queueMaxBytes, int payloadMaxBytes) {
        this(enabled, keepAliveSec, connectTimeoutSec, backoffInitialMs, backoffMaxMs, backoffResetAfterSec, startDelayMaxMs,
                queueCapacity, queueMaxBytes, payloadMaxBytes, Collections.emptyList());
    }

    /**
     * As {@link #SessionSettings(boolean, int, int, long, long, int, long, int, long, int)}, with problems found while
     * reading the configuration (values that could not be converted; the arguments then hold the defaults).
     *
     * @param readProblems problems to report first, each naming its field
     */
    public SessionSettings(boolean enabled, int keepAliveSec, int connectTimeoutSec, long backoffInitialMs, long backoffMaxMs,
            int backoffResetAfterSec, long startDelayMaxMs, int queueCapacity, long queueMaxBytes, int payloadMaxBytes,
            List<String> readProblems) {
        List<String> p = new ArrayList<>(readProblems);
        check(p, keepAliveSec >= 5 && keepAliveSec <= 65535, KEEP_ALIVE_SEC, keepAliveSec, "between 5 and 65535 seconds");
        check(p, connectTimeoutSec >= 1 && connectTimeoutSec <= 600, CONNECT_TIMEOUT_SEC, connectTimeoutSec, "between 1 and 600 seconds");
        check(p, backoffInitialMs >= 100 && backoffInitialMs <= 3_600_000L, BACKOFF_INITIAL_MS, backoffInitialMs, "between 100 and 3600000 ms");
        check(p, backoffMaxMs >= backoffInitialMs && backoffMaxMs <= 86_400_000L, BACKOFF_MAX_MS, backoffMaxMs,
                "at least " + BACKOFF_INITIAL_MS.key() + " (" + backoffInitialMs + ") and at most 86400000 ms");
        check(p, backoffResetAfterSec >= 0 && backoffResetAfterSec <= 86_400, BACKOFF_RESET_AFTER_SEC, backoffResetAfterSec,
                "between 0 and 86400 seconds");
        check(p, startDelayMaxMs >= 0 && startDelayMaxMs <= 600_000L, START_DELAY_MAX_MS, startDelayMaxMs, "between 0 and 600000 ms");
        check(p, queueCapacity >= 1 && queueCapacity <= 1_000_000, QUEUE_CAPACITY, queueCapacity, "between 1 and 1000000 messages");
        check(p, payloadMaxBytes >= 16 && payloadMaxBytes <= 16 * 1024 * 1024, PAYLOAD_MAX_BYTES, payloadMaxBytes,
                "between 16 and 16777216 bytes");
        check(p, queueMaxBytes >= payloadMaxBytes && queueMaxBytes <= 1024L * 1024 * 1024, QUEUE_MAX_BYTES, queueMaxBytes,
                "at least " + PAYLOAD_MAX_BYTES.key() + " (" + payloadMaxBytes + ") and at most 1073741824 bytes");
        this.enabled = enabled;
        this.keepAliveSec = keepAliveSec;
        this.connectTimeoutSec = connectTimeoutSec;
        this.backoffInitialMs = backoffInitialMs;
        this.backoffMaxMs = backoffMaxMs;
        this.backoffResetAfterSec = backoffResetAfterSec;
        this.startDelayMaxMs = startDelayMaxMs;
        this.queueCapacity = queueCapacity;
        this.queueMaxBytes = queueMaxBytes;
        this.payloadMaxBytes = payloadMaxBytes;
        this.problems = Collections.unmodifiableList(p);
    }

    private static void check(List<String> problems, boolean ok, ConfigField field, long value, String expected) {
        if (!ok) {
            problems.add(field.key() + " is " + value + " but must be " + expected);
        }
    }

    /** @return every configuration problem, empty when the settings are usable */
    public List<String> problems() {
        return problems;
    }

    /** @return true when there is no problem */
    public boolean isValid() {
        return problems.isEmpty();
    }

    /**
     * @param other the previous settings
     * @return true if an open connection must be re-established for these settings to take effect
     */
    public boolean connectionDiffers(SessionSettings other) {
        return keepAliveSec != other.keepAliveSec || connectTimeoutSec != other.connectTimeoutSec;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public int getKeepAliveSec() {
        return keepAliveSec;
    }

    /** @return how long the link may stay silent before it is declared dead: 1.5 x keep-alive */
    public long deadLinkTimeoutMs() {
        return keepAliveSec * 1500L;
    }

    public int getConnectTimeoutSec() {
        return connectTimeoutSec;
    }

    public long getBackoffInitialMs() {
        return backoffInitialMs;
    }

    public long getBackoffMaxMs() {
        return backoffMaxMs;
    }

    public int getBackoffResetAfterSec() {
        return backoffResetAfterSec;
    }

    public long getStartDelayMaxMs() {
        return startDelayMaxMs;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public long getQueueMaxBytes() {
        return queueMaxBytes;
    }

    public int getPayloadMaxBytes() {
        return payloadMaxBytes;
    }

    @Override
    public String toString() {
        return "enabled=" + enabled + " keepAliveSec=" + keepAliveSec + " connectTimeoutSec=" + connectTimeoutSec
                + " backoff=" + backoffInitialMs + ".." + backoffMaxMs + "ms resetAfterSec=" + backoffResetAfterSec
                + " startDelayMaxMs=" + startDelayMaxMs + " queue=" + queueCapacity + " msgs/" + queueMaxBytes
                + " bytes payloadMaxBytes=" + payloadMaxBytes;
    }
}
