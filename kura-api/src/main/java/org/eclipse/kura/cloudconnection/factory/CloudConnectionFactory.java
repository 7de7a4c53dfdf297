package org.eclipse.kura.cloudconnection.factory;

import java.util.List;
import java.util.Set;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Declaration of Kura's {@code CloudConnectionFactory}: what the web console's Cloud Connections page uses to list,
 * create and delete the connections of one kind.
 */
@ProviderType
public interface CloudConnectionFactory {

    /** Property of a connection's configuration naming the factory that created it. */
    public static final String KURA_CLOUD_CONNECTION_FACTORY_PID = "kura.cloud.connection.factory.pid";

    /** @return the factory pid that identifies this kind of connection */
    public String getFactoryPid();

    /**
     * @param pid the new connection's {@code kura.service.pid}
     * @throws KuraException if it cannot be created
     */
    public void createConfiguration(String pid) throws KuraException;

    /**
     * @param pid a connection's {@code kura.service.pid}
     * @return the {@code kura.service.pid}s of its configurable components (one console tab each)
     * @throws KuraException if the pid is not one of this factory's
     */
    public List<String> getStackComponentsPids(String pid) throws KuraException;

    /**
     * @param pid a connection's {@code kura.service.pid}
     * @throws KuraException if it cannot be deleted
     */
    public void deleteConfiguration(String pid) throws KuraException;

    /**
     * @return the {@code kura.service.pid}s of the connections this factory manages
     * @throws KuraException if they cannot be listed
     */
    public Set<String> getManagedCloudConnectionPids() throws KuraException;
}
