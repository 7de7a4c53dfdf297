package org.eclipse.kura.configuration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Declaration of Kura's {@code Password} value (package {@code org.eclipse.kura.configuration}): the type Kura's web
 * console and REST API hand to the {@link ConfigurationService} for metatype {@code Password} fields, and the type Kura
 * turns back into a {@code String} before a value reaches Config Admin. Same constructors and methods as Kura's class,
 * nothing more.
 */
@ProviderType
public class Password {

    private final char[] password;

    /** @param password the value, may be {@code null} */
    public Password(String password) {
        this.password = password == null ? null : password.toCharArray();
    }

    /** @param password the value, kept as given */
    public Password(char[] password) {
        this.password = password;
    }

    /** @return the value as given (clear or encrypted, whichever this instance holds) */
    public char[] getPassword() {
        return password;
    }

    /** @return the value as a string: Kura stores a Password in Config Admin as this string */
    @Override
    public String toString() {
        return new String(password);
    }
}
