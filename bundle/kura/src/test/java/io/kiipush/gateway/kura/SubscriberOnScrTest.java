package io.kiipush.gateway.kura;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import io.kiipush.gateway.kura.scrprobe.ProbeSubscriber;

/**
 * The Kii subscriber's hand-written descriptor under the SCR Kura 5.x runs (Felix SCR 2.1.16, with Felix Config
 * Admin) in an embedded Felix framework, read the way Kura reads it: the component description (New Pub/Sub) and the
 * service of a factory instance created as Kura creates one (ConfigurationService, Kura's pub/sub list).
 * <p>
 * A probe bundle carries the descriptor exactly as shipped, with a stand-in implementation class (the real one needs
 * the gateway's API bundle), and the same descriptor in the DS 1.3 namespace: that one must show the trap
 * (docs/architecture.md), so the test is known to be able to fail.
 */
public class SubscriberOnScrTest {

    private static final String NAME = "io.kiipush.gateway.kura.KiiSubscriber";
    private static final String DS13_NAME = "probe.Ds13Subscriber";
    private static final long WAIT_MS = 20_000;

    @Rule
    public Timeout timeout = Timeout.seconds(60);

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Framework framework;
    private BundleContext context;

    @Before
    public void start() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", temp.newFolder("felix-cache").getAbsolutePath());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        config.put("felix.log.level", "1");
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
        for (String clazz : new String[] { "org.osgi.util.function.Function", "org.osgi.util.promise.Promise",
                "org.osgi.service.event.Event", "org.apache.felix.cm.impl.ConfigurationManager",
                "org.apache.felix.scr.impl.Activator", "org.eclipse.kura.configuration.ConfigurableComponent" }) {
            install(location(clazz));
        }
        install(probeBundle().toUri().toString());
        for (Bundle b : context.getBundles()) {
            if (b.getHeaders().get("Fragment-Host") == null) {
                b.start();
            }
        }

    }

    @After
    public void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(WAIT_MS);
        }
    }

    @Test
    public void theDescriptionCarriesBothPidsAsStringsAndTheServiceKeepsEveryPidKuraReadsAString() throws Exception {
        Map<String, Object> description = descriptionProperties(NAME);
        assertEquals(NAME, description.get("service.pid"));
        assertEquals("io.kiipush.gateway.PushSession", description.get("cloud.connection.factory.pid"));

        String configPid = createFactoryConfiguration(NAME, "kii-to-wires");
        ServiceReference<?> service = awaitService(NAME, "kii-to-wires");
        for (String key : new String[] { "service.pid", "kura.service.pid", "service.factoryPid",
                "cloud.endpoint.service.pid" }) {
            assertTrue(key + " is " + describe(service.getProperty(key)), service.getProperty(key) instanceof String);
        }
        assertEquals(configPid, service.getProperty("service.pid"));
        assertEquals(NAME, service.getProperty("service.factoryPid"));
        assertEquals("io.kiipush.gateway.KiiConnection-plant1", service.getProperty("cloud.endpoint.service.pid"));
        assertEquals("io.kiipush.gateway.PushSession", service.getProperty("cloud.connection.factory.pid"));
    }

    @Test
    public void theSameDescriptorInTheDs13NamespacePublishesServicePidAsAList() throws Exception {
        String configPid = createFactoryConfiguration(DS13_NAME, "trapped");
        ServiceReference<?> service = awaitService(DS13_NAME, "trapped");
        Object pid = service.getProperty("service.pid");
        assertTrue("DS 1.3 merges: " + describe(pid), pid instanceof List || pid instanceof Object[]
                || pid instanceof java.util.Collection);
        assertTrue(describe(pid), describe(pid).contains(configPid));
    }

    private String createFactoryConfiguration(String factoryPid, String kuraServicePid) throws Exception {
        ServiceReference<?> ref = service("org.osgi.service.cm.ConfigurationAdmin");
        assertNotNull("Config Admin runs", ref);
        Object configAdmin = context.getService(ref);
        Class<?> api = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Object configuration = api.getMethod("createFactoryConfiguration", String.class, String.class)
                .invoke(configAdmin, factoryPid, null);
        Dictionary<String, Object> properties = new Hashtable<>();
        // What Kura's ConfigurationService.createFactoryConfiguration and the New Pub/Sub dialog put there.
        properties.put("kura.service.pid", kuraServicePid);
        properties.put("cloud.endpoint.service.pid", "io.kiipush.gateway.KiiConnection-plant1");
        Class<?> configurationType = ref.getBundle().loadClass("org.osgi.service.cm.Configuration");
        configurationType.getMethod("update", Dictionary.class).invoke(configuration, properties);
        return (String) configurationType.getMethod("getPid").invoke(configuration);
    }

    private ServiceReference<?> awaitService(String factoryPid, String kuraServicePid) throws Exception {
        String filter = "(&(objectClass=org.eclipse.kura.cloudconnection.subscriber.CloudSubscriber)"
                + "(service.factoryPid=" + factoryPid + ")(kura.service.pid=" + kuraServicePid + "))";
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, filter);
            if (refs != null) {
                return refs[0];
            }
            synchronized (this) {
                wait(50);
            }
        }
        throw new AssertionError("no service " + filter + " within " + WAIT_MS + " ms");
    }

    // ServiceComponentRuntime.getComponentDescriptionDTOs(), read by reflection: its classes live in the framework.
    private Map<String, Object> descriptionProperties(String name) throws Exception {
        ServiceReference<?> ref = service("org.osgi.service.component.runtime.ServiceComponentRuntime");
        assertNotNull("SCR runs", ref);
        Object scr = context.getService(ref);
        Class<?> api = ref.getBundle().loadClass("org.osgi.service.component.runtime.ServiceComponentRuntime");
        Method all = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
        for (Object dto : (java.util.Collection<?>) all.invoke(scr, (Object) new Bundle[0])) {
            Field nameField = dto.getClass().getField("name");
            if (name.equals(nameField.get(dto))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> properties = (Map<String, Object>) dto.getClass().getField("properties").get(dto);
                return properties;
            }
        }
        throw new AssertionError("no component description " + name);
    }

    // All references: the test's own class path also holds these APIs, so the class-space check would hide them.
    private ServiceReference<?> service(String objectClass) throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(objectClass, null);
        return refs == null ? null : refs[0];
    }

    private void install(String location) throws Exception {
        context.installBundle(location);
    }

    private static String location(String className) throws Exception {
        URL url = Class.forName(className).getProtectionDomain().getCodeSource().getLocation();
        File file = new File(url.toURI());
        // In a reactor build before packaging, Kura's API stand-in is its classes directory (with bnd's manifest).
        return file.isDirectory() ? "reference:" + file.toURI() : file.toURI().toString();
    }

    // The shipped descriptor with the probe class, plus the same descriptor in the DS 1.3 namespace.
    private Path probeBundle() throws Exception {
        String shipped = new String(read("OSGI-INF/" + NAME + ".xml"), StandardCharsets.UTF_8);
        assertTrue(shipped.contains("class=\"" + NAME + "\""));
        String ds12 = shipped.replace("class=\"" + NAME + "\"", "class=\"" + ProbeSubscriber.class.getName() + "\"");
        String ds13 = ds12.replace("http://www.osgi.org/xmlns/scr/v1.2.0", "http://www.osgi.org/xmlns/scr/v1.3.0")
                .replace("\"" + NAME + "\"", "\"" + DS13_NAME + "\"");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "kiipush.scr.probe");
        main.putValue("Import-Package", "org.eclipse.kura.cloudconnection.listener,"
                + "org.eclipse.kura.cloudconnection.subscriber,org.eclipse.kura.cloudconnection.subscriber.listener,"
                + "org.eclipse.kura.configuration,org.osgi.framework");
        main.putValue("Service-Component", "OSGI-INF/ds12.xml,OSGI-INF/ds13.xml");
        Path jar = temp.newFile("probe.jar").toPath();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            String classFile = ProbeSubscriber.class.getName().replace('.', '/') + ".class";
            entry(out, classFile, read(classFile));
            entry(out, "OSGI-INF/ds12.xml", ds12.getBytes(StandardCharsets.UTF_8));
            entry(out, "OSGI-INF/ds13.xml", ds13.getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void entry(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = SubscriberOnScrTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(resource, in);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toByteArray();
        }
    }

    private static String describe(Object value) {
        if (value instanceof Object[]) {
            return java.util.Arrays.toString((Object[]) value) + " (array)";
        }
        return value + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")");
    }

}
