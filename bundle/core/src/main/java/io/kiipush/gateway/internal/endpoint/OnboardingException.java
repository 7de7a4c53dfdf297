package io.kiipush.gateway.internal.endpoint;

import java.util.Objects;

import io.kiipush.gateway.ErrorKind;

/**
 * A classified onboarding failure with a message for a gateway operator. Never carries secrets.
 */
public final class OnboardingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String kiiErrorCode;
    private final int httpStatus;

    /**
     * @param kind classification
     * @param message operator-readable message without secrets
     * @param kiiErrorCode Kii's {@code errorCode}, or {@code null}
     * @param httpStatus HTTP status, or 0 when no HTTP answer was received
     * @param cause the underlying exception, or {@code null}
     */
    public OnboardingException(ErrorKind kind, String message, String kiiErrorCode, int httpStatus, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.kiiErrorCode = kiiErrorCode;
        this.httpStatus = httpStatus;
    }

    /**
     * @param kind classification
     * @param message operator-readable message without secrets
     */
    public OnboardingException(ErrorKind kind, String message) {
        this(kind, message, null, 0, null);
    }

    /** @return the failure of everything pending or attempted after the onboarding component stopped */
    public static OnboardingException stopped() {
        return new OnboardingException(ErrorKind.TRANSIENT, "onboarding stopped");
    }

    public ErrorKind getKind() {
        return kind;
    }

    /** @return Kii's {@code errorCode}, or {@code null} */
    public String getKiiErrorCode() {
        return kiiErrorCode;
    }

    /** @return the HTTP status, or 0 when no HTTP answer was received */
    public int getHttpStatus() {
        return httpStatus;
    }
}
