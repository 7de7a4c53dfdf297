package io.kiipush.gateway.kura.internal;

import java.util.Map;

/** Registers services: the OSGi registry as {@link EndpointRegistry} needs it. */
public interface Registrar {

    /** A registered service. */
    interface Registration {
        /** Unregisters it; does nothing the second time. */
        void unregister();
    }

    /**
     * @param interfaces the interface names
     * @param service the service object
     * @param properties its properties
     * @return the registration
     */
    Registration register(String[] interfaces, Object service, Map<String, Object> properties);
}
