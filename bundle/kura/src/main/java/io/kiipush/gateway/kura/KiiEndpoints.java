package io.kiipush.gateway.kura;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.kiipush.gateway.PushSession;
import io.kiipush.gateway.kura.internal.EndpointRegistry;

/**
 * Registers a Kura cloud endpoint for every Kii push session (one per connection) and removes it with the session.
 * The endpoints' threads ({@code kii-kura-<connection>}) are owned here and stopped on deactivate.
 */
@Component(service = {}, immediate = true)
public class KiiEndpoints {

    /** How long the Cloud Connections page's Connect waits for the session before saying why it is not connected. */
    static final long CONNECT_WAIT_MS = 15_000;

    @Reference
    private EventAdmin eventAdmin;

    private final EndpointRegistry registry = new EndpointRegistry(
            (topic, properties) -> eventAdmin.postEvent(new Event(topic, properties)), CONNECT_WAIT_MS);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSession(PushSession session, Map<String, Object> properties) {
        registry.added(session, properties);
    }

    void unbindSession(PushSession session) {
        registry.removed(session);
    }

    @Activate
    void activate(BundleContext context) {
        registry.open((interfaces, service, properties) -> {
            ServiceRegistration<?> registration = context.registerService(interfaces, service, dictionary(properties));
            return () -> {
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // The bundle is stopping and the framework unregistered it first.
                }
            };
        });
    }

    @Deactivate
    void deactivate() {
        registry.close();
    }

    private static Dictionary<String, Object> dictionary(Map<String, Object> properties) {
        return new Hashtable<>(properties);
    }
}
