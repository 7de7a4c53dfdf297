package org.eclipse.kura.cloudconnection.subscriber;

import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Declaration of Kura's {@code CloudSubscriber}: a subscription on one cloud endpoint, as Kura Wires' Subscriber
 * component binds to it.
 */
@ProviderType
public interface CloudSubscriber {

    /** @param listener called with each message */
    public void registerCloudSubscriberListener(CloudSubscriberListener listener);

    /** @param listener a listener registered before */
    public void unregisterCloudSubscriberListener(CloudSubscriberListener listener);

    /** @param cloudConnectionListener called on connection changes of the endpoint */
    public void registerCloudConnectionListener(CloudConnectionListener cloudConnectionListener);

    /** @param cloudConnectionListener a listener registered before */
    public void unregisterCloudConnectionListener(CloudConnectionListener cloudConnectionListener);
}
