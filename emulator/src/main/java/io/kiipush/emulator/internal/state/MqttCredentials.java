package io.kiipush.emulator.internal.state;

/**
 * One issue of MQTT credentials for an installation.
 *
 * @param username MQTT user name
 * @param password MQTT password
 * @param topic push topic (stable for the installation)
 * @param issuedAt issue time, ms since epoch
 * @param ttlSeconds lifetime at issue; {@link Integer#MAX_VALUE} or more = forever
 */
public record MqttCredentials(String username, String password, String topic, long issuedAt, long ttlSeconds) {

    public static final long FOREVER = Integer.MAX_VALUE;

    public boolean expires() {
        return ttlSeconds < FOREVER;
    }

    public boolean expiredAt(long now) {
        return expires() && now >= issuedAt + ttlSeconds * 1000L;
    }

    /** @return remaining seconds (rounded up), or {@link #FOREVER} */
    public long remainingSeconds(long now) {
        if (!expires()) {
            return FOREVER;
        }
        long ms = issuedAt + ttlSeconds * 1000L - now;
        return Math.max(0, (ms + 999) / 1000);
    }
}
