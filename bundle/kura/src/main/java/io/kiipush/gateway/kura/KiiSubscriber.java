package io.kiipush.gateway.kura;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.cloudconnection.CloudConnectionConstants;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.subscriber.CloudSubscriber;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.configuration.ConfigurationService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.kura.internal.NotificationFilter;
import io.kiipush.gateway.kura.internal.SubscriberLink;

/**
 * A Kii subscriber (one per configuration, created from Kura's New Pub/Sub dialog): receives the notifications of one
 * Kii connection that pass its filters and hands them to its listeners, for example Kura Wires' Subscriber.
 * <p>
 * Its descriptor is hand-written in the DS 1.2 namespace (OSGI-INF/io.kiipush.gateway.kura.KiiSubscriber.xml), not
 * generated from annotations: Kura needs {@code service.pid} on the component description, and only for DS 1.3+
 * components does Felix SCR publish a declared {@code service.pid} as a list. A configuration change reactivates it.
 */
public class KiiSubscriber implements CloudSubscriber, ConfigurableComponent {

    private static final Logger LOG = LoggerFactory.getLogger(KiiSubscriber.class);

    private BundleContext context;
    private String endpointPid;
    private SubscriberLink link;
    private ServiceTracker<CloudEndpoint, CloudEndpoint> tracker;

    /**
     * @param context the bundle context
     * @param properties the configuration
     * @throws IllegalArgumentException naming the field and the fix when the configuration is not usable (DS then
     *         logs it and the subscriber stays unavailable)
     */
    protected void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        String endpointPid = endpointPid(properties);
        this.endpointPid = endpointPid;
        Map<String, Object> subscription = subscription(properties);
        link = new SubscriberLink(subscription);
        track(endpointPid);
        LOG.info("Kii subscriber {} on {} ({})", properties.get(ConfigurationService.KURA_SERVICE_PID), endpointPid,
                NotificationFilter.parse(subscription));
    }

    /**
     * A changed configuration, without a new activation: the listeners registered by Wires stay registered (Kura
     * writes a new factory instance's configuration again when it registers, and a reactivation on each write made
     * the instance come and go in a loop under Felix Config Admin).
     *
     * @param properties the new configuration
     */
    protected void modified(Map<String, Object> properties) {
        String changedPid = endpointPid(properties);
        Map<String, Object> subscription = subscription(properties);
        link.resubscribe(subscription);
        if (!changedPid.equals(endpointPid)) {
            tracker.close();
            endpointPid = changedPid;
            track(changedPid);
        }
        LOG.debug("Kii subscriber {} on {} ({})", properties.get(ConfigurationService.KURA_SERVICE_PID), changedPid,
                NotificationFilter.parse(subscription));
    }

    private static Map<String, Object> subscription(Map<String, Object> properties) {
        Map<String, Object> subscription = new HashMap<>();
        for (String key : new String[] { NotificationFilter.KINDS, NotificationFilter.BUCKETS,
                NotificationFilter.TOPICS }) {
            if (properties.get(key) != null) {
                subscription.put(key, properties.get(key));
            }
        }
        return subscription;
    }

    private void track(String endpointPid) {
        tracker = new ServiceTracker<CloudEndpoint, CloudEndpoint>(context, endpointFilter(endpointPid), null) {
            @Override
            public CloudEndpoint addingService(ServiceReference<CloudEndpoint> reference) {
                CloudEndpoint endpoint = super.addingService(reference);
                if (endpoint != null) {
                    link.bind(endpoint);
                }
                return endpoint;
            }

            @Override
            public void removedService(ServiceReference<CloudEndpoint> reference, CloudEndpoint endpoint) {
                link.unbind(endpoint);
                super.removedService(reference, endpoint);
            }
        };
        tracker.open();
    }

    /** Closes the link to the endpoint. */
    protected void deactivate() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Override
    public void registerCloudSubscriberListener(CloudSubscriberListener listener) {
        link.addListener(listener);
    }

    @Override
    public void unregisterCloudSubscriberListener(CloudSubscriberListener listener) {
        link.removeListener(listener);
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
        link.addConnectionListener(listener);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        link.removeConnectionListener(listener);
    }

    static String endpointPid(Map<String, Object> properties) {
        Object pid = properties.get(CloudConnectionConstants.CLOUD_ENDPOINT_SERVICE_PID_PROP_NAME.value());
        if (!(pid instanceof String) || ((String) pid).trim().isEmpty()) {
            throw new IllegalArgumentException(CloudConnectionConstants.CLOUD_ENDPOINT_SERVICE_PID_PROP_NAME.value()
                    + " is not set: create the Kii subscriber from Cloud Connections > New Pub/Sub on a Kii connection");
        }
        return ((String) pid).trim();
    }

    private static Filter endpointFilter(String endpointPid) {
        try {
            return FrameworkUtil.createFilter("(&(objectClass=" + CloudEndpoint.class.getName() + ")("
                    + ConfigurationService.KURA_SERVICE_PID + "=" + escape(endpointPid) + "))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("cloud.endpoint.service.pid '" + endpointPid + "' is not usable", e);
        }
    }

    // LDAP filter value escaping (RFC 1960): \ ( ) * are escaped with a backslash.
    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
