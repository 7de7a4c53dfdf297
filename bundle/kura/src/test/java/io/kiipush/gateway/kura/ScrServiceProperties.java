package io.kiipush.gateway.kura;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model of the service properties Felix SCR 2.1.16 (Kura 5.x) gives a configured component's service: the
 * description's properties, overridden by the configuration's; for a component of DS 1.3 or later that declares
 * {@code service.pid} itself, {@code service.pid} becomes a list of the configuration's pid and the declared one (the
 * trap docs/architecture.md describes). DS 1.0-1.2 descriptors keep the configuration's String.
 */
final class ScrServiceProperties {

    private ScrServiceProperties() {
    }

    static Map<String, Object> of(String namespace, Map<String, Object> declared, Map<String, Object> configuration) {
        Map<String, Object> service = new HashMap<>(declared);
        service.putAll(configuration);
        if (dsVersionAtLeast13(namespace) && declared.containsKey("service.pid")
                && configuration.containsKey("service.pid")) {
            List<Object> pids = new ArrayList<>();
            pids.add(configuration.get("service.pid"));
            pids.add(declared.get("service.pid"));
            service.put("service.pid", pids);
        }
        return service;
    }

    static boolean dsVersionAtLeast13(String namespace) {
        String version = namespace.substring(namespace.lastIndexOf("/v") + 2);
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        return major > 1 || major == 1 && minor >= 3;
    }
}
