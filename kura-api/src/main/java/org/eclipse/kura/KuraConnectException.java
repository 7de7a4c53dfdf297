package org.eclipse.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Declaration of Kura 5.0's {@code KuraConnectException}: a {@link KuraErrorCode#CONNECTION_FAILED} exception.
 */
@ProviderType
public class KuraConnectException extends KuraException {

    private static final long serialVersionUID = 5894832757268538532L;

    /** @param argument what failed, shown in the message */
    public KuraConnectException(Object argument) {
        super(KuraErrorCode.CONNECTION_FAILED, null, argument);
    }

    /**
     * @param cause the cause
     * @param argument what failed, shown in the message
     */
    public KuraConnectException(Throwable cause, Object argument) {
        super(KuraErrorCode.CONNECTION_FAILED, cause, argument);
    }
}
