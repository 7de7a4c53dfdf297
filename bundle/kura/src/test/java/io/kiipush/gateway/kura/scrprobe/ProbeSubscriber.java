package io.kiipush.gateway.kura.scrprobe;

import java.util.Map;

import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.subscriber.CloudSubscriber;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;

/**
 * Stands in for KiiSubscriber in SubscriberOnScrTest's probe bundle: same interfaces and lifecycle signatures, no
 * dependency on the gateway's API, so the probe bundle needs only Kura's API stand-in.
 */
public class ProbeSubscriber implements CloudSubscriber, ConfigurableComponent {

    protected void activate(BundleContext context, Map<String, Object> properties) {
        // Only the service properties SCR publishes matter to the test.
    }

    protected void deactivate() {
        // Nothing to release.
    }

    @Override
    public void registerCloudSubscriberListener(CloudSubscriberListener listener) {
    }

    @Override
    public void unregisterCloudSubscriberListener(CloudSubscriberListener listener) {
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
    }
}
