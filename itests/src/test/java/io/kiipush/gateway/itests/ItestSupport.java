package io.kiipush.gateway.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;

import org.ops4j.pax.exam.Option;

import io.kiipush.gateway.itests.support.EmulatorDriver;
import io.kiipush.gateway.itests.support.EmulatorSetting;

/**
 * The Pax Exam options of every integration test class, in one place ({@link FrameworkItest} and {@link GatewayItest}
 * are the class frames that use them): the framework's DS, Config Admin, EventAdmin and Metatype (Equinox's own
 * on Equinox, at Kura 5.x's versions; Felix's on Felix), Gson at the version Kura 5.2+ ships, the Kura API stand-in
 * and the bundle under test straight from the reactor build.
 */
public final class ItestSupport {

    /** Which framework this JVM runs ({@code equinox} or {@code felix}), set by the failsafe execution. */
    public static final String FRAMEWORK = System.getProperty("kiipush.framework", "equinox");

    private ItestSupport() {
    }

    /**
     * @param testClass the test class (its own emulator is started for it, driver side)
     * @return {@link #baseOptions()} plus Awaitility in the framework and a fresh Kii emulator for the class
     */
    public static Option gatewayOptions(Class<?> testClass) {
        return composite(baseOptions(), awaitility(), EmulatorDriver.start(testClass));
    }

    /**
     * @param testClass the test class (its own emulator is started for it, driver side)
     * @param settings the emulator's non-default settings (HTTPS, WebSocket listeners)
     * @return {@link #gatewayOptions(Class)} with an emulator started with these settings
     */
    public static Option gatewayOptions(Class<?> testClass, EmulatorSetting... settings) {
        return composite(baseOptions(), awaitility(), EmulatorDriver.start(testClass, settings));
    }

    /** @return Awaitility and the Hamcrest 2 it needs, as bundles, so tests inside the framework wait on conditions */
    public static Option awaitility() {
        return composite(
                mavenBundle("org.hamcrest", "hamcrest").versionAsInProject(),
                mavenBundle("org.awaitility", "awaitility").versionAsInProject());
    }

    /** @return the options every test class starts from: {@link #kuraOptions()} and the bundle under test */
    public static Option baseOptions() {
        return composite(kuraOptions(), reactorBundle("kiipush.bundle"));
    }

    /**
     * @return what Kura provides before the gateway bundle is installed: a clean framework with JUnit, DS, Config
     *         Admin, EventAdmin, Metatype, Gson and the Kura API stand-in (a class that installs the bundle itself, as
     *         {@link DeploymentPackageIT} does, starts from here)
     */
    public static Option kuraOptions() {
        return composite(
                cleanCaches(),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value(System.getProperty("kiipush.itest.log", "WARN")),
                junitBundles(),
                frameworkServices(),
                mavenBundle("com.google.code.gson", "gson").versionAsInProject(),
                reactorBundle("kiipush.kuraApi"));
    }

    /** @return the Kura cloud connection bundle (factory, endpoints, Kii subscriber) from the reactor build */
    public static Option kuraCloudBundle() {
        return reactorBundle("kiipush.kuraCloud");
    }

    /**
     * @return a log service where the framework has none of its own: Equinox provides {@code org.osgi.service.log}
     *         itself, a bare Felix needs Felix Log
     */
    public static Option logService() {
        if ("felix".equals(FRAMEWORK)) {
            return mavenBundle("org.apache.felix", "org.apache.felix.log").versionAsInProject();
        }
        return composite();
    }

    private static Option frameworkServices() {
        if ("felix".equals(FRAMEWORK)) {
            return composite(
                    mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                    mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                    mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                    mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                    mavenBundle("org.apache.felix", "org.apache.felix.eventadmin").versionAsInProject(),
                    mavenBundle("org.apache.felix", "org.apache.felix.metatype").versionAsInProject());
        }
        return composite(
                mavenBundle("org.eclipse.platform", "org.eclipse.osgi.services").versionAsInProject(),
                mavenBundle("org.eclipse.platform", "org.eclipse.osgi.util").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.eclipse.platform", "org.eclipse.equinox.cm").versionAsInProject(),
                mavenBundle("org.eclipse.platform", "org.eclipse.equinox.event").versionAsInProject(),
                mavenBundle("org.eclipse.platform", "org.eclipse.equinox.metatype").versionAsInProject());
    }

    // The reactor's freshly built jar, never a stale copy from the local repository.
    private static Option reactorBundle(String property) {
        String path = System.getProperty(property);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("System property " + property + " must point to the built jar (run through Maven): " + path);
        }
        return bundle(new File(path).toURI().toString());
    }
}
