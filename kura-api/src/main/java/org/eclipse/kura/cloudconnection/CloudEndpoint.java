package org.eclipse.kura.cloudconnection;

import java.util.Collections;
import java.util.Map;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Declaration of Kura's {@code CloudEndpoint}: one cloud connection, identified by its {@code kura.service.pid}.
 */
@ProviderType
public interface CloudEndpoint {

    /**
     * @param message the message to send
     * @return an id for delivery confirmation, or {@code null}
     * @throws KuraException if it cannot be sent
     */
    public String publish(KuraMessage message) throws KuraException;

    /**
     * @param subscriptionProperties what to receive, specific to the endpoint
     * @param cloudSubscriberListener called with each received message
     */
    public void registerSubscriber(Map<String, Object> subscriptionProperties,
            CloudSubscriberListener cloudSubscriberListener);

    /** @param cloudSubscriberListener a listener registered before */
    public void unregisterSubscriber(CloudSubscriberListener cloudSubscriberListener);

    /** @return what Kura's Status page shows for the connection, key by key */
    public default Map<String, String> getInfo() {
        return Collections.emptyMap();
    }

    /** @param cloudDeliveryListener called when a published message is confirmed */
    public void registerCloudDeliveryListener(CloudDeliveryListener cloudDeliveryListener);

    /** @param cloudDeliveryListener a listener registered before */
    public void unregisterCloudDeliveryListener(CloudDeliveryListener cloudDeliveryListener);
}
