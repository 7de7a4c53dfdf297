package org.eclipse.kura.configuration;

import java.util.Map;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Declaration of part of Kura's {@code ConfigurationService}: the service behind Kura's web console forms, its REST
 * configuration API and its snapshots. Only the methods used here are declared, with Kura 5.0's names and parameter
 * types. Each method declares
 * {@code throws KuraException} as Kura's does. Compile-only, like the rest of this module.
 */
@ProviderType
public interface ConfigurationService {

    /** Kura's own id of a component: the PID of a singleton, the chosen name of a factory instance. */
    String KURA_SERVICE_PID = "kura.service.pid";

    /**
     * Creates a factory component instance.
     *
     * @param factoryPid the factory PID (the DS component name)
     * @param pid the {@code kura.service.pid} of the new instance
     * @param properties its configuration, may be {@code null}
     * @param takeSnapshot whether to write a snapshot afterwards
     */
    void createFactoryConfiguration(String factoryPid, String pid, Map<String, Object> properties, boolean takeSnapshot)
            throws KuraException;

    /**
     * Deletes a factory component instance.
     *
     * @param pid the {@code kura.service.pid} of the instance
     * @param takeSnapshot whether to write a snapshot afterwards
     */
    void deleteFactoryConfiguration(String pid, boolean takeSnapshot) throws KuraException;

    /**
     * @param pid a {@code kura.service.pid}
     * @return the component's current configuration (Password values decrypted), or {@code null} if not tracked
     */
    ComponentConfiguration getComponentConfiguration(String pid) throws KuraException;

    /**
     * Updates a component's configuration, as the web console's Apply does, and writes a snapshot.
     *
     * @param pid a {@code kura.service.pid}
     * @param properties the values to change ({@link Password} for Password fields)
     */
    void updateConfiguration(String pid, Map<String, Object> properties) throws KuraException;

    /**
     * Writes a snapshot of every tracked component's configuration.
     *
     * @return the snapshot id
     */
    long snapshot() throws KuraException;
}
