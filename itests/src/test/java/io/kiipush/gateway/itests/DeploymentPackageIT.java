package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Packaging (issue 4, scenario 10): the Kura deployment package built by {@code deploy/dp} installs through Felix
 * DeploymentAdmin (the implementation Kura uses), holds nothing but the gateway bundle and its Kura cloud connection bundle, both go ACTIVE and its
 * components run, and uninstalling the package removes the bundle and ends every thread it started.
 * <p>
 * The framework starts without the gateway bundle: only what Kura provides (DS, Config Admin, EventAdmin, Metatype,
 * Gson, the Kura API stand-in) plus DeploymentAdmin. The probe never references the bundle's classes (service and
 * class names are strings), so the probe does not wire to the bundle and the uninstall is complete.
 */
public class DeploymentPackageIT extends FrameworkItest {

    private static final String BSN = "io.kiipush.gateway";
    private static final String KURA_BSN = "io.kiipush.gateway.kura";
    private static final String DP_NAME = "io.kiipush.gateway";
    private static final String PUSH_SESSION = "io.kiipush.gateway.PushSession";
    private static final long WAIT_MS = 30_000;

    @Inject
    private DeploymentAdmin deploymentAdmin;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    // What Kura provides, without the gateway bundle, plus DeploymentAdmin.
    @Override
    protected Option options() {
        return composite(
                ItestSupport.kuraOptions(),
                ItestSupport.logService(), // SCR reports activation failures there (see log())
                // Kura 5.x runs Felix DeploymentAdmin 0.9.5 on dependency manager 3.0.0; 0.9.6 / 3.2.0 are the
                // nearest on Maven Central.
                mavenBundle("org.apache.felix", "org.apache.felix.dependencymanager").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.deploymentadmin").versionAsInProject());
    }

    @Test(timeout = 120_000)
    public void theDeploymentPackageInstallsOnlyTheGatewayBundleWhichGoesActiveAndUninstallsCleanly() throws Exception {
        assertNull("the gateway bundle is not provisioned by the test", installedBundle(BSN));
        File dp = new File(System.getProperty("kiipush.dp"));
        assertTrue("the reactor's .dp: " + dp, dp.isFile());

        DeploymentPackage pkg;
        try (InputStream in = new FileInputStream(dp)) {
            pkg = deploymentAdmin.installDeploymentPackage(in);
        }

        // What Kura's System > Packages page lists: the DP symbolic name and version, and the bundle inside.
        assertEquals(DP_NAME, pkg.getName());
        assertEquals(1, pkg.getVersion().getMajor());
        assertEquals(DP_NAME, deploymentAdmin.getDeploymentPackage(DP_NAME).getName());
        BundleInfo[] infos = pkg.getBundleInfos();
        assertEquals("only the gateway bundle and its Kura cloud connection (no Kura API stand-in, Paho or Gson): "
                + Arrays.toString(infos), 2, infos.length);
        assertEquals(new TreeSet<>(Arrays.asList(BSN, KURA_BSN)),
                Arrays.stream(infos).map(BundleInfo::getSymbolicName).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals("no other resources: " + Arrays.toString(pkg.getResources()), 2, pkg.getResources().length);
        Bundle kura = pkg.getBundle(KURA_BSN);
        assertEquals("DeploymentAdmin starts the Kura cloud connection bundle", Bundle.ACTIVE, kura.getState());

        Bundle gateway = pkg.getBundle(BSN);
        assertNotNull(gateway);
        assertEquals("DeploymentAdmin starts the bundle", Bundle.ACTIVE, gateway.getState());
        assertEquals(Arrays.stream(infos).filter(i -> BSN.equals(i.getSymbolicName())).findFirst().get().getVersion(),
                gateway.getVersion());

        // Configure it as Kura would seed it after an install (empty app ID): the components activate, the session
        // starts its threads and reports the configuration problem instead of failing.
        configure("io.kiipush.gateway.Onboarding", "app.id", "");
        configure(PUSH_SESSION, "startDelayMaxMs", 0L);
        ServiceTracker<Object, Object> session = new ServiceTracker<>(context, PUSH_SESSION, null);
        session.open();
        try {
            // getService() returns only once the immediate component has been activated
            if (session.waitForService(WAIT_MS) == null) {
                fail("the push session component did not activate: " + components(gateway) + "\n" + log());
            }
            assertEquals(gateway, session.getServiceReference().getBundle());
        } finally {
            session.close();
        }
        List<Thread> started = gatewayThreads();
        // (the keep-alive, onboarding and MQTT threads start only when needed)
        assertTrue("the session's threads run: " + names(started),
                names(started).containsAll(Arrays.asList("kii-session-1", "kii-dispatch-1")));

        pkg.uninstall();

        assertTrue(pkg.isStale());
        assertEquals(Bundle.UNINSTALLED, gateway.getState());
        assertNull("no bundle left behind", installedBundle(BSN));
        assertNull("no bundle left behind", installedBundle(KURA_BSN));
        assertNull(deploymentAdmin.getDeploymentPackage(DP_NAME));
        assertEquals(0, deploymentAdmin.listDeploymentPackages().length);
        ServiceReference<?>[] left = context.getAllServiceReferences(PUSH_SESSION, null);
        assertNull("no service of the bundle left", left);
        for (Thread t : started) {
            t.join(WAIT_MS);
            assertFalse(t.getName() + " still runs after the uninstall", t.isAlive());
        }
        assertEquals("no thread of the bundle outlives it", new ArrayList<String>(), names(gatewayThreads()));
    }

    private void configure(String pid, String key, Object value) throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(key, value);
        // null location: bound to the first bundle that uses it (the gateway), as on Kura
        configurationAdmin.getConfiguration(pid, null).update(props);
    }

    // For failure messages: what SCR says about the bundle's components.
    private String components(Bundle b) {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            return scr.getComponentDescriptionDTOs(b).stream()
                    .map(d -> d.name + " enabled=" + scr.isComponentEnabled(d) + " " + scr.getComponentConfigurationDTOs(d).stream()
                            .map(c -> "state=" + c.state + " unsatisfied=" + Arrays.stream(c.unsatisfiedReferences)
                                    .map(u -> u.name).collect(Collectors.toList()) + " failure=" + c.failure)
                            .collect(Collectors.toList()))
                    .collect(Collectors.joining("; "));
        } finally {
            context.ungetService(ref);
        }
    }

    // For failure messages: the framework's log (SCR reports activation failures there).
    private String log() {
        ServiceReference<LogReaderService> ref = context.getServiceReference(LogReaderService.class);
        if (ref == null) {
            return "(no log reader)";
        }
        StringBuilder out = new StringBuilder();
        try {
            Enumeration<?> entries = context.getService(ref).getLog();
            while (entries.hasMoreElements()) {
                LogEntry entry = (LogEntry) entries.nextElement();
                if (entry.getException() != null) {
                    StringWriter trace = new StringWriter();
                    entry.getException().printStackTrace(new PrintWriter(trace));
                    out.append(entry.getMessage()).append('\n').append(trace).append('\n');
                }
            }
        } finally {
            context.ungetService(ref);
        }
        return out.toString();
    }

    private Bundle installedBundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst().orElse(null);
    }

    // Threads named by the bundle (kii-session-1, kii-onboarding-N, ...) and Paho's (MQTT ...); not the emulator's.
    private static List<Thread> gatewayThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> (t.getName().startsWith("kii-") && !t.getName().startsWith("kii-emu-"))
                        || t.getName().startsWith("MQTT "))
                .collect(Collectors.toList());
    }

    private static List<String> names(List<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().collect(Collectors.toList());
    }
}
