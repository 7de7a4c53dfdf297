package io.kiipush.gateway;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 12: the component descriptors bnd generated, read as Kura reads the services they register. Kura's
 * ConfigurationService takes {@code service.pid}, {@code kura.service.pid} and {@code service.factoryPid} of every
 * {@code ConfigurableComponent} service as strings; a configurable DS 1.4 component that also declares one of them as
 * a component property gets it published as a list by Felix SCR 2.1.16 (Kura 5.x), and Kura then uses
 * {@code "[pid, pid]"} as the Config Admin PID. The configuration must supply them, so no descriptor may declare them.
 */
public class KuraDescriptorsTest {

    private static final String CONFIGURABLE = "org.eclipse.kura.configuration.ConfigurableComponent";
    private static final Set<String> READ_BY_KURA = Set.of("service.pid", "kura.service.pid", "service.factoryPid");

    @Rule
    public Timeout timeout = Timeout.seconds(10);

    @Test
    public void noConfigurableComponentDeclaresAPidPropertyKuraReads() throws Exception {
        Set<String> configurable = new TreeSet<>();
        for (Path descriptor : descriptors()) {
            Element component = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(descriptor.toFile())
                    .getDocumentElement();
            String name = component.getAttribute("name");
            // The onboarding registers its ConfigurableComponent in code (no secrets in service properties): a
            // metatype form under the component's name makes it configurable for Kura as well.
            boolean hasForm = Files.exists(descriptor.resolveSibling("metatype").resolve(name + ".xml"));
            if (!provided(component).contains(CONFIGURABLE) && !hasForm) {
                continue;
            }
            configurable.add(name);
            for (Element property : elements(component, "property")) {
                assertFalse(descriptor.getFileName() + " declares " + property.getAttribute("name"),
                        READ_BY_KURA.contains(property.getAttribute("name")));
            }
            assertTrue(descriptor.getFileName() + ": no property files", elements(component, "properties").isEmpty());
            assertEquals(name + ": Kura seeds the configuration before the service exists", "require",
                    component.getAttribute("configuration-policy"));
            Document metatype = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(descriptor.resolveSibling("metatype").resolve(name + ".xml").toFile());
            assertEquals(name + ": Kura finds the form by OCD id = PID", name,
                    ((Element) metatype.getElementsByTagName("OCD").item(0)).getAttribute("id"));
        }
        assertEquals(new TreeSet<>(Set.of("io.kiipush.gateway.Onboarding", "io.kiipush.gateway.PushSession")), configurable);
    }

    // Every component descriptor of the build output (what the jar will carry), not of a stale jar.
    private static List<Path> descriptors() throws Exception {
        URL osgiInf = KuraDescriptorsTest.class.getClassLoader().getResource("OSGI-INF");
        assertNotNull("OSGI-INF was not generated", osgiInf);
        try (Stream<Path> files = Files.list(Paths.get(osgiInf.toURI()))) {
            List<Path> xml = files.filter(p -> p.toString().endsWith(".xml")).sorted().collect(Collectors.toList());
            assertFalse("no component descriptors in " + osgiInf, xml.isEmpty());
            return xml;
        }
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
        NodeList nodes = parent.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }
}
