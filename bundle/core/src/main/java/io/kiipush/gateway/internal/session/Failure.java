package io.kiipush.gateway.internal.session;

import static io.kiipush.gateway.internal.config.ConfigField.CONNECT_TIMEOUT_SEC;
import static io.kiipush.gateway.internal.config.ConfigField.MQTT_TRANSPORT;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.RefreshReason;
import io.kiipush.gateway.internal.failure.Classification;
import io.kiipush.gateway.internal.failure.FailureClassifier;
import io.kiipush.gateway.internal.failure.Peer;

/**
 * A classified session failure: what kind, an operator-readable message (never credentials) and, for refused
 * credentials, the refresh the next attempt must make. MQTT causes are classified by the {@link FailureClassifier},
 * like those of the HTTPS calls.
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
        Throwable c = FailureClassifier.unwrap(t);
        if (c instanceof OnboardingException) {
            OnboardingException oe = (OnboardingException) c;
            String msg = "onboarding: " + oe.getMessage();
            return new Failure(oe.getKind(), msg, null, oe.getKind() != ErrorKind.TRANSIENT);
        }
        String detail = c.getMessage() == null || c.getMessage().isEmpty() ? "" : ": " + c.getMessage();
        return transientError("onboarding: unexpected error: " + c.getClass().getSimpleName() + detail);
    }

    /**
     * Failures of an MQTT connect or subscribe attempt, or of an established connection. Refused credentials
     * (CONNACK 2, 4, 5) ask for a fresh endpoint; certificate problems are configuration problems.
     *
     * @param t the cause Paho reported
     * @param target the target of the connection
     * @param settings the session settings (the connect timeout)
     */
    static Failure ofMqtt(Throwable t, ConnectTarget target, SessionSettings settings) {
        Classification c = FailureClassifier.classify(t, peer(target, settings));
        switch (c.kind()) {
            case AUTHENTICATION:
                return credentialsRefused(c.message(), RefreshReason.CREDENTIALS_REFUSED);
            case CONFIGURATION:
                return configuration(c.message());
            default:
                return transientError(c.message());
        }
    }

    /** @return the push broker of {@code target} as the classifier sees it: its port is chosen by the transport */
    static Peer peer(ConnectTarget target, SessionSettings settings) {
        long timeoutMs = settings.getConnectTimeoutSec() * 1000L;
        return new Peer("broker " + target.serverUri(), target.getEndpoint().getHost(), MQTT_TRANSPORT,
                target.getCaFile(), timeoutMs, CONNECT_TIMEOUT_SEC, timeoutMs, CONNECT_TIMEOUT_SEC).presenting(
                        "the MQTT user name and password Kii issued", "the gateway fetches a fresh endpoint");
    }
}
