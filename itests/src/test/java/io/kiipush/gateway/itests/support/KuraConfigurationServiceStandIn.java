package io.kiipush.gateway.itests.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.kura.configuration.ConfigurationService;
import org.eclipse.kura.configuration.Password;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-in for Kura 5's {@code ConfigurationService} ({@code org.eclipse.kura.core.configuration
 * .ConfigurationServiceImpl}; 5.0.0 and 5.5.0 behave alike on these points), modelling only what the gateway depends
 * on: how Kura finds configurable components and their forms and seeds their configurations
 * ({@link KuraComponentTracker}), answers and applies the forms, encrypts Password values, creates and deletes factory
 * instances, writes snapshots ({@link KuraSnapshots}) and boots from the latest one. Each method names the Kura method
 * it models.
 * <p>
 * Not modelled: self-configuring components, validation (Kura skips it for add-on bundles: its
 * {@code updateComponentConfiguration} asks its own bundle's MetaTypeService and always gets {@code null}), rollback,
 * {@code getFactoryComponentPids}, {@code ConfigurationUpgrade}, creating factory instances from
 * {@code updateConfigurations}, events. Where Kura throws its checked {@code KuraException}, this class throws
 * {@link IllegalStateException} or {@link IllegalArgumentException}; other exceptions pass through as on Kura.
 */
public final class KuraConfigurationServiceStandIn implements ConfigurationService {

    private static final Logger logger = LoggerFactory.getLogger(KuraConfigurationServiceStandIn.class);

    private final ConfigurationAdmin configAdmin;
    private final KuraCryptoStandIn crypto;
    private final KuraSnapshots snapshots;
    private final KuraComponentTracker tracker;
    // ConfigurationServiceImpl.pendingDeletePids: deleted factory instances, left out of snapshots until the next one.
    private final Set<String> pendingDeletePids = new HashSet<>();

    KuraConfigurationServiceStandIn(BundleContext context, ConfigurationAdmin configAdmin, MetaTypeService metaType,
            KuraCryptoStandIn crypto, KuraSnapshots snapshots) {
        this.configAdmin = configAdmin;
        this.crypto = crypto;
        this.snapshots = snapshots;
        this.tracker = new KuraComponentTracker(this, context, configAdmin, metaType, crypto);
    }

    /**
     * The order of Kura's start: DS binds the {@code ConfigurableComponent} references, then {@code activate} loads the
     * latest snapshot into Config Admin ({@code loadLatestSnapshotInConfigAdmin}) and opens the metatype bundle tracker.
     */
    void open() {
        tracker.openComponents();
        loadLatestSnapshotInConfigAdmin();
        tracker.openMetaType();
    }

    void close() {
        tracker.close();
    }

    // ------------------------------------------------------------------ the forms

    /**
     * getComponentConfiguration: the current values, Password values decrypted (a failure leaves one as it is; Password
     * arrays, which Kura decrypts too, do not occur in this bundle's forms).
     */
    @Override
    public synchronized KuraComponentConfiguration getComponentConfiguration(String pid) {
        KuraComponentConfiguration cc = getConfigurableComponentConfiguration(pid);
        if (cc != null && cc.properties() != null) {
            cc.properties().replaceAll((key, value) -> value instanceof Password p ? decrypt(p) : value);
        }
        return cc;
    }

    private Object decrypt(Password password) {
        try {
            return new Password(crypto.decryptAes(password.getPassword()));
        } catch (RuntimeException e) {
            return password;
        }
    }

    /**
     * getConfigurableComponentConfiguration: reads Config Admin under the service.pid Kura recorded; Config Admin
     * knowing nothing under it gives a configuration without properties (the empty form).
     */
    private KuraComponentConfiguration getConfigurableComponentConfiguration(String pid) {
        String servicePid = tracker.servicePid(pid);
        if (servicePid == null) {
            return null;
        }
        try {
            KuraOcd ocd = tracker.ocdForPid(pid);
            Configuration config = configAdmin.getConfiguration(servicePid, "?");
            return new KuraComponentConfiguration(pid, ocd, KuraOcd.dictionaryToMap(config.getProperties(), ocd));
        } catch (IOException e) {
            logger.error("Error getting Configuration for component: {}. Ignoring it.", pid, e);
            return null;
        }
    }

    /** updateConfiguration(pid, properties): with a snapshot, as the web console's Apply and Kura's REST API do. */
    @Override
    public synchronized void updateConfiguration(String pid, Map<String, Object> properties) {
        Map<String, Object> toUpdate = new HashMap<>(properties);
        encryptConfigurationProperties(toUpdate);
        updateConfigurationsInternal(pid, toUpdate);
    }

    /**
     * encryptConfigurationProperties: {@link Password} values (what the web console and REST API hand over for
     * Password fields) are encrypted unless they already decrypt; a value that cannot be encrypted is dropped.
     * Plain String values are stored as given.
     */
    private void encryptConfigurationProperties(Map<String, Object> props) {
        for (String key : new ArrayList<>(props.keySet())) {
            try {
                if (props.get(key) instanceof Password p) {
                    props.put(key, encryptPassword(p));
                } else if (props.get(key) instanceof Password[] ps) {
                    props.put(key, Stream.of(ps).map(this::encryptPassword).toArray(Password[]::new));
                }
            } catch (RuntimeException e) {
                logger.warn("Failed to encrypt Password property: {}", key);
                props.remove(key);
            }
        }
    }

    // encryptPassword/isEncrypted: a value that decrypts is taken as encrypted already.
    private Password encryptPassword(Password password) {
        try {
            crypto.decryptAes(password.getPassword());
            return password;
        } catch (RuntimeException notEncrypted) {
            return new Password(crypto.encryptAes(password.getPassword()));
        }
    }

    /** updateConfigurationsInternal: every tracked configuration plus the new values, applied, then the snapshot. */
    private void updateConfigurationsInternal(String pid, Map<String, Object> toUpdate) {
        Map<String, Map<String, Object>> configs = buildCurrentConfiguration(pid, toUpdate);
        List<RuntimeException> causes = new ArrayList<>();
        if (configs.containsKey(pid)) {
            try {
                updateConfigurationInternal(pid, configs.get(pid));
            } catch (IllegalStateException e) {
                causes.add(e);
            }
        }
        if (!configs.isEmpty()) {
            saveSnapshot(configs);
        }
        if (!causes.isEmpty()) {
            throw causes.get(0); // KuraPartialSuccessException
        }
    }

    /**
     * updateConfigurationInternal: an untracked PID is ignored; otherwise defaults, then the running properties Config
     * Admin holds under the recorded service.pid, then the new values (non-metatype keys kept), written as Strings.
     * Running properties that do not exist ({@code null}) fail in {@code putAll}, as on Kura.
     */
    private void updateConfigurationInternal(String pid, Map<String, Object> properties) {
        KuraOcd ocd = tracker.ocdForPid(pid);
        if (!tracker.trackedPids().contains(pid) || properties == null || ocd == null) {
            logger.info("UpdatingConfiguration ignored for {}: not tracked, no properties or no OCD", pid);
            return;
        }
        try {
            Map<String, Object> merged = new HashMap<>();
            KuraOcd.mergeWithDefaults(ocd, merged, crypto);
            Configuration config = configAdmin.getConfiguration(tracker.servicePid(pid), "?");
            merged.putAll(KuraOcd.dictionaryToMap(config.getProperties(), ocd));
            merged.putAll(properties);
            merged.putIfAbsent(KURA_SERVICE_PID, pid);
            // updateComponentConfiguration
            configAdmin.getConfiguration(tracker.servicePid(pid), "?").update(KuraOcd.mapToDictionary(merged));
        } catch (IOException e) {
            throw new IllegalStateException("CONFIGURATION_UPDATE " + pid, e);
        }
    }

    /**
     * buildCurrentConfiguration: every tracked component's configuration (the one to update merged with the new
     * values), then the latest snapshot's configurations of components not tracked now, minus pending deletions.
     */
    private Map<String, Map<String, Object>> buildCurrentConfiguration(String pid, Map<String, Object> toUpdate) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        for (String tracked : tracker.trackedPids()) {
            KuraComponentConfiguration cc = getConfigurableComponentConfiguration(tracked);
            if (cc == null) {
                continue;
            }
            Map<String, Object> props = cc.properties();
            if (tracked.equals(pid)) {
                props = new HashMap<>();
                Optional.ofNullable(cc.properties()).ifPresent(props::putAll);
                props.putAll(toUpdate);
            }
            result.put(tracked, props);
        }
        Optional.ofNullable(snapshots.readLatest()).ifPresent(latest -> latest.forEach(result::putIfAbsent));
        pendingDeletePids.forEach(result::remove);
        return result;
    }

    // ------------------------------------------------------------------ factory instances

    /**
     * createFactoryConfiguration: a Config Admin factory configuration (location {@code null}: bound to the first
     * bundle that asks for it), with the defaults and {@code kura.service.pid}. The properties are stored as given:
     * unlike {@code updateConfiguration}, Kura does not encrypt Password values here.
     */
    @Override
    public synchronized void createFactoryConfiguration(String factoryPid, String pid, Map<String, Object> properties,
            boolean takeSnapshot) {
        if (pid == null) {
            throw new IllegalArgumentException("INVALID_PARAMETER: pid cannot be null");
        } else if (tracker.servicePid(pid) != null) {
            throw new IllegalArgumentException("INVALID_PARAMETER: pid " + pid + " already exists");
        }
        try {
            String servicePid = configAdmin.createFactoryConfiguration(factoryPid, null).getPid();
            Map<String, Object> merged = new HashMap<>();
            if (properties != null) {
                merged.putAll(properties);
            }
            KuraOcd.mergeWithDefaults(tracker.ocdForPid(factoryPid), merged, crypto);
            merged.put(KURA_SERVICE_PID, pid);
            configAdmin.getConfiguration(servicePid, "?").update(KuraOcd.mapToDictionary(merged));
            tracker.register(pid, servicePid, factoryPid);
            pendingDeletePids.remove(pid);
            if (takeSnapshot) {
                snapshot();
            }
        } catch (IOException e) {
            throw new IllegalStateException("CONFIGURATION_ERROR: cannot create component instance for factory " + factoryPid, e);
        }
    }

    /** deleteFactoryConfiguration: finds the factory configuration by kura.service.pid; nothing found is only a warning. */
    @Override
    public synchronized void deleteFactoryConfiguration(String pid, boolean takeSnapshot) {
        if (pid == null) {
            throw new IllegalArgumentException("INVALID_PARAMETER: pid cannot be null");
        }
        try {
            Configuration[] configurations = configAdmin.listConfigurations(null);
            Optional<Configuration> config = configurations == null ? Optional.empty()
                    : Stream.of(configurations).filter(c -> pid.equals(c.getProperties().get(KURA_SERVICE_PID))
                            && c.getFactoryPid() != null).findAny();
            if (config.isEmpty()) {
                logger.warn("The component with kura.service.pid {} does not exist or it is not a Factory Component", pid);
                return;
            }
            config.get().delete();
            tracker.unregister(pid);
            pendingDeletePids.add(pid);
            if (takeSnapshot) {
                snapshot();
            }
        } catch (Exception e) {
            throw new IllegalStateException("CONFIGURATION_ERROR: cannot delete component instance " + pid, e);
        }
    }

    // ------------------------------------------------------------------ snapshots

    /** snapshot: the current configurations (and the latest snapshot's others) into a new snapshot file. */
    @Override
    public synchronized long snapshot() {
        return saveSnapshot(buildCurrentConfiguration(null, Map.of()));
    }

    // saveSnapshot: written without the OCDs; pending deletions are done with.
    private long saveSnapshot(Map<String, Map<String, Object>> configs) {
        long id = snapshots.write(configs);
        pendingDeletePids.clear();
        return id;
    }

    /**
     * loadLatestSnapshotInConfigAdmin: each configuration of the newest snapshot goes back into Config Admin, Password
     * values as the encrypted Strings they were; factory instances are created again under their factory PID.
     */
    private synchronized void loadLatestSnapshotInConfigAdmin() {
        buildCurrentConfiguration(null, Map.of()).forEach((pid, props) -> {
            if (props == null) {
                return;
            }
            Object factoryPid = props.get(ConfigurationAdmin.SERVICE_FACTORYPID);
            try {
                if (factoryPid != null) {
                    createFactoryConfiguration((String) factoryPid, pid, props, false);
                } else {
                    Map<String, Object> newProps = new HashMap<>(props);
                    newProps.putIfAbsent(KURA_SERVICE_PID, pid);
                    configAdmin.getConfiguration(pid, "?").update(KuraOcd.mapToDictionary(newProps));
                }
            } catch (IOException | RuntimeException e) {
                logger.warn("Error seeding initial properties to ConfigAdmin for pid: {}", pid, e);
            }
        });
    }
}
