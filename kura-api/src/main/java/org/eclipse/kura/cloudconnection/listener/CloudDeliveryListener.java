package org.eclipse.kura.cloudconnection.listener;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Declaration of Kura's {@code CloudDeliveryListener}: told when a published message is confirmed.
 */
@ConsumerType
public interface CloudDeliveryListener {

    /** @param messageId the id {@code publish} returned */
    public void onMessageConfirmed(String messageId);
}
