package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Declaration of Kura 5.0's {@code KuraDisconnectException}: a {@link KuraErrorCode#DISCONNECTION_FAILED} exception.
 */
@ProviderType
public class KuraDisconnectException extends KuraException {

    private static final long serialVersionUID = 52917095245324570L;

    /** @param argument what failed, shown in the message */
    public KuraDisconnectException(Object argument) {
        super(KuraErrorCode.DISCONNECTION_FAILED, null, argument);
    }

    /**
     * @param cause the cause
     * @param argument what failed, shown in the message
     */
    public KuraDisconnectException(Throwable cause, Object argument) {
        super(KuraErrorCode.DISCONNECTION_FAILED, cause, argument);
    }
}
