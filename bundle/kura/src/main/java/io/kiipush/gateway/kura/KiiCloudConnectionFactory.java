package io.kiipush.gateway.kura;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.configuration.ConfigurationService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.kiipush.gateway.kura.internal.KiiConnections;
import io.kiipush.gateway.kura.internal.KiiPids;

/**
 * Kura's Cloud Connections page creates, lists and deletes Kii connections through this factory. No service.pid is
 * declared (a DS 1.3+ component would publish it as a list, docs/architecture.md); Kura reads only the two
 * {@code kura.ui.csf.*} properties from this service.
 */
@Component(service = CloudConnectionFactory.class, property = {
        "kura.ui.csf.pid.default=" + KiiPids.CONNECTION_PREFIX,
        "kura.ui.csf.pid.regex=" + KiiPids.CONNECTION_REGEX })
public class KiiCloudConnectionFactory implements CloudConnectionFactory {

    @Reference
    private ConfigurationService configurationService;

    private KiiConnections connections;

    @Activate
    void activate(BundleContext context) {
        connections = new KiiConnections(configurationService, objectClass -> propertiesOf(context, objectClass));
    }

    @Override
    public String getFactoryPid() {
        return connections.getFactoryPid();
    }

    @Override
    public void createConfiguration(String pid) throws KuraException {
        connections.createConfiguration(pid);
    }

    @Override
    public List<String> getStackComponentsPids(String pid) throws KuraException {
        return connections.getStackComponentsPids(pid);
    }

    @Override
    public void deleteConfiguration(String pid) throws KuraException {
        connections.deleteConfiguration(pid);
    }

    @Override
    public Set<String> getManagedCloudConnectionPids() throws KuraException {
        return connections.getManagedCloudConnectionPids();
    }

    private static List<Map<String, Object>> propertiesOf(BundleContext context, String objectClass) {
        List<Map<String, Object>> all = new ArrayList<>();
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(objectClass, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs != null) {
            for (ServiceReference<?> ref : refs) {
                Map<String, Object> properties = new HashMap<>();
                for (String key : ref.getPropertyKeys()) {
                    properties.put(key, ref.getProperty(key));
                }
                all.add(properties);
            }
        }
        return all;
    }
}
