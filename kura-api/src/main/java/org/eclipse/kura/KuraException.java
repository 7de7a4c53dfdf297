package org.eclipse.kura;

import java.util.Arrays;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Declaration of Kura 5.0's {@code KuraException}: same constructors and public methods. Kura builds the message from
 * a per-code pattern in its resource bundle (for example {@code "Operation {0} not supported."}); this stand-in, used
 * only at compile time and on plain frameworks, gives the code and the arguments.
 */
@ProviderType
public class KuraException extends Exception {

    private static final long serialVersionUID = 7468633737373095296L;

    private final KuraErrorCode code;
    private final Object[] arguments;

    /** @param code the error code */
    public KuraException(final KuraErrorCode code) {
        this.code = code;
        this.arguments = null;
    }

    /**
     * @param code the error code
     * @param arguments the values of the code's message pattern
     */
    public KuraException(final KuraErrorCode code, final Object... arguments) {
        this.code = code;
        this.arguments = arguments;
    }

    /**
     * @param code the error code
     * @param cause the cause
     * @param arguments the values of the code's message pattern
     */
    public KuraException(final KuraErrorCode code, final Throwable cause, final Object... arguments) {
        super(cause);
        this.code = code;
        this.arguments = arguments;
    }

    /**
     * @param message the message
     * @return an {@link KuraErrorCode#INTERNAL_ERROR} exception
     */
    public static KuraException internalError(final String message) {
        return new KuraException(KuraErrorCode.INTERNAL_ERROR, null, message);
    }

    /**
     * @param cause the cause
     * @return an {@link KuraErrorCode#INTERNAL_ERROR} exception
     */
    public static KuraException internalError(final Throwable cause) {
        return new KuraException(KuraErrorCode.INTERNAL_ERROR, cause, "");
    }

    /**
     * @param cause the cause
     * @param message the message
     * @return an {@link KuraErrorCode#INTERNAL_ERROR} exception
     */
    public static KuraException internalError(final Throwable cause, final String message) {
        return new KuraException(KuraErrorCode.INTERNAL_ERROR, cause, message);
    }

    /** @return the error code */
    public KuraErrorCode getCode() {
        return this.code;
    }

    @Override
    public String getLocalizedMessage() {
        return getMessage();
    }

    @Override
    public String getMessage() {
        return code + (arguments == null ? "" : " " + Arrays.toString(arguments));
    }
}
