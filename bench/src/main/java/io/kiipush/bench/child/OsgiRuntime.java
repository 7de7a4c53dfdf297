package io.kiipush.bench.child;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import io.kiipush.bench.probe.ProbeActivator;

/**
 * A real OSGi framework found through {@link FrameworkFactory} on this JVM's class path (Equinox or Felix, whichever
 * framework jar the driver put there), with the Kura-5.x-like service bundles, the gateway bundle and the probe.
 */
final class OsgiRuntime {

    private static final String PROBE_PACKAGE = "io/kiipush/bench/probe/";

    private final String framework;
    private final String eventAdminTimeout;
    private final Path lib;
    private final Path work;
    private Framework fw;

    OsgiRuntime(String framework, String eventAdminTimeout, Path lib, Path work) {
        this.framework = framework;
        this.eventAdminTimeout = eventAdminTimeout;
        this.lib = lib;
        this.work = work;
    }

    void start() throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, work.resolve("osgi-storage").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "io.kiipush.bench.spi;version=\"1.0.0\"");
        if (!"default".equals(eventAdminTimeout)) {
            // Felix EventAdmin reads its settings from framework properties (Configuration.java).
            props.put("org.apache.felix.eventadmin.Timeout", eventAdminTimeout);
        }
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, OsgiRuntime.class.getClassLoader()).iterator().next();
        fw = factory.newFramework(props);
        fw.init();
        BundleContext ctx = fw.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars(lib.resolve("common"))) {
            bundles.add(ctx.installBundle(jar.toUri().toString()));
        }
        for (Path jar : jars(lib.resolve("bundles-" + framework))) {
            bundles.add(ctx.installBundle(jar.toUri().toString()));
        }
        bundles.add(ctx.installBundle(probeBundle().toUri().toString()));
        fw.start();
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        System.err.println("framework " + fw.getSymbolicName() + " " + fw.getVersion() + " started with " + bundles.size() + " bundles");
    }

    void stop() throws Exception {
        if (fw != null) {
            fw.stop();
            fw.waitForStop(30_000);
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
    }

    // The probe bundle: this jar's io.kiipush.bench.probe classes plus a manifest (built fresh for every run).
    private Path probeBundle() throws IOException, URISyntaxException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, "io.kiipush.bench.probe");
        a.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        a.putValue(Constants.BUNDLE_ACTIVATOR, ProbeActivator.class.getName());
        a.putValue(Constants.IMPORT_PACKAGE, "io.kiipush.bench.spi,io.kiipush.gateway,org.osgi.framework,"
                + "org.osgi.service.cm,org.osgi.service.event,org.osgi.util.tracker");
        Path out = work.resolve("io.kiipush.bench.probe.jar");
        Path source = Paths.get(ProbeActivator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os, mf)) {
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source.resolve(PROBE_PACKAGE))) {
                    for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                        jar.putNextEntry(new JarEntry(source.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, jar);
                        jar.closeEntry();
                    }
                }
            } else {
                try (JarFile src = new JarFile(source.toFile())) {
                    Enumeration<JarEntry> e = src.entries();
                    while (e.hasMoreElements()) {
                        JarEntry entry = e.nextElement();
                        if (entry.getName().startsWith(PROBE_PACKAGE) && !entry.isDirectory()) {
                            jar.putNextEntry(new JarEntry(entry.getName()));
                            try (InputStream in = src.getInputStream(entry)) {
                                in.transferTo(jar);
                            }
                            jar.closeEntry();
                        }
                    }
                }
            }
        }
        return out;
    }
}
