package io.kiipush.gateway.itests.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.kura.crypto.CryptoService;

/**
 * Stand-in for Kura 5's {@code CryptoService} ({@code org.eclipse.kura.core.crypto.CryptoServiceImpl}), registered as
 * a service by {@link Kura} so the bundle decrypts Password values of exactly the shape a Kura gateway stores. Only the
 * AES and Base64 methods are modelled; Kura's keystore-password and hash methods are not used here.
 * <p>
 * Where Kura throws its checked {@code KuraException}, this class throws {@link IllegalArgumentException}: the bundle
 * catches {@link Exception} around {@code decryptAes}, so it cannot tell them apart.
 */
public final class KuraCryptoStandIn implements CryptoService {

    // CryptoServiceImpl: the key is the bytes of this system property, else a fixed 16-character secret (AES-128).
    private static final String SECRET_KEY_PROPERTY = "org.eclipse.kura.core.crypto.secretKey";
    private static final String TEST_SECRET = "kiipush-itest-k1"; // ours, not Kura's default: only the shape matters
    // CryptoServiceImpl: AES/GCM/NoPadding, 128-bit tag, 12-byte random IV.
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int TAG_BITS = 128;
    private static final int IV_BYTES = 12;
    // CryptoServiceImpl: the stored form is Base64(IV) + "-" + Base64(cipher text and tag).
    private static final String SEPARATOR = "-";

    private final SecretKeySpec key = new SecretKeySpec(
            System.getProperty(SECRET_KEY_PROPERTY, TEST_SECRET).getBytes(StandardCharsets.UTF_8), "AES");
    private final SecureRandom random = new SecureRandom();

    /** CryptoServiceImpl.encryptAes(char[]): a fresh IV per call, so equal values never look equal. */
    @Override
    public char[] encryptAes(char[] value) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance(CIPHER);
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            // Kura 5.5 encodes the characters as UTF-8 (5.0 used the platform charset, UTF-8 on a gateway).
            byte[] sealed = c.doFinal(new String(value).getBytes(StandardCharsets.UTF_8));
            return (base64(iv) + SEPARATOR + base64(sealed)).toCharArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("encrypt failed", e);
        }
    }

    /**
     * CryptoServiceImpl.decryptAes(char[]): an empty value decrypts to an empty value; anything that is not two
     * Base64 parts around "-" sealed with this key is refused. A malformed Base64 part fails with the JDK decoder's own
     * IllegalArgumentException, as on Kura.
     */
    @Override
    public char[] decryptAes(char[] encryptedValue) {
        if (encryptedValue.length == 0) {
            return new char[0];
        }
        String[] parts = new String(encryptedValue).split(SEPARATOR);
        if (parts.length != 2) {
            throw new IllegalArgumentException("not an encrypted value");
        }
        byte[] iv = Base64.getDecoder().decode(parts[0]);
        byte[] sealed = Base64.getDecoder().decode(parts[1]);
        if (sealed.length == 0) {
            throw new IllegalArgumentException("not an encrypted value");
        }
        try {
            Cipher c = Cipher.getInstance(CIPHER);
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            return new String(c.doFinal(sealed), StandardCharsets.UTF_8).toCharArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot decrypt the value", e);
        }
    }

    /** CryptoServiceImpl.encodeBase64(String): Base64 of the UTF-8 bytes (Kura's snapshots wrap Password values so). */
    public String encodeBase64(String value) {
        return value == null ? null : base64(value.getBytes(StandardCharsets.UTF_8));
    }

    /** CryptoServiceImpl.decodeBase64(String). */
    public String decodeBase64(String encoded) {
        return encoded == null ? null : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
