package org.eclipse.kura.crypto;

/**
 * Declaration of the part of Kura's {@code CryptoService} the bundle calls.
 * <p>
 * Kura encrypts every metatype {@code Password} value before it reaches a component; {@link #decryptAes(char[])}
 * turns it back into the clear text. The real method declares {@code throws KuraException}; callers catch
 * {@link Exception}, so that type is not needed here (the JVM links methods by name and descriptor only).
 * Compile-only: the bundle imports the real package from the gateway at runtime.
 */
public interface CryptoService {

    /**
     * Decrypts a value produced by {@link #encryptAes(char[])}.
     *
     * @param encryptedValue the Base64 cipher text Kura stored
     * @return the clear text
     */
    char[] decryptAes(char[] encryptedValue);

    /**
     * Encrypts a value the way Kura stores Password fields.
     *
     * @param value the clear text
     * @return the Base64 cipher text
     */
    char[] encryptAes(char[] value);
}
