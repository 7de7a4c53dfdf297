package io.kiipush.gateway.internal.session;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLException;

import org.eclipse.paho.client.mqttv3.MqttException;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.RefreshReason;

/**
 * A classified session failure: what kind, an operator-readable message (never credentials) and, for refused
 * credentials, the refresh the next attempt must make.
 */
final class Failure {

    final ErrorKind kind;
    final String message;
    /** Non-null when the broker refused the credentials: refresh the endpoint before the next attempt. */
    final RefreshReason refresh;
    /** True when retrying cannot help (FAILED until the configuration changes). */
    final boolean permanent;

    private Failure(ErrorKind kind, String message, RefreshReason refresh, boolean permanent) {
        this.kind = kind;
        this.message = message;
        this.refresh = refresh;
        this.permanent = permanent;
    }

    static Failure transientError(String message) {
        return new Failure(ErrorKind.TRANSIENT, message, null, false);
    }

    static Failure configuration(String message) {
        return new Failure(ErrorKind.CONFIGURATION, message, null, true);
    }

    static Failure credentialsRefused(String message, RefreshReason reason) {
        return new Failure(ErrorKind.AUTHENTICATION, message, reason, false);
    }

    /**
     * Onboarding failures: configuration and refused identity credentials stop the session (FAILED), the rest is
     * retried with backoff.
     */
    static Failure ofOnboarding(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof OnboardingException) {
            OnboardingException oe = (OnboardingException) c;
            String msg = "onboarding: " + oe.getMessage();
            switch (oe.getKind()) {
                case CONFIGURATION:
                    return new Failure(ErrorKind.CONFIGURATION, msg, null, true);
                case AUTHENTICATION:
                    return new Failure(ErrorKind.AUTHENTICATION, msg, null, true);
                default:
                    return new Failure(ErrorKind.TRANSIENT, msg, null, false);
            }
        }
        return transientError("onboarding: unexpected error: " + describe(c));
    }

    /** Failures of an MQTT connect or subscribe attempt, or of an established connection. */
    static Failure ofMqtt(Throwable t, String broker) {
        if (t instanceof MqttException) {
            MqttException me = (MqttException) t;
            switch (me.getReasonCode()) {
                case MqttException.REASON_CODE_INVALID_CLIENT_ID:
                    return credentialsRefused("broker " + broker + " refused the client id (CONNACK 2)", RefreshReason.CREDENTIALS_REFUSED);
                case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
                    return credentialsRefused("broker " + broker + " refused the user name or password (CONNACK 4)",
                            RefreshReason.CREDENTIALS_REFUSED);
                case MqttException.REASON_CODE_NOT_AUTHORIZED:
                    return credentialsRefused("broker " + broker + " refused the connection: not authorized (CONNACK 5)",
                            RefreshReason.CREDENTIALS_REFUSED);
                case MqttException.REASON_CODE_BROKER_UNAVAILABLE:
                    return transientError("broker " + broker + " is unavailable (CONNACK 3)");
                case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION:
                    return transientError("broker " + broker + " refused the MQTT protocol version (CONNACK 1)");
                default:
                    break;
            }
        }
        Failure tls = tls(t, broker);
        if (tls != null) {
            return tls;
        }
        Throwable root = rootCause(t);
        if (root instanceof ConnectException) {
            return transientError("cannot connect to broker " + broker + ": connection refused");
        }
        if (root instanceof UnknownHostException) {
            return transientError("cannot connect to broker " + broker + ": unknown host");
        }
        if (root instanceof NoRouteToHostException) {
            return transientError("cannot connect to broker " + broker + ": no route to host");
        }
        if (root instanceof SocketTimeoutException) {
            return transientError("cannot connect to broker " + broker + ": timed out");
        }
        if (root instanceof EOFException) {
            return transientError("broker " + broker + " closed the connection");
        }
        return transientError("MQTT error with broker " + broker + ": " + describe(t));
    }

    // Certificate problems are configuration problems: the CA file or the host name verification setting is wrong.
    private static Failure tls(Throwable t, String broker) {
        boolean ssl = false;
        for (Throwable c = t; c != null; c = c.getCause()) {
            ssl |= c instanceof SSLException;
            String m = String.valueOf(c.getMessage());
            if (c instanceof CertificateException || c.getClass().getName().contains("CertPath")) {
                if (m.contains("subject alternative") || m.contains("No name matching") || m.contains("hostname")) {
                    return configuration("TLS: the certificate of broker " + broker
                            + " does not match its host name (fix the endpoint host or, for testing only, set tls.verifyHostname=false)");
                }
                return configuration("TLS: the certificate of broker " + broker
                        + " is not trusted (set tls.caFile to a PEM file with the CA that signed it)");
            }
            if (ssl && (m.contains("PKIX") || m.contains("certification path") || m.contains("unable to find valid"))) {
                return configuration("TLS: the certificate of broker " + broker
                        + " is not trusted (set tls.caFile to a PEM file with the CA that signed it)");
            }
            if (c.getCause() == c) {
                break;
            }
        }
        if (ssl) {
            return transientError("TLS handshake with broker " + broker + " failed: " + describe(rootCause(t)));
        }
        return null;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        String name = t.getClass().getSimpleName();
        return m == null || m.isEmpty() ? name : name + ": " + m;
    }
}
