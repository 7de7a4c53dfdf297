package io.kiipush.gateway.internal.util;

import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers a component's services itself, with only the properties other bundles look for. DS would publish every
 * configuration property as a service property, and consoles (the web console's Services page, Gogo's
 * {@code inspect}) list service properties: the app key and the passwords would be shown in clear.
 */
public final class ServicePublication {

    /**
     * What is kept: the PIDs Kura's configuration service reads from a {@code ConfigurableComponent} (service.pid as
     * the configuration's plain string, kura.service.pid, service.factoryPid), the component's name, and
     * kura.ui.service.hide (a connection made in Cloud Connections is shown there, not in the Services list).
     */
    public static final List<String> KEPT = Collections.unmodifiableList(Arrays.asList("service.pid",
            "kura.service.pid", "service.factoryPid", "component.name", "kura.ui.service.hide"));

    private final ServiceRegistration<?> registration;

    /**
     * @param context the bundle that provides the services
     * @param types the service interfaces
     * @param service the object implementing them
     * @param componentProperties the component's properties, configuration included; only {@link #KEPT} are used
     */
    public ServicePublication(BundleContext context, String[] types, Object service,
            Dictionary<String, ?> componentProperties) {
        this.registration = context.registerService(types, service, kept(componentProperties));
    }

    /** @param componentProperties the component's properties after a configuration change */
    public void update(Dictionary<String, ?> componentProperties) {
        try {
            registration.setProperties(kept(componentProperties));
        } catch (IllegalStateException alreadyWithdrawn) {
            // deactivation raced the change: nothing left to update
        }
    }

    /** Unregisters the services; safe to call twice. */
    public void withdraw() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyWithdrawn) {
            // the framework or an earlier call did it
        }
    }

    static Dictionary<String, Object> kept(Dictionary<String, ?> properties) {
        Hashtable<String, Object> kept = new Hashtable<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (KEPT.contains(key)) {
                kept.put(key, properties.get(key));
            }
        }
        return kept;
    }
}
