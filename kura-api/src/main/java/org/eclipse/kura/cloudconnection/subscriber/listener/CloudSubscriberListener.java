package org.eclipse.kura.cloudconnection.subscriber.listener;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Declaration of Kura's {@code CloudSubscriberListener}.
 */
@ConsumerType
@FunctionalInterface
public interface CloudSubscriberListener {

    /** @param message a received message */
    public void onMessageArrived(KuraMessage message);
}
