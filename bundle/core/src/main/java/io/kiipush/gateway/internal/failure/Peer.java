package io.kiipush.gateway.internal.failure;

import io.kiipush.gateway.internal.config.ConfigField;

/**
 * What a failed exchange was talking to and which settings an operator could change about it: the context that turns
 * a cause into an operator message. Immutable; never holds a secret.
 */
public final class Peer {

    final String name;
    final String host;
    final ConfigField address;
    final String caFile;
    final long connectTimeoutMs;
    final ConfigField connectTimeout;
    final long answerTimeoutMs;
    final ConfigField answerTimeout;
    final String action;
    final String credentials;
    final String credentialsFix;

    /**
     * @param name how messages name the peer, e.g. {@code localhost:8080} or {@code broker ssl://host:8883}
     * @param host the host name connected to
     * @param address the field that chooses the address or port, {@code null} when no setting does
     * @param caFile the configured CA file, empty for the JVM default trust store
     * @param connectTimeoutMs the bound of the connection set-up
     * @param connectTimeout the field that sets it
     * @param answerTimeoutMs the bound of each answer
     * @param answerTimeout the field that sets it
     */
    public Peer(String name, String host, ConfigField address, String caFile, long connectTimeoutMs,
            ConfigField connectTimeout, long answerTimeoutMs, ConfigField answerTimeout) {
        this(name, host, address, caFile, connectTimeoutMs, connectTimeout, answerTimeoutMs, answerTimeout, null,
                null, null);
    }

    private Peer(String name, String host, ConfigField address, String caFile, long connectTimeoutMs,
            ConfigField connectTimeout, long answerTimeoutMs, ConfigField answerTimeout, String action,
            String credentials, String credentialsFix) {
        this.name = name;
        this.host = host;
        this.address = address;
        this.caFile = caFile;
        this.connectTimeoutMs = connectTimeoutMs;
        this.connectTimeout = connectTimeout;
        this.answerTimeoutMs = answerTimeoutMs;
        this.answerTimeout = answerTimeout;
        this.action = action;
        this.credentials = credentials;
        this.credentialsFix = credentialsFix;
    }

    /**
     * @param what what was being done, e.g. {@code the login of user 'bob'}
     * @return this peer during that exchange
     */
    public Peer during(String what) {
        return new Peer(name, host, address, caFile, connectTimeoutMs, connectTimeout, answerTimeoutMs, answerTimeout,
                what, credentials, credentialsFix);
    }

    /**
     * @param what the credentials the peer may refuse, e.g. {@code the application credentials of app 'a1'}
     * @param fix what the operator or the gateway does about a refusal
     * @return this peer with those credentials
     */
    public Peer presenting(String what, String fix) {
        return new Peer(name, host, address, caFile, connectTimeoutMs, connectTimeout, answerTimeoutMs, answerTimeout,
                action, what, fix);
    }

    /** @return {@code " during <action>"}, or nothing when no action is set */
    String during() {
        return action == null ? "" : " during " + action;
    }
}
