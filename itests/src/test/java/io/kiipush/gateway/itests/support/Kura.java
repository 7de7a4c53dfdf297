package io.kiipush.gateway.itests.support;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.kura.configuration.ConfigurationService;
import org.eclipse.kura.configuration.Password;
import org.eclipse.kura.crypto.CryptoService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The parts of a Kura gateway the bundle depends on, standing in inside a test framework: Kura's
 * {@link CryptoService} ({@link KuraCryptoStandIn}) and {@link ConfigurationService}
 * ({@link KuraConfigurationServiceStandIn}), registered as services in that order (Kura's crypto service is up before
 * any configurable component starts), and what the web console does on Apply ({@link #apply}). {@link #close()}
 * stops the configuration service, leaving Config Admin and the snapshot files as they are.
 * <p>
 * The crypto service is registered once per framework and stays for the framework's life, as on a gateway: a test
 * class that starts Kura for each test method shares it. Unregistering it right after the test had deleted the
 * configurations tripped Felix SCR 2.1.16 on Felix ("Timeout waiting for reg change to complete", then a
 * {@code NullPointerException} in {@code DependencyManager$SingleStaticCustomizer.prebind}) and the onboarding
 * component did not activate again; a Kura gateway never takes its crypto service away.
 */
public final class Kura implements AutoCloseable {

    private final KuraCryptoStandIn crypto;
    private final ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmin;
    private final ServiceTracker<MetaTypeService, MetaTypeService> metaType;
    private final KuraSnapshots snapshots;
    private final KuraConfigurationServiceStandIn configurationService;
    private final ServiceRegistration<ConfigurationService> configurationRegistration;

    private Kura(BundleContext context, Path snapshotsDirectory) {
        configAdmin = open(context, ConfigurationAdmin.class);
        metaType = open(context, MetaTypeService.class);
        crypto = cryptoService(context);
        snapshots = new KuraSnapshots(snapshotsDirectory, crypto);
        configurationService = new KuraConfigurationServiceStandIn(context, service(configAdmin, "ConfigurationAdmin"),
                service(metaType, "MetaTypeService"), crypto, snapshots);
        configurationService.open();
        configurationRegistration = context.registerService(ConfigurationService.class, configurationService, null);
    }

    /**
     * Starts the stand-ins as a Kura boot does: the configuration service first loads the newest snapshot of the
     * directory into Config Admin, then seeds every configurable component it finds with its metatype defaults.
     *
     * @param context the test's bundle context
     * @param snapshotsDirectory Kura's snapshots directory (existing; empty for a first boot)
     * @return the running stand-ins
     */
    public static Kura start(BundleContext context, String snapshotsDirectory) {
        return new Kura(context, Paths.get(snapshotsDirectory));
    }

    /** @return Kura's configuration service */
    public KuraConfigurationServiceStandIn configurationService() {
        return configurationService;
    }

    /** @return Kura's crypto service */
    public KuraCryptoStandIn crypto() {
        return crypto;
    }

    /** @return the snapshot files */
    public KuraSnapshots snapshots() {
        return snapshots;
    }

    /**
     * Applies a form as Kura's web console does (GwtComponentServiceInternal.updateComponentConfiguration with
     * GwtServerUtil.getUserDefinedObject): values of the form's Password fields are handed over as {@link Password}
     * holding the text typed in, then {@code ConfigurationService.updateConfiguration(pid, values)}. The values are
     * given already typed, as the console's conversion by metatype type yields them.
     *
     * @param pid the form's {@code kura.service.pid}
     * @param values the fields to set
     */
    public void apply(String pid, Map<String, Object> values) {
        KuraComponentConfiguration form = form(pid);
        Map<String, Object> submitted = new HashMap<>();
        values.forEach((key, value) -> submitted.put(key, !form.getDefinition().isPassword(key) ? value
                : value instanceof String[] texts ? Stream.of(texts).map(Password::new).toArray(Password[]::new)
                : new Password(String.valueOf(value))));
        configurationService.updateConfiguration(pid, submitted);
    }

    /**
     * Waits for the form of a component as the web console lists it: once its {@code ConfigurableComponent} service
     * is tracked (seeding, then activation, then registration run asynchronously after a start).
     *
     * @param pid a {@code kura.service.pid}
     * @return its configuration with its OCD; the properties may still be missing (Kura then shows an empty form)
     */
    public KuraComponentConfiguration form(String pid) {
        KuraComponentConfiguration[] form = new KuraComponentConfiguration[1];
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                form[0] = configurationService.getComponentConfiguration(pid);
                return form[0] != null && form[0].getDefinition() != null;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Kura shows no form for " + pid + " within 15 s", e);
        }
        return form[0];
    }

    @Override
    public void close() {
        configurationRegistration.unregister();
        configurationService.close();
        metaType.close();
        configAdmin.close();
    }

    // The framework's Kura crypto service: the one registered by an earlier start, else a new one.
    private static KuraCryptoStandIn cryptoService(BundleContext context) {
        ServiceReference<CryptoService> ref = context.getServiceReference(CryptoService.class);
        if (ref != null && context.getService(ref) instanceof KuraCryptoStandIn registered) {
            return registered;
        }
        KuraCryptoStandIn crypto = new KuraCryptoStandIn();
        context.registerService(CryptoService.class, crypto, null);
        return crypto;
    }

    private static <T> ServiceTracker<T, T> open(BundleContext context, Class<T> type) {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        return tracker;
    }

    private static <T> T service(ServiceTracker<T, T> tracker, String name) {
        try {
            T service = tracker.waitForService(10_000);
            if (service == null) {
                throw new IllegalStateException("no " + name + " in the framework");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
