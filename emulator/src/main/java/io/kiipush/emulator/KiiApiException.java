package io.kiipush.emulator;

/** A Kii error raised by a Java API call (the same error the REST API would answer). */
public final class KiiApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    public KiiApiException(int status, String errorCode, String message) {
        super(status + " " + errorCode + ": " + message);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** @return the HTTP status the REST API would answer */
    public int status() {
        return status;
    }

    /** @return Kii's errorCode, e.g. {@code TOPIC_NOT_FOUND} */
    public String errorCode() {
        return errorCode;
    }
}
