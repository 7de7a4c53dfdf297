package org.eclipse.kura.cloud;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.event.Event;

/**
 * Declaration of Kura's {@code CloudConnectionEstablishedEvent}: the EventAdmin event Kura's web console listens to in order to
 * refresh a cloud connection's state. Posted with the property {@code cloud.service.pid}.
 */
@ProviderType
public class CloudConnectionEstablishedEvent extends Event {

    /** The event topic. */
    public static final String CLOUD_CONNECTION_STATUS_ESTABLISHED = "org/eclipse/kura/cloud/CloudConnectionStatus/ESTABLISHED";

    /** @param properties the event properties */
    public CloudConnectionEstablishedEvent(Map<String, ?> properties) {
        super(CLOUD_CONNECTION_STATUS_ESTABLISHED, properties);
    }
}
