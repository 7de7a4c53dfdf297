package io.kiipush.gateway.internal.failure;

import static io.kiipush.gateway.internal.config.ConfigField.TLS_CA_FILE;
import static io.kiipush.gateway.internal.config.ConfigField.TLS_VERIFY_HOSTNAME;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import org.eclipse.paho.client.mqttv3.MqttException;

import io.kiipush.gateway.ErrorKind;

/**
 * The one classification of network, TLS and MQTT failures, for the HTTPS calls to Kii, the onboarding through Kii's
 * default broker and the push session alike: the same cause gets the same {@link ErrorKind} and the same message,
 * naming the field (label and key) an operator would change. Kii's answers to HTTP requests (status and error code)
 * are classified by the onboarding, which knows the call; refused credentials read the same on both protocols
 * ({@link #refused}).
 * <p>
 * CONFIGURATION: TLS trust, host name, a peer that does not speak TLS. AUTHENTICATION: CONNACK 2, 4 or 5. TRANSIENT:
 * everything else (DNS, refused, timeouts, handshake I/O, closed connections, CONNACK 1 and 3).
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    /**
     * @param failure what went wrong, possibly wrapped (completion, MQTT exception, TLS exception)
     * @param peer the peer and the settings behind it
     * @return the classification
     */
    public static Classification classify(Throwable failure, Peer peer) {
        Throwable e = unwrap(failure);
        if (e instanceof MqttException && e.getCause() == null) {
            return ofReasonCode(((MqttException) e).getReasonCode(), peer);
        }
        if (isHostnameFailure(e)) {
            return new Classification(ErrorKind.CONFIGURATION, "the TLS certificate of " + peer.name
                    + " does not name host '" + peer.host + "'" + peer.during() + ": " + (peer.address == null ? ""
                            : "use the host name the certificate was issued for in " + peer.address + ", or ")
                    + "set " + TLS_VERIFY_HOSTNAME + " to false (insecure, for test setups only)");
        }
        if (isTrustFailure(e)) {
            String trustedBy = peer.caFile.isEmpty() ? "the JVM default trust store"
                    : "the CA file '" + peer.caFile + "' (" + TLS_CA_FILE.key() + ")";
            return new Classification(ErrorKind.CONFIGURATION, "the TLS certificate of " + peer.host
                    + " is not trusted by " + trustedBy + peer.during() + ": set " + TLS_CA_FILE
                    + " to a PEM file with the CA that signed the server certificate");
        }
        if (messageContains(e, "Unrecognized SSL message") || messageContains(e, "plaintext connection")) {
            return new Classification(ErrorKind.CONFIGURATION, peer.name + " does not speak TLS" + peer.during()
                    + ": check the scheme (https/ssl or http/tcp) of " + addressOf(peer));
        }
        if (find(e, SocketTimeoutException.class) != null && messageContains(e, "connect timed out")) {
            return transientError("no connection to " + peer.name + " within " + peer.connectTimeoutMs + " ms"
                    + peer.during() + ": check the network, or raise " + peer.connectTimeout);
        }
        if (find(e, SocketTimeoutException.class) != null || find(e, TimeoutException.class) != null) {
            return transientError(peer.name + " did not answer" + (peer.action == null ? "" : " " + peer.action)
                    + " within " + peer.answerTimeoutMs + " ms: check the network, or raise " + peer.answerTimeout);
        }
        if (find(e, ConnectException.class) != null || find(e, NoRouteToHostException.class) != null) {
            return transientError("cannot connect to " + peer.name + " (" + rootMessage(e) + ")" + peer.during()
                    + ": check the network" + (peer.address == null ? "" : " and " + peer.address));
        }
        if (find(e, UnknownHostException.class) != null) {
            return transientError("cannot resolve host name '" + peer.host + "'" + peer.during() + ": check DNS"
                    + (peer.address == null ? "" : " and " + peer.address));
        }
        if (find(e, SSLException.class) != null) {
            return transientError("TLS handshake with " + peer.name + " failed" + peer.during() + " ("
                    + rootMessage(e) + ")");
        }
        if (find(e, EOFException.class) != null) {
            return transientError(peer.name + " closed the connection" + peer.during());
        }
        return transientError("network error with " + peer.name + peer.during() + " (" + e.getClass().getSimpleName()
                + ": " + rootMessage(e) + ")");
    }

    /**
     * @param peer the peer, with the credentials it was presented ({@link Peer#presenting})
     * @param detail what the peer answered, e.g. {@code (CONNACK 4: bad user name or password)}
     * @return an AUTHENTICATION classification naming the credentials and the fix
     */
    public static Classification refused(Peer peer, String detail) {
        return new Classification(ErrorKind.AUTHENTICATION, peer.name + " refused "
                + (peer.credentials == null ? "the credentials" : peer.credentials) + " " + detail
                + (peer.credentialsFix == null ? "" : ": " + peer.credentialsFix));
    }

    /** @return the failure inside {@link CompletionException}s and {@link ExecutionException}s */
    public static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Paho reports CONNACK return codes and its own timeout as reason codes without a cause. */
    private static Classification ofReasonCode(int rc, Peer peer) {
        switch (rc) {
            case MqttException.REASON_CODE_INVALID_CLIENT_ID:
                return refused(peer, "(CONNACK 2: client id refused)");
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
                return refused(peer, "(CONNACK 4: bad user name or password)");
            case MqttException.REASON_CODE_NOT_AUTHORIZED:
                return refused(peer, "(CONNACK 5: not authorized)");
            case MqttException.REASON_CODE_BROKER_UNAVAILABLE:
                return transientError(peer.name + " is unavailable (CONNACK 3)" + peer.during());
            case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION:
                return transientError(peer.name + " refused the MQTT protocol version (CONNACK 1)" + peer.during());
            case MqttException.REASON_CODE_CLIENT_TIMEOUT:
                return transientError(peer.name + " did not answer" + (peer.action == null ? "" : " " + peer.action)
                        + " in time: check the network, or raise " + peer.answerTimeout);
            case MqttException.REASON_CODE_CONNECTION_LOST:
                return transientError(peer.name + " closed the connection" + peer.during());
            default:
                return transientError("MQTT error " + rc + " with " + peer.name + peer.during());
        }
    }

    private static Classification transientError(String message) {
        return new Classification(ErrorKind.TRANSIENT, message);
    }

    private static String addressOf(Peer peer) {
        return peer.address == null ? "the address" : peer.address.toString();
    }

    private static boolean isHostnameFailure(Throwable e) {
        return messageContains(e, "No subject alternative") || messageContains(e, "No name matching")
                || messageContains(e, "HTTPS hostname wrong");
    }

    private static boolean isTrustFailure(Throwable e) {
        return find(e, CertPathBuilderException.class) != null || find(e, CertPathValidatorException.class) != null
                || find(e, CertificateException.class) != null || messageContains(e, "PKIX path")
                || messageContains(e, "unable to find valid certification path");
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean messageContains(Throwable e, String fragment) {
        String f = fragment.toLowerCase(Locale.ROOT);
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(f)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
