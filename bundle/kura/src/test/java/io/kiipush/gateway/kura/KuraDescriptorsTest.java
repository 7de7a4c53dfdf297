package io.kiipush.gateway.kura;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.kiipush.gateway.kura.internal.KiiPids;
import io.kiipush.gateway.kura.internal.NotificationFilter;

/**
 * This bundle's component descriptors and metatype, read as Kura reads them: the New Pub/Sub dialog reads
 * {@code service.pid} and {@code cloud.connection.factory.pid} from the subscriber's component description (it
 * ignores the component unless both are Strings), the Cloud Connections page reads {@code kura.ui.csf.pid.default} and
 * {@code .regex} from the factory's service, and Kura's ConfigurationService and the page read {@code service.pid},
 * {@code kura.service.pid}, {@code service.factoryPid} and {@code cloud.endpoint.service.pid} from the subscriber's
 * service, casting each to String.
 */
public class KuraDescriptorsTest {

    private static final String SUBSCRIBER = "io.kiipush.gateway.kura.KiiSubscriber";
    private static final String FACTORY = "io.kiipush.gateway.kura.KiiCloudConnectionFactory";
    private static final Set<String> READ_BY_KURA = Set.of("service.pid", "kura.service.pid", "service.factoryPid",
            "cloud.endpoint.service.pid");

    @Rule
    public Timeout timeout = Timeout.seconds(10);

    @Test
    public void theSubscriberDescriptionCarriesBothPidsAsStringsInADs12Descriptor() throws Exception {
        Element subscriber = descriptor(SUBSCRIBER);
        assertEquals("http://www.osgi.org/xmlns/scr/v1.2.0", subscriber.getNamespaceURI());
        assertFalse(ScrServiceProperties.dsVersionAtLeast13(subscriber.getNamespaceURI()));
        Map<String, Object> declared = properties(subscriber);
        assertEquals(KiiPids.SUBSCRIBER_FACTORY_PID, declared.get("service.pid"));
        assertEquals("the connections' getFactoryPid()", KiiPids.SESSION_FACTORY_PID,
                declared.get("cloud.connection.factory.pid"));
        assertEquals(Boolean.TRUE, declared.get("kura.ui.service.hide"));
        assertEquals("require", subscriber.getAttribute("configuration-policy"));
        assertEquals(List.of("org.eclipse.kura.cloudconnection.subscriber.CloudSubscriber",
                "org.eclipse.kura.configuration.ConfigurableComponent"), provided(subscriber));
        assertEquals(SUBSCRIBER, subscriber.getAttribute("name"));
        assertEquals(SUBSCRIBER, elements(subscriber, "implementation").get(0).getAttribute("class"));
    }

    @Test
    public void theSubscriberServiceCarriesEveryPidKuraReadsAsAString() throws Exception {
        Element subscriber = descriptor(SUBSCRIBER);
        // What Config Admin gives a factory instance Kura created with createFactoryConfiguration.
        Map<String, Object> configuration = new HashMap<>();
        configuration.put("service.pid", SUBSCRIBER + ".3f2a");
        configuration.put("service.factoryPid", SUBSCRIBER);
        configuration.put("kura.service.pid", "kii-to-wires");
        configuration.put("cloud.endpoint.service.pid", "io.kiipush.gateway.KiiConnection-plant1");
        configuration.put("kinds", "BUCKET_EVENT");
        Map<String, Object> service = ScrServiceProperties.of(subscriber.getNamespaceURI(), properties(subscriber),
                configuration);
        for (String key : READ_BY_KURA) {
            assertTrue(key + " is " + service.get(key), service.get(key) instanceof String);
        }
        assertEquals(SUBSCRIBER + ".3f2a", service.get("service.pid"));
        // The same description in the DS 1.3 namespace would break Kura: the model shows the trap it guards.
        Object trapped = ScrServiceProperties.of("http://www.osgi.org/xmlns/scr/v1.3.0", properties(subscriber),
                configuration).get("service.pid");
        assertEquals(List.of(SUBSCRIBER + ".3f2a", SUBSCRIBER), trapped);
    }

    @Test
    public void theFactoryDeclaresNoPidAndItsConsolePropertiesAsStrings() throws Exception {
        Element factory = descriptor(FACTORY);
        Map<String, Object> declared = properties(factory);
        assertEquals(Map.of("kura.ui.csf.pid.default", KiiPids.CONNECTION_PREFIX, "kura.ui.csf.pid.regex",
                KiiPids.CONNECTION_REGEX), declared);
        assertEquals(List.of("org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory"), provided(factory));
        assertTrue("suggested name matches the regex", KiiPids.CONNECTION_PREFIX.matches(KiiPids.CONNECTION_REGEX));
    }

    @Test
    public void noOtherDescriptorDeclaresAPropertyKuraReadsAsAPid() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Path path : descriptorFiles()) {
            Element component = parse(path);
            names.add(component.getAttribute("name"));
            if (!component.getAttribute("name").equals(SUBSCRIBER)) {
                for (String key : properties(component).keySet()) {
                    assertFalse(path.getFileName() + " declares " + key, READ_BY_KURA.contains(key));
                }
                assertFalse(path + " is configurable", provided(component)
                        .contains("org.eclipse.kura.configuration.ConfigurableComponent"));
            }
        }
        assertEquals(Set.of(SUBSCRIBER, FACTORY, "io.kiipush.gateway.kura.KiiEndpoints"), names);
    }

    @Test
    public void theSubscriberFormIsAFactoryFormWhoseFieldsAreTheFilterKeys() throws Exception {
        Element metatype = parse(osgiInf().resolve("metatype").resolve(SUBSCRIBER + ".xml"));
        Element ocd = elements(metatype, "OCD").get(0);
        Element designate = elements(metatype, "Designate").get(0);
        assertEquals(SUBSCRIBER, ocd.getAttribute("id"));
        assertEquals(SUBSCRIBER, designate.getAttribute("pid"));
        assertEquals(SUBSCRIBER, designate.getAttribute("factoryPid"));
        List<String> ids = elements(ocd, "AD").stream().map(e -> e.getAttribute("id")).collect(Collectors.toList());
        assertEquals(List.of(NotificationFilter.KINDS, NotificationFilter.BUCKETS, NotificationFilter.TOPICS), ids);
        for (Element ad : elements(ocd, "AD")) {
            assertEquals("String", ad.getAttribute("type"));
            assertEquals("", ad.getAttribute("default"));
            assertFalse(ad.getAttribute("id") + " needs a description", ad.getAttribute("description").isEmpty());
        }
    }

    @Test
    public void theManifestImportsWhatKura40To5xExportAndEmbedsNoKuraClass() throws Exception {
        Path classes = osgiInf().getParent();
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        String imports = manifest.getMainAttributes().getValue("Import-Package");
        for (String expected : new String[] { "org.eclipse.kura.cloudconnection;version=\"[1.0,1.1)\"",
                "org.eclipse.kura.cloudconnection.factory;version=\"[1.0,1.1)\"",
                "org.eclipse.kura.cloudconnection.subscriber;version=\"[1.0,1.1)\"",
                "org.eclipse.kura.cloudconnection.listener;version=\"[1.0,2)\"",
                "org.eclipse.kura.cloudconnection.message;version=\"[1.0,2)\"",
                "org.eclipse.kura.cloudconnection.subscriber.listener;version=\"[1.0,2)\"",
                "org.eclipse.kura;version=\"[1.5,2)\"", "org.eclipse.kura.message;version=\"[1.2,2)\"",
                "org.eclipse.kura.configuration;version=\"[1.1,2)\"", "io.kiipush.gateway;version=\"[1.2,2)\"" }) {
            assertTrue(expected + " in " + imports, imports.contains(expected));
        }
        assertFalse("the cloud package is only used for its constants", imports.contains("org.eclipse.kura.cloud;"));
        assertEquals(null, manifest.getMainAttributes().getValue("Export-Package"));
        assertFalse("Kura's classes come from Kura", Files.exists(classes.resolve("org/eclipse/kura")));
        assertTrue(manifest.getMainAttributes().getValue("Require-Capability")
                .contains("(osgi.extender=osgi.component)(version>=1.3.0)"));
        assertFalse(manifest.getMainAttributes().getValue("Require-Capability").contains("version>=1.4.0"));
    }

    private static Element descriptor(String name) throws Exception {
        return parse(osgiInf().resolve(name + ".xml"));
    }

    private static Path osgiInf() throws Exception {
        URL osgiInf = KuraDescriptorsTest.class.getClassLoader().getResource("OSGI-INF/" + SUBSCRIBER + ".xml");
        assertNotNull("no OSGI-INF in the build output", osgiInf);
        return Paths.get(osgiInf.toURI()).getParent();
    }

    private static List<Path> descriptorFiles() throws Exception {
        try (Stream<Path> files = Files.list(osgiInf())) {
            return files.filter(p -> p.toString().endsWith(".xml")).sorted().collect(Collectors.toList());
        }
    }

    private static Element parse(Path path) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(path.toFile()).getDocumentElement();
    }

    // Typed as DS gives them: String unless the type says otherwise (Boolean here).
    private static Map<String, Object> properties(Element component) {
        Map<String, Object> properties = new HashMap<>();
        for (Element p : elements(component, "property")) {
            String type = p.getAttribute("type");
            String value = p.getAttribute("value");
            properties.put(p.getAttribute("name"), "Boolean".equals(type) ? (Object) Boolean.valueOf(value) : value);
            assertTrue(p.getAttribute("name") + ": single values only", p.getTextContent().trim().isEmpty());
        }
        assertTrue("no property files", elements(component, "properties").isEmpty());
        return properties;
    }

    private static List<String> provided(Element component) {
        List<String> interfaces = new ArrayList<>();
        for (Element provide : elements(component, "provide")) {
            interfaces.add(provide.getAttribute("interface"));
        }
        return interfaces;
    }

    private static List<Element> elements(Element parent, String tag) {
        List<Element> elements = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagNameNS("*", tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }
}
