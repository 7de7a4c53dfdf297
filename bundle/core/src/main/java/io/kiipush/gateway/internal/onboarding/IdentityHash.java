package io.kiipush.gateway.internal.onboarding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** The hashes that name and check an identity's state without ever storing a secret or an identity in clear. */
final class IdentityHash {

    private IdentityHash() {
    }

    /** @return the state file of an identity: a hash of where and who, never a secret */
    static String stateFileName(String restBase, String appId, Object mode, String identityId) {
        return "state-" + sha256Hex(restBase + "\n" + appId + "\n" + mode + "\n" + identityId).substring(0, 32)
                + ".json";
    }

    /**
     * @param material the credentials (secret)
     * @param saltHex the salt of a stored check to compare with, {@code null} for a new random salt
     * @return {@code salt$sha256(salt, material)}: salted so the file never holds a plain, comparable password hash
     */
    static String credentialCheck(String material, String saltHex) {
        String salt = saltHex;
        if (salt == null) {
            byte[] bytes = new byte[16];
            new SecureRandom().nextBytes(bytes);
            salt = hex(bytes);
        }
        return salt + "$" + sha256Hex(salt + "\0" + material);
    }

    /** @return the lower-case hex SHA-256 of the UTF-8 text */
    static String sha256Hex(String text) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JVM", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }
}
