package io.kiipush.gateway.kura.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kii subscriber's link to its endpoint: while the endpoint is there, one registration on it with the subscriber's
 * filter; every message and connection change goes to the subscriber's own listeners (Kura Wires, applications).
 */
public final class SubscriberLink implements CloudSubscriberListener, CloudConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberLink.class);

    private Map<String, Object> subscription;
    private final Set<CloudSubscriberListener> listeners = new CopyOnWriteArraySet<>();
    private final Set<CloudConnectionListener> connectionListeners = new CopyOnWriteArraySet<>();
    private CloudEndpoint endpoint;

    /**
     * @param subscription the filter properties (see {@link NotificationFilter}), already validated
     */
    public SubscriberLink(Map<String, Object> subscription) {
        NotificationFilter.parse(subscription);
        this.subscription = subscription;
    }

    /** @param e the endpoint that appeared */
    public synchronized void bind(CloudEndpoint e) {
        unbindCurrent();
        endpoint = e;
        e.registerSubscriber(subscription, this);
        if (e instanceof CloudConnectionManager) {
            ((CloudConnectionManager) e).registerCloudConnectionListener(this);
        }
    }

    /**
     * A changed configuration: the bound endpoint (if any) gets the new filter; the listeners stay.
     *
     * @param changed the new filter properties, already validated
     */
    public synchronized void resubscribe(Map<String, Object> changed) {
        NotificationFilter.parse(changed);
        CloudEndpoint bound = endpoint;
        unbindCurrent();
        subscription = changed;
        if (bound != null) {
            bind(bound);
        }
    }

    /** @param e the endpoint that went away */
    public synchronized void unbind(CloudEndpoint e) {
        if (endpoint == e) {
            unbindCurrent();
        }
    }

    /** @return whether an endpoint is bound */
    public synchronized boolean isBound() {
        return endpoint != null;
    }

    private void unbindCurrent() {
        if (endpoint != null) {
            endpoint.unregisterSubscriber(this);
            if (endpoint instanceof CloudConnectionManager) {
                ((CloudConnectionManager) endpoint).unregisterCloudConnectionListener(this);
            }
            endpoint = null;
        }
    }

    /** @param l a listener to add */
    public void addListener(CloudSubscriberListener l) {
        listeners.add(l);
    }

    /** @param l a listener to remove */
    public void removeListener(CloudSubscriberListener l) {
        listeners.remove(l);
    }

    /** @param l a connection listener to add */
    public void addConnectionListener(CloudConnectionListener l) {
        connectionListeners.add(l);
    }

    /** @param l a connection listener to remove */
    public void removeConnectionListener(CloudConnectionListener l) {
        connectionListeners.remove(l);
    }

    @Override
    public void onMessageArrived(KuraMessage message) {
        for (CloudSubscriberListener l : listeners) {
            try {
                l.onMessageArrived(message);
            } catch (RuntimeException e) {
                // One failing consumer (a Wires graph, an application) does not keep the message from the others.
                LOG.warn("A Kii subscriber's listener threw: {}", e.toString());
            }
        }
    }

    @Override
    public void onDisconnected() {
        connectionListeners.forEach(CloudConnectionListener::onDisconnected);
    }

    @Override
    public void onConnectionLost() {
        connectionListeners.forEach(CloudConnectionListener::onConnectionLost);
    }

    @Override
    public void onConnectionEstablished() {
        connectionListeners.forEach(CloudConnectionListener::onConnectionEstablished);
    }
}
