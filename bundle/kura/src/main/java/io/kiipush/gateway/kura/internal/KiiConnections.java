package io.kiipush.gateway.kura.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudConnectionConstants;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.configuration.ConfigurationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.PushSession;

/**
 * What Kura's Cloud Connections page asks of the Kii factory: a connection is one onboarding configuration and one
 * session configuration (two tabs), created and deleted together through Kura's {@link ConfigurationService}.
 */
public final class KiiConnections {

    private static final Logger LOG = LoggerFactory.getLogger(KiiConnections.class);
    private static final String CLOUD_SUBSCRIBER = "org.eclipse.kura.cloudconnection.subscriber.CloudSubscriber";

    private final ConfigurationService configurations;
    private final ServiceLookup services;

    /**
     * @param configurations Kura's configuration service
     * @param services the registry, to find the sessions and the subscribers of a connection
     */
    public KiiConnections(ConfigurationService configurations, ServiceLookup services) {
        this.configurations = configurations;
        this.services = services;
    }

    /** @return the factory pid of the connections' session configurations (what their service.factoryPid is) */
    public String getFactoryPid() {
        return KiiPids.SESSION_FACTORY_PID;
    }

    /**
     * Creates the onboarding, then the session (with a snapshot); the session's {@code onboarding.target} selects
     * this connection's onboarding. If the session cannot be created the onboarding is deleted again.
     *
     * @param pid the new connection's pid
     * @throws KuraException if the pid is not a Kii connection pid or Kura refuses a configuration
     */
    public void createConfiguration(String pid) throws KuraException {
        String onboardingPid = onboardingPid(pid);
        // Both are shown as the connection's tabs in Cloud Connections, not in the Services list.
        Map<String, Object> onboarding = new HashMap<>();
        onboarding.put(KiiPids.UI_SERVICE_HIDE, Boolean.TRUE);
        configurations.createFactoryConfiguration(KiiPids.ONBOARDING_FACTORY_PID, onboardingPid, onboarding, false);
        Map<String, Object> session = new HashMap<>();
        session.put(KiiPids.UI_SERVICE_HIDE, Boolean.TRUE);
        session.put("onboarding.target", "(" + ConfigurationService.KURA_SERVICE_PID + "=" + onboardingPid + ")");
        session.put(CloudConnectionFactory.KURA_CLOUD_CONNECTION_FACTORY_PID, KiiPids.FACTORY_COMPONENT_PID);
        try {
            configurations.createFactoryConfiguration(KiiPids.SESSION_FACTORY_PID, pid, session, true);
        } catch (KuraException | RuntimeException e) {
            // Leave no onboarding without its session behind.
            deleteQuietly(onboardingPid, true);
            throw e;
        }
        LOG.info("Kii connection {} created (onboarding {})", pid, onboardingPid);
    }

    /**
     * @param pid a connection pid
     * @return the session pid and the onboarding pid: the two tabs of the connection
     * @throws KuraException if the pid is not a Kii connection pid
     */
    public List<String> getStackComponentsPids(String pid) throws KuraException {
        return Arrays.asList(pid, onboardingPid(pid));
    }

    /**
     * Deletes the connection's Kii subscribers, its session, then its onboarding (with a snapshot). Every deletion is
     * tried; the first failure is thrown at the end.
     *
     * @param pid a connection pid
     * @throws KuraException if the pid is not a Kii connection pid or a deletion failed
     */
    public void deleteConfiguration(String pid) throws KuraException {
        String onboardingPid = onboardingPid(pid);
        KuraException first = null;
        for (String subscriber : subscribersOf(pid)) {
            first = firstFailure(first, subscriber);
        }
        first = firstFailure(first, pid);
        try {
            configurations.deleteFactoryConfiguration(onboardingPid, true);
        } catch (KuraException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
        LOG.info("Kii connection {} deleted", pid);
    }

    /**
     * @return the pids of the sessions created by this factory (their configuration names it)
     */
    public Set<String> getManagedCloudConnectionPids() {
        Set<String> pids = new TreeSet<>();
        for (Map<String, Object> session : services.propertiesOf(PushSession.class.getName())) {
            Object pid = session.get(ConfigurationService.KURA_SERVICE_PID);
            if (pid instanceof String && KiiPids.FACTORY_COMPONENT_PID
                    .equals(session.get(CloudConnectionFactory.KURA_CLOUD_CONNECTION_FACTORY_PID))) {
                pids.add((String) pid);
            }
        }
        return pids;
    }

    private Set<String> subscribersOf(String connectionPid) {
        Set<String> pids = new TreeSet<>();
        String endpointKey = CloudConnectionConstants.CLOUD_ENDPOINT_SERVICE_PID_PROP_NAME.value();
        for (Map<String, Object> subscriber : services.propertiesOf(CLOUD_SUBSCRIBER)) {
            Object pid = subscriber.get(ConfigurationService.KURA_SERVICE_PID);
            if (pid instanceof String && connectionPid.equals(subscriber.get(endpointKey))
                    && KiiPids.SUBSCRIBER_FACTORY_PID.equals(subscriber.get("service.factoryPid"))) {
                pids.add((String) pid);
            }
        }
        return pids;
    }

    private KuraException firstFailure(KuraException first, String pid) {
        try {
            configurations.deleteFactoryConfiguration(pid, false);
            return first;
        } catch (KuraException e) {
            LOG.warn("Could not delete {}: {}", pid, e.getMessage());
            return first == null ? e : first;
        }
    }

    private void deleteQuietly(String pid, boolean snapshot) {
        try {
            configurations.deleteFactoryConfiguration(pid, snapshot);
        } catch (KuraException | RuntimeException e) {
            LOG.warn("Could not delete {} after a failed creation: {}", pid, e.getMessage());
        }
    }

    private static String onboardingPid(String pid) throws KuraException {
        if (!KiiPids.isConnectionPid(pid)) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, KiiPids.notAConnection(pid));
        }
        return KiiPids.onboardingPid(pid);
    }
}
