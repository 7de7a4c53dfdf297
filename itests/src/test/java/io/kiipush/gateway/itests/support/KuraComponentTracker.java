package io.kiipush.gateway.itests.support;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.configuration.ConfigurationService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Kura's {@code ConfigurationServiceImpl} knows about components, as Kura learns it: which
 * {@code ConfigurableComponent} services exist under which PIDs (its DS reference and {@code addConfigurableComponent}),
 * which form belongs to which PID ({@code ComponentMetaTypeBundleTracker}), and the seeding of their configurations
 * with the metatype defaults. Part of {@link KuraConfigurationServiceStandIn}, whose lock it shares, as all of this
 * is one class on Kura.
 */
final class KuraComponentTracker {

    private static final Logger logger = LoggerFactory.getLogger(KuraComponentTracker.class);
    private static final String KURA_SERVICE_PID = ConfigurationService.KURA_SERVICE_PID;

    private final Object lock;
    private final ConfigurationAdmin configAdmin;
    private final MetaTypeService metaType;
    private final KuraCryptoStandIn crypto;

    // The fields of ConfigurationServiceImpl of the same names.
    private final Set<String> allActivatedPids = new HashSet<>();
    private final Map<String, KuraOcd> ocds = new HashMap<>();
    private final Map<String, String> factoryPidByPid = new HashMap<>();
    private final Map<String, String> servicePidByPid = new HashMap<>();

    private final ServiceTracker<ConfigurableComponent, ServiceReference<ConfigurableComponent>> components;
    private final BundleTracker<Bundle> metaTypeBundles;

    KuraComponentTracker(Object lock, BundleContext context, ConfigurationAdmin configAdmin, MetaTypeService metaType,
            KuraCryptoStandIn crypto) {
        this.lock = lock;
        this.configAdmin = configAdmin;
        this.metaType = metaType;
        this.crypto = crypto;
        this.components = new ServiceTracker<>(context, ConfigurableComponent.class, null) {
            @Override
            public ServiceReference<ConfigurableComponent> addingService(ServiceReference<ConfigurableComponent> ref) {
                addConfigurableComponent(ref);
                return ref;
            }

            @Override
            public void removedService(ServiceReference<ConfigurableComponent> ref, ServiceReference<ConfigurableComponent> s) {
                removeConfigurableComponent(ref);
            }
        };
        // ComponentMetaTypeBundleTracker: every ACTIVE bundle's metatype, on every start of the bundle.
        this.metaTypeBundles = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public Bundle addingBundle(Bundle bundle, BundleEvent event) {
                processBundleMetaType(bundle);
                return bundle;
            }
        };
    }

    /** Kura's DS binds the {@code ConfigurableComponent} services before its {@code activate}. */
    void openComponents() {
        components.open();
    }

    /** Kura's {@code activate} opens the metatype bundle tracker last, after loading the latest snapshot. */
    void openMetaType() {
        metaTypeBundles.open();
    }

    void close() {
        metaTypeBundles.close();
        components.close();
    }

    /**
     * addConfigurableComponent: {@code service.pid} (mandatory), {@code kura.service.pid} and
     * {@code service.factoryPid} are read with {@code makeString}, so a list becomes {@code "[a, b]"} and is then used
     * as the Config Admin PID of the component.
     */
    private void addConfigurableComponent(ServiceReference<?> ref) {
        String servicePid = makeString(ref.getProperty(Constants.SERVICE_PID));
        if (servicePid != null) {
            register(makeString(ref.getProperty(KURA_SERVICE_PID)), servicePid,
                    makeString(ref.getProperty(ConfigurationAdmin.SERVICE_FACTORYPID)));
        }
    }

    // removeConfigurableComponent
    private void removeConfigurableComponent(ServiceReference<?> ref) {
        if (makeString(ref.getProperty(Constants.SERVICE_PID)) != null) {
            unregister(makeString(ref.getProperty(KURA_SERVICE_PID)));
        }
    }

    // makeString: not a String, so its toString() (an ArrayList gives "[a, b]").
    private static String makeString(Object value) {
        return value == null ? null : value.toString();
    }

    /** registerComponentConfiguration: the first registration of a kura.service.pid wins; factory instances get seeded. */
    void register(String pid, String servicePid, String factoryPid) {
        synchronized (lock) {
            if (pid == null || servicePid == null) {
                logger.warn("Either PID (kura.service.pid) {} or Service PID (service.pid) {} is null", pid, servicePid);
                return;
            }
            if (allActivatedPids.contains(pid)) {
                return;
            }
            servicePidByPid.put(pid, servicePid);
            if (factoryPid != null) {
                factoryPidByPid.put(pid, factoryPid);
                KuraOcd factoryOcd = ocds.get(factoryPid);
                if (factoryOcd != null) {
                    seed(pid, factoryOcd);
                }
            }
            allActivatedPids.add(pid);
        }
    }

    /** unregisterComponentConfiguration */
    void unregister(String pid) {
        synchronized (lock) {
            if (pid != null) {
                servicePidByPid.remove(pid);
                factoryPidByPid.remove(pid);
                allActivatedPids.remove(pid);
            }
        }
    }

    /** ComponentMetaTypeBundleTracker.processBundleMetaType + registerComponentOCD: singletons are seeded at once. */
    private void processBundleMetaType(Bundle bundle) {
        MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
        if (info == null) {
            return;
        }
        synchronized (lock) {
            for (String pid : info.getPids()) {
                KuraOcd ocd = KuraOcd.read(info, bundle, pid);
                if (ocd != null) {
                    ocds.put(pid, ocd);
                    seed(pid, ocd);
                }
            }
            for (String factoryPid : info.getFactoryPids()) {
                KuraOcd ocd = KuraOcd.read(info, bundle, factoryPid);
                if (ocd != null) {
                    ocds.put(factoryPid, ocd);
                    // registerFactoryComponentOCD: instances tracked before their factory's form was known get seeded now.
                    new HashMap<>(factoryPidByPid).forEach((pid, factory) -> {
                        if (factory.equals(factoryPid) && servicePidByPid.containsKey(pid)) {
                            seed(pid, ocd);
                        }
                    });
                }
            }
        }
    }

    // Kura logs a failed seeding and goes on with the next component.
    private void seed(String pid, KuraOcd ocd) {
        try {
            updateWithDefaultConfiguration(pid, ocd);
        } catch (IOException | RuntimeException e) {
            logger.error("Error seeding configuration for pid: {}", pid, e);
        }
    }

    /**
     * updateWithDefaultConfiguration: Config Admin's current values (under the service.pid Kura knows, else the PID)
     * plus {@code kura.service.pid} plus every metatype default not yet set; stale keys stay.
     */
    private void updateWithDefaultConfiguration(String pid, KuraOcd ocd) throws IOException {
        Configuration config = configAdmin.getConfiguration(servicePidByPid.getOrDefault(pid, pid), "?");
        Map<String, Object> props = new HashMap<>();
        if (config.getProperties() != null) {
            props.putAll(KuraOcd.dictionaryToMap(config.getProperties(), ocd));
        }
        props.putIfAbsent(KURA_SERVICE_PID, pid);
        KuraOcd.mergeWithDefaults(ocd, props, crypto);
        config.update(KuraOcd.mapToDictionary(props));
    }

    // ------------------------------------------------------------------ what the service asks (under the lock)

    /** @return the tracked {@code kura.service.pid}s ({@code allActivatedPids}) */
    Set<String> trackedPids() {
        return new HashSet<>(allActivatedPids);
    }

    /** @return the Config Admin PID Kura recorded for a {@code kura.service.pid} ({@code servicePidByPid}), or {@code null} */
    String servicePid(String pid) {
        return servicePidByPid.get(pid);
    }

    /** getOCDForPid: a factory instance's form is its factory's. */
    KuraOcd ocdForPid(String pid) {
        KuraOcd ocd = factoryPidByPid.containsKey(pid) ? ocds.get(factoryPidByPid.get(pid)) : null;
        return ocd != null ? ocd : ocds.get(pid);
    }
}
