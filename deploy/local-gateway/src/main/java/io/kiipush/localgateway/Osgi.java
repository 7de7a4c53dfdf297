package io.kiipush.localgateway;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The OSGi side of the local gateway: an Apache Felix framework started in this JVM with the bundles found under
 * {@code bundles/} in the launcher jar. The launcher shares only {@code org.osgi.framework} (and
 * {@code org.osgi.util.tracker}) with the bundles, so everything else (Config Admin, the gateway's services) is used
 * through reflection on the interfaces the bundles export.
 */
final class Osgi {

    private static final String BUNDLES = "bundles/";
    private static final long SERVICE_WAIT_MS = 30_000;

    private final Framework framework;
    private final List<Bundle> bundles = new ArrayList<>();

    /**
     * Creates, initialises and starts the framework and installs (does not start) the bundles.
     *
     * @param properties framework properties
     * @throws BundleException if the framework or a bundle cannot be installed
     * @throws IOException if the bundles cannot be read
     */
    Osgi(Map<String, String> properties) throws BundleException, IOException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Osgi.class.getClassLoader()).iterator().next();
        framework = factory.newFramework(properties);
        framework.init();
        BundleContext context = framework.getBundleContext();
        for (String name : bundleResources()) {
            try (InputStream in = Osgi.class.getClassLoader().getResourceAsStream(BUNDLES + name)) {
                bundles.add(context.installBundle("local-gateway:" + name, in));
            }
        }
        framework.start();
    }

    /**
     * Starts every installed bundle except the named ones, in an order that lets SPI Fly register slf4j's provider
     * before any bundle logs.
     *
     * @param later symbolic names of bundles to leave for {@link #start(String)}
     * @throws BundleException if a bundle fails to start
     */
    void startAllBut(String... later) throws BundleException {
        List<String> skip = List.of(later);
        List<Bundle> ordered = new ArrayList<>(bundles);
        ordered.sort((a, b) -> Integer.compare(startRank(a), startRank(b)));
        for (Bundle b : ordered) {
            if (!skip.contains(b.getSymbolicName()) && b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
    }

    /** @param symbolicName a bundle to start now */
    void start(String symbolicName) throws BundleException {
        for (Bundle b : bundles) {
            if (symbolicName.equals(b.getSymbolicName())) {
                b.start();
            }
        }
    }

    // SPI Fly (and the ASM it weaves with) first, then slf4j, then the rest.
    private static int startRank(Bundle b) {
        String bsn = String.valueOf(b.getSymbolicName());
        if (bsn.startsWith("org.objectweb.asm") || bsn.contains("spifly")) {
            return 0;
        }
        return bsn.startsWith("slf4j.") ? 1 : 2;
    }

    /**
     * Creates or replaces a configuration through Config Admin, unbound so the first bundle that uses it (the gateway)
     * gets it, as on Kura.
     *
     * @param pid the configuration PID
     * @param values the properties (String, Integer, Long, Boolean, String[])
     */
    void configure(String pid, Map<String, Object> values) throws Exception {
        Object configAdmin = service("org.osgi.service.cm.ConfigurationAdmin");
        Bundle cm = framework.getBundleContext().getServiceReference("org.osgi.service.cm.ConfigurationAdmin").getBundle();
        Class<?> adminType = cm.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configurationType = cm.loadClass("org.osgi.service.cm.Configuration");
        Object configuration = adminType.getMethod("getConfiguration", String.class, String.class).invoke(configAdmin, pid, null);
        Dictionary<String, Object> props = new Hashtable<>(values);
        configurationType.getMethod("update", Dictionary.class).invoke(configuration, props);
    }

    /**
     * Creates a factory configuration through Config Admin, unbound, as Kura's createFactoryConfiguration does.
     *
     * @param factoryPid the factory PID
     * @param values the properties, with the {@code kura.service.pid} that names the instance
     */
    void configureFactory(String factoryPid, Map<String, Object> values) throws Exception {
        Object configAdmin = service("org.osgi.service.cm.ConfigurationAdmin");
        Bundle cm = framework.getBundleContext().getServiceReference("org.osgi.service.cm.ConfigurationAdmin").getBundle();
        Class<?> adminType = cm.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configurationType = cm.loadClass("org.osgi.service.cm.Configuration");
        Object configuration = adminType.getMethod("createFactoryConfiguration", String.class, String.class)
                .invoke(configAdmin, factoryPid, null);
        configurationType.getMethod("update", Dictionary.class).invoke(configuration, new Hashtable<>(values));
    }

    /**
     * @param filter e.g. {@code (kura.service.pid=io.kiipush.gateway.Onboarding)}
     * @return the {@code service.pid} of the first configuration matching it (a factory instance's is generated), or
     *         {@code null}
     */
    String configurationPid(String filter) throws Exception {
        Object configAdmin = service("org.osgi.service.cm.ConfigurationAdmin");
        Bundle cm = framework.getBundleContext().getServiceReference("org.osgi.service.cm.ConfigurationAdmin").getBundle();
        Class<?> adminType = cm.loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Object[] found = (Object[]) adminType.getMethod("listConfigurations", String.class).invoke(configAdmin, filter);
        return found == null ? null : (String) cm.loadClass("org.osgi.service.cm.Configuration").getMethod("getPid")
                .invoke(found[0]);
    }

    /**
     * Registers a plain object as Gogo commands: Gogo calls its public methods by name.
     *
     * @param commands the object
     * @param scope command scope, e.g. {@code emu}
     * @param functions the method names
     */
    void registerCommands(Object commands, String scope, String... functions) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", scope);
        props.put("osgi.command.function", functions);
        framework.getBundleContext().registerService(Object.class.getName(), commands, props);
    }

    /**
     * @return the web console's base URL as the HTTP runtime announces it (with the real port when 0 was asked for)
     */
    String httpEndpoint() throws Exception {
        ServiceTracker<Object, Object> t = new ServiceTracker<>(framework.getBundleContext(),
                framework.getBundleContext().createFilter("(osgi.http.endpoint=*)"), null);
        t.open();
        try {
            if (t.waitForService(SERVICE_WAIT_MS) == null) {
                throw new IllegalStateException("the HTTP service did not start");
            }
            Object endpoint = t.getServiceReference().getProperty("osgi.http.endpoint");
            String url = endpoint instanceof String[] ? ((String[]) endpoint)[0] : String.valueOf(endpoint);
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        } finally {
            t.close();
        }
    }

    /**
     * The status of the default connection's push session (the demo thing's), read through reflection ({@code io.kiipush.gateway.PushSession#getStatus()}).
     *
     * @return state name, received and dispatched counts; {@code null} while the session service is not registered
     */
    SessionView session() throws Exception {
        return session("(kura.service.pid=io.kiipush.gateway.PushSession)");
    }

    /**
     * @param filter selects the session, e.g. {@code (kura.service.pid=io.kiipush.gateway.KiiConnection-user)}
     * @return as {@link #session()}
     */
    SessionView session(String filter) throws Exception {
        BundleContext context = framework.getBundleContext();
        // getAll...: the launcher's class loader cannot see the interface, so skip the class-space check
        ServiceReference<?>[] refs = context.getAllServiceReferences("io.kiipush.gateway.PushSession", filter);
        if (refs == null) {
            return null;
        }
        ServiceReference<?> ref = refs[0];
        Object session = context.getService(ref);
        try {
            if (session == null) {
                return null;
            }
            Class<?> sessionType = ref.getBundle().loadClass("io.kiipush.gateway.PushSession");
            Object status = sessionType.getMethod("getStatus").invoke(session);
            Class<?> statusType = ref.getBundle().loadClass("io.kiipush.gateway.SessionStatus");
            return new SessionView(String.valueOf(get(statusType, status, "getState")),
                    ((Number) get(statusType, status, "getReceived")).longValue(),
                    ((Number) get(statusType, status, "getDispatched")).longValue(),
                    (String) get(statusType, status, "getLastError"));
        } finally {
            context.ungetService(ref);
        }
    }

    /** What the launcher and its tests need of {@code SessionStatus}. */
    record SessionView(String state, long received, long dispatched, String lastError) {
    }

    List<Bundle> bundles() {
        return Collections.unmodifiableList(bundles);
    }

    Framework framework() {
        return framework;
    }

    /**
     * Stops the named bundles in this order (those not installed are skipped).
     *
     * @param symbolicNames bundles to stop, first to last
     * @throws BundleException if a bundle fails to stop
     */
    void stopInOrder(String... symbolicNames) throws BundleException {
        for (String name : symbolicNames) {
            for (Bundle b : bundles) {
                if (name.equals(b.getSymbolicName())) {
                    b.stop();
                }
            }
        }
    }

    /** Stops the framework (every bundle, so every component and thread) and waits up to 30 s. */
    void stop() {
        try {
            framework.stop();
            framework.waitForStop(30_000);
        } catch (BundleException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Object service(String className) throws InterruptedException {
        ServiceTracker<Object, Object> t = new ServiceTracker<>(framework.getBundleContext(), className, null);
        t.open();
        Object s = t.waitForService(SERVICE_WAIT_MS);
        if (s == null) {
            throw new IllegalStateException("no " + className + " service within " + SERVICE_WAIT_MS + " ms");
        }
        return s;
    }

    private static Object get(Class<?> type, Object target, String getter) throws Exception {
        Method m = type.getMethod(getter);
        return m.invoke(target);
    }

    // The bundle jars packed under bundles/ in the launcher jar (or in target/classes when run from the build).
    private static List<String> bundleResources() throws IOException {
        URL location = Osgi.class.getProtectionDomain().getCodeSource().getLocation();
        Path path;
        try {
            path = Paths.get(location.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path.resolve(BUNDLES))) {
                return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted()
                        .collect(Collectors.toList());
            }
        }
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(path.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(BUNDLES) && name.endsWith(".jar") && name.indexOf('/', BUNDLES.length()) < 0) {
                    names.add(name.substring(BUNDLES.length()));
                }
            }
        }
        Collections.sort(names);
        return names;
    }
}
