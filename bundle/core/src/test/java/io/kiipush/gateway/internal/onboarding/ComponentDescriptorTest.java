package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * PID, exactly the documented keys with their defaults, Password types for secrets, and the DS component shape.
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

    @Test
    public void metatypeHasEveryKeyWithItsDefaultAndType() throws Exception {
        Document doc = xml("OSGI-INF/metatype/" + PID + ".xml");
        Element ocd = (Element) doc.getElementsByTagName("OCD").item(0);
        assertEquals(PID, ocd.getAttribute("id"));
        assertEquals("Kii Push Onboarding", ocd.getAttribute("name"));
        Element designate = (Element) doc.getElementsByTagName("Designate").item(0);
        assertEquals(PID, designate.getAttribute("pid"));

        Map<String, String[]> expected = new HashMap<>();
        expected.put("site", new String[] { "String", "US" });
        expected.put("site.url", new String[] { "String", "" });
        expected.put("app.id", new String[] { "String", "" });
        expected.put("app.key", new String[] { "Password", "" });
        expected.put("identity.mode", new String[] { "String", "THING" });
        expected.put("thing.vendorThingId", new String[] { "String", "" });
        expected.put("thing.id", new String[] { "String", "" });
        expected.put("thing.password", new String[] { "Password", "" });
        expected.put("thing.type", new String[] { "String", "" });
        expected.put("thing.firmwareVersion", new String[] { "String", "" });
        expected.put("thing.layoutPosition", new String[] { "String", "STANDALONE" });
        expected.put("thing.owner", new String[] { "String", "" });
        expected.put("thing.ownerToken", new String[] { "Password", "" });
        expected.put("user.username", new String[] { "String", "" });
        expected.put("user.password", new String[] { "Password", "" });
        expected.put("token.value", new String[] { "Password", "" });
        expected.put("token.owner", new String[] { "String", "" });
        expected.put("mqttApi.broker", new String[] { "String", "" });
        expected.put("mqtt.transport", new String[] { "String", "TLS" });
        expected.put("mqtt.webSocketPath", new String[] { "String", "/mqtt" });
        expected.put("tls.caFile", new String[] { "String", "" });
        expected.put("tls.verifyHostname", new String[] { "Boolean", "true" });
        expected.put("http.connectTimeoutMs", new String[] { "Integer", "10000" });
        expected.put("http.readTimeoutMs", new String[] { "Integer", "30000" });
        expected.put("endpoint.maxWaitSec", new String[] { "Integer", "60" });
        expected.put("installation.development", new String[] { "Boolean", "false" });
        expected.put("dataDir", new String[] { "String", "" });
        expected.put("subscriptions.buckets", new String[] { "String", "" });
        expected.put("subscriptions.topics", new String[] { "String", "" });

        NodeList ads = doc.getElementsByTagName("AD");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ads.getLength(); i++) {
            Element ad = (Element) ads.item(i);
            String id = ad.getAttribute("id");
            ids.add(id);
            String[] e = expected.get(id);
            assertNotNull("unexpected key " + id, e);
            assertEquals(id, e[0], ad.getAttribute("type"));
            assertEquals(id, e[1], ad.getAttribute("default"));
            assertTrue(id + " needs an operator description", ad.getAttribute("description").length() > 40);
            if (id.startsWith("subscriptions.")) {
                assertEquals("10", ad.getAttribute("cardinality"));
            }
            boolean requiredByKura = !"false".equals(ad.getAttribute("required"));
            boolean mayBeEmpty = e[1].isEmpty() && !id.equals("app.id") && !id.equals("app.key");
            assertTrue(id + ": Kura rejects empty required fields", !mayBeEmpty || !requiredByKura);
        }
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(ids));
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

        List<String> provided = new ArrayList<>();
        NodeList provides = doc.getElementsByTagName("provide");
        for (int i = 0; i < provides.getLength(); i++) {
            provided.add(((Element) provides.item(i)).getAttribute("interface"));
        }
        assertEquals(new TreeSet<>(Arrays.asList("io.kiipush.gateway.internal.endpoint.EndpointSource",
                "io.kiipush.gateway.KiiSubscriptions", "org.eclipse.kura.configuration.ConfigurableComponent",
                "io.kiipush.gateway.internal.onboarding.OnboardingDiagnostics")), new TreeSet<>(provided));

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
