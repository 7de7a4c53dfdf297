package io.kiipush.gateway.kura.internal;

import java.util.List;
import java.util.Map;

/** The properties of the services registered under one interface: the OSGi registry as the factory needs it. */
@FunctionalInterface
public interface ServiceLookup {

    /**
     * @param objectClass an interface name
     * @return the properties of each service registered under it (empty when none)
     */
    List<Map<String, Object>> propertiesOf(String objectClass);
}
