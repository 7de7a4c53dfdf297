package io.kiipush.emulator.internal.util;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** Random identifiers shaped like the ones Kii Cloud issues (docs/kii-protocol.md §2, §3). */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String HEX = "0123456789abcdef";

    private Ids() {
    }

    public static String random(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** 25 lowercase alphanumerics, like every observed installationID. */
    public static String installationId() {
        return random(LOWER_ALNUM, 25);
    }

    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** {@code {appID}-{23 alnum}}, the observed MQTT user name shape. */
    public static String mqttUsername(String appId) {
        return appId + "-" + random(ALNUM, 23);
    }

    /** 64 letters, the observed MQTT password shape. */
    public static String mqttPassword() {
        return random(LETTERS, 64);
    }

    /** 23 alphanumerics, the observed mqttTopic shape. */
    public static String mqttTopic() {
        return random(ALNUM, 23);
    }

    /** {@code th.} + 12 hex + UUID-ish groups, e.g. th.7b3f20b00022-414b-6e11-0374-03ab0ce5. */
    public static String thingId() {
        return "th." + kiiId();
    }

    /** 12 hex - 4 - 4 - 4 - 8: the shape of Kii user and object IDs. */
    public static String kiiId() {
        return random(HEX, 12) + "-" + random(HEX, 4) + "-" + random(HEX, 4) + "-" + random(HEX, 4) + "-"
                + random(HEX, 8);
    }

    public static String groupId() {
        return random(LOWER_ALNUM, 25);
    }

    /** 43 URL-safe characters (256 bits), the length of observed access tokens. */
    public static String accessToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String secret(int length) {
        return random(ALNUM, length);
    }
}
