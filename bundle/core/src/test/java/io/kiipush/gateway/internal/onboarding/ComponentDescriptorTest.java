package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The descriptors bnd generated from the annotations are what Kura needs: metatype file named after the PID, OCD id =
 * PID, a description for every field and no required field that may be empty, and the DS component shape.
 */
public class ComponentDescriptorTest {

    private static final String PID = "io.kiipush.gateway.Onboarding";

    @Rule
    public Timeout timeout = Timeout.seconds(10);

    private static Document xml(String resource) throws Exception {
        try (InputStream in = ComponentDescriptorTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(resource + " was not generated", in);
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().parse(in);
        }
    }

    /**
     * Ids, labels and Password types are those of ConfigField (ConfigFieldTest), types and defaults those of
     * docs/configuration.md (ReferenceDocsTest); here what Kura needs of every field.
     */
    @Test
    public void metatypeHasWhatKuraNeedsOfEveryField() throws Exception {
        Document doc = xml("OSGI-INF/metatype/" + PID + ".xml");
        Element ocd = (Element) doc.getElementsByTagName("OCD").item(0);
        assertEquals(PID, ocd.getAttribute("id"));
        assertEquals("Kii Push Onboarding", ocd.getAttribute("name"));
        Element designate = (Element) doc.getElementsByTagName("Designate").item(0);
        assertEquals("a factory: one per Kii connection", PID, designate.getAttribute("factoryPid"));

        NodeList ads = doc.getElementsByTagName("AD");
        for (int i = 0; i < ads.getLength(); i++) {
            Element ad = (Element) ads.item(i);
            String id = ad.getAttribute("id");
            assertTrue(id + " needs an operator description", ad.getAttribute("description").length() > 40);
            if (id.startsWith("subscriptions.")) {
                assertEquals("10", ad.getAttribute("cardinality"));
            }
            boolean requiredByKura = !"false".equals(ad.getAttribute("required"));
            boolean mayBeEmpty = ad.getAttribute("default").isEmpty() && !id.equals("app.id") && !id.equals("app.key");
            assertTrue(id + ": Kura rejects empty required fields", !mayBeEmpty || !requiredByKura);
        }
    }

    @Test
    public void configKeysMatchTheAnnotationMethods() {
        List<String> keys = new ArrayList<>();
        for (Method m : OnboardingComponent.Config.class.getDeclaredMethods()) {
            keys.add(TestConfig.key(m));
        }
        assertTrue(keys.containsAll(Arrays.asList("site.url", "thing.vendorThingId", "mqttApi.broker",
                "endpoint.maxWaitSec", "subscriptions.topics")));
    }

    @Test
    public void componentDescriptorHasTheKuraShape() throws Exception {
        Document doc = xml("OSGI-INF/" + PID + ".xml");
        Element component = doc.getDocumentElement();
        assertEquals(PID, component.getAttribute("name"));
        assertEquals("require", component.getAttribute("configuration-policy"));
        assertEquals("true", component.getAttribute("immediate"));
        assertEquals("modified", component.getAttribute("modified"));
        assertEquals("deactivate", component.getAttribute("deactivate"));

        // DS provides nothing (it would copy the secrets into service properties); the component registers these.
        assertEquals(0, doc.getElementsByTagName("provide").getLength());
        assertEquals(new TreeSet<>(Arrays.asList("io.kiipush.gateway.internal.endpoint.EndpointSource",
                "io.kiipush.gateway.KiiSubscriptions", "org.eclipse.kura.configuration.ConfigurableComponent",
                "io.kiipush.gateway.internal.onboarding.OnboardingDiagnostics",
                "io.kiipush.gateway.internal.results.ThingChannel")), new TreeSet<>(Arrays.asList(OnboardingComponent.SERVICES)));

        // No service.pid property (the configuration supplies it): checked for every component by KuraDescriptorsTest.

        Element reference = (Element) doc.getElementsByTagName("reference").item(0);
        assertEquals("org.eclipse.kura.crypto.CryptoService", reference.getAttribute("interface"));
        assertEquals("0..1", reference.getAttribute("cardinality"));
        assertEquals("greedy", reference.getAttribute("policy-option"));
        assertEquals("static by default", "", reference.getAttribute("policy"));
        // Lookup strategy: no constructor parameter, field or bind method. Felix SCR before 2.1.26 (Kura 5.x ships
        // 2.1.16) fails to construct a component whose optional constructor reference has no service.
        assertEquals("", reference.getAttribute("parameter"));
        assertEquals("", reference.getAttribute("field"));
        assertEquals("", reference.getAttribute("bind"));
        assertEquals("constructor takes only activation objects (Config, ComponentContext)", "2",
                component.getAttribute("init"));
    }
}
