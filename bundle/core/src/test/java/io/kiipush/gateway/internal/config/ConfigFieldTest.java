package io.kiipush.gateway.internal.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.kiipush.gateway.internal.config.ConfigField.Form;
import io.kiipush.gateway.internal.onboarding.OnboardingComponent;
import io.kiipush.gateway.internal.session.PushSessionComponent;
import io.kiipush.gateway.testing.ConfigProxy;

/**
 * The named configuration keys are the metatype's: per form, the keys of {@link ConfigField} are exactly the ids
 * of the generated attribute definitions and the keys DS derives from the {@code Config} methods (e.g.
 * {@code tls_caFile()} is {@code tls.caFile}), with the same labels, and the secret ones are the Password fields.
 */
public class ConfigFieldTest {

    @Test
    public void onboardingFieldsAreTheMetatypeAttributes() throws Exception {
        check(Form.ONBOARDING, OnboardingComponent.PID, OnboardingComponent.Config.class);
    }

    @Test
    public void sessionFieldsAreTheMetatypeAttributes() throws Exception {
        check(Form.SESSION, PushSessionComponent.PID, PushSessionComponent.Config.class);
    }

    @Test
    public void messagesNameLabelAndKey() {
        assertEquals("CA file (tls.caFile)", ConfigField.TLS_CA_FILE.toString());
    }

    private static void check(Form form, String pid, Class<?> config) throws Exception {
        Map<String, String> fields = new TreeMap<>();
        Map<String, String> secrets = new TreeMap<>();
        for (ConfigField f : ConfigField.values()) {
            if (f.form() == form) {
                fields.put(f.key(), f.label());
                secrets.put(f.key(), String.valueOf(f.isSecret()));
            }
        }
        Map<String, String> attributes = new TreeMap<>();
        Map<String, String> passwords = new TreeMap<>();
        NodeList ads = metatype(pid).getElementsByTagName("AD");
        for (int i = 0; i < ads.getLength(); i++) {
            Element ad = (Element) ads.item(i);
            attributes.put(ad.getAttribute("id"), ad.getAttribute("name"));
            passwords.put(ad.getAttribute("id"), String.valueOf("Password".equals(ad.getAttribute("type"))));
        }
        Map<String, String> methods = new TreeMap<>();
        for (Method m : config.getDeclaredMethods()) {
            methods.put(ConfigProxy.key(m), fields.get(ConfigProxy.key(m)));
        }
        assertEquals("keys and labels of " + pid, attributes, fields);
        assertEquals("Password fields of " + pid, passwords, secrets);
        assertEquals("keys of the Config methods of " + pid, fields, methods);
    }

    private static Document metatype(String pid) throws Exception {
        String resource = "OSGI-INF/metatype/" + pid + ".xml";
        try (InputStream in = ConfigFieldTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(resource + " was not generated", in);
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().parse(in);
        }
    }
}
