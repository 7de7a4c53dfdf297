package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.awaitility.Awaitility;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;
import io.kiipush.gateway.itests.support.Kura;

/**
 * Issue 12: the bundle as Kura's configuration service sees it ({@link Kura}'s stand-ins): both configurable components
 * publish {@code service.pid} as their PID string (Kura reads it with {@code makeString} and uses it as the Config
 * Admin PID), so both forms show their current values, Apply stores Password fields encrypted and the bundle decrypts
 * them, the snapshot holds no secret in clear, and a fresh framework booted from that snapshot connects again, as a
 * Kura reboot does. Kura's factory instances (the next step, Kii as a Kura cloud connection) survive the reboot too
 * and are deleted as Kura deletes them. One framework per method; the emulator, the snapshots directory and the data directory live for
 * the whole class.
 */
@ExamReactorStrategy(PerMethod.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class KuraConfigurationIT extends GatewayItest {

    // b_ and c_ run in two frameworks of the same JVM: a system property carries b_'s MQTT client id over.
    private static final String FIRST_CLIENT = "kiipush.itest.kura.client";
    private static final String VENDOR_THING_ID = "it-kura-thing";
    private static final String THING_PASSWORD = "kura-thing-pass-5";
    // A factory instance with no component behind it: Kura's factory configuration handling on its own.
    private static final String FACTORY_PID = "io.kiipush.itest.KuraFactory";
    private static final String INSTANCE_PID = "it-factory-instance";

    private Kura kura;

    @Override
    protected Gateway openGateway(BundleContext context, Kii kii) {
        File snapshots = new File(kii.workDir(), "kura-snapshots"); // Kura's snapshots survive its reboots
        assertTrue(snapshots.isDirectory() || snapshots.mkdirs());
        kura = Kura.start(context, snapshots.getPath());
        return new Gateway(context, kura);
    }

    @Test(timeout = 60_000)
    public void a_bothConfigurableComponentsPublishTheirPidAsAStringAndShowTheirValues() throws Exception {
        // Factory components: the user creates the connection's two instances (here as Kura's "+" dialog does).
        gateway.createThroughKuraIfAbsent(Gateway.ONBOARDING_PID);
        gateway.createThroughKuraIfAbsent(Gateway.SESSION_PID);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> configurableComponents().length == 2);
        Set<String> pids = new TreeSet<>();
        for (ServiceReference<?> ref : configurableComponents()) {
            Object servicePid = ref.getProperty(Constants.SERVICE_PID);
            assertTrue("service.pid of " + ref.getProperty("component.name") + " must be a String, is "
                    + servicePid.getClass().getName() + " " + servicePid, servicePid instanceof String);
            Object factoryPid = ref.getProperty("service.factoryPid");
            assertEquals("a factory instance named like its factory", factoryPid, ref.getProperty("kura.service.pid"));
            assertNotEquals("Config Admin generates the instance's service.pid", factoryPid, servicePid);
            pids.add((String) ref.getProperty("kura.service.pid"));
        }
        assertEquals(new TreeSet<>(Set.of(Gateway.ONBOARDING_PID, Gateway.SESSION_PID)), pids);

        // What the web console shows right after the instances were created: the defaults, not an empty form.
        Map<String, Object> onboarding = currentValues(Gateway.ONBOARDING_PID);
        assertEquals("US", onboarding.get("site"));
        assertEquals("THING", onboarding.get("identity.mode"));
        assertEquals(60, currentValues(Gateway.SESSION_PID).get("keepAliveSec"));
    }

    @Test(timeout = 60_000)
    public void b_appliedFormsReachTheComponentsDecryptedAndTheSnapshotHoldsNoSecret() throws Exception {
        kii.registerThing(VENDOR_THING_ID, THING_PASSWORD); // a wrong (still encrypted) password would be refused
        Map<String, Object> onboarding = Gateway.thing(kii, VENDOR_THING_ID, THING_PASSWORD);
        onboarding.put("dataDir", kii.workDir() + "/kura-state"); // the same directory after the reboot (c_)
        gateway.configure(onboarding, Gateway.fastSession());

        SessionStatus status = gateway.awaitConnected();
        Dictionary<String, Object> stored = gateway.properties(Gateway.ONBOARDING_PID);
        Map<String, String> secrets = Map.of("app.key", kii.appKey(), "thing.password", THING_PASSWORD);
        secrets.forEach((key, clear) -> {
            String value = (String) stored.get(key);
            assertNotEquals(key + " is stored encrypted", clear, value);
            assertEquals(key + " decrypts to what was entered", clear, new String(kura.crypto().decryptAes(value.toCharArray())));
        });

        Map<String, Object> form = currentValues(Gateway.ONBOARDING_PID);
        assertEquals(kii.appId(), form.get("app.id"));
        assertEquals(VENDOR_THING_ID, form.get("thing.vendorThingId"));
        assertEquals("the form shows the password decrypted, as Kura's does", kii.appKey(), form.get("app.key").toString());
        assertEquals(Gateway.KEEP_ALIVE_SEC, currentValues(Gateway.SESSION_PID).get("keepAliveSec"));

        long id = kura.configurationService().snapshot();
        String file = Files.readString(kura.snapshots().file(id), StandardCharsets.UTF_8);
        String xml = kura.snapshots().xml(id);
        Map<String, Element> properties = snapshotProperties(xml, Gateway.ONBOARDING_PID);
        secrets.forEach((key, clear) -> {
            assertFalse(key + " in clear in the snapshot file", file.contains(clear));
            assertFalse(key + " in clear in the snapshot XML", xml.contains(clear));
            Element property = properties.get(key);
            assertNotNull(key + " in the snapshot", property);
            assertEquals("Password", property.getAttribute("type"));
            assertEquals("true", property.getAttribute("encrypted"));
            String encrypted = kura.crypto().decodeBase64(property.getTextContent().trim());
            assertEquals("the snapshot keeps the encrypted value", clear, new String(kura.crypto().decryptAes(encrypted.toCharArray())));
        });
        assertEquals(kii.appId(), properties.get("app.id").getTextContent().trim());

        kura.configurationService().createFactoryConfiguration(FACTORY_PID, INSTANCE_PID, Map.of("greeting", "hello"), true);
        assertEquals("hello", factoryInstance().getProperties().get("greeting"));
        System.setProperty(FIRST_CLIENT, status.getClientId());
    }

    @Test(timeout = 60_000)
    public void c_aFreshFrameworkBootedFromTheSnapshotConnectsAgain() {
        String firstClient = System.getProperty(FIRST_CLIENT);
        assertNotNull("runs after b_appliedFormsReachTheComponentsDecryptedAndTheSnapshotHoldsNoSecret", firstClient);

        SessionStatus status = gateway.awaitConnected(); // nothing configured here: Config Admin came from the snapshot
        assertEquals("same installation after the reboot", firstClient, status.getClientId());
        assertEquals("no second onboarding", 1, kii.requests("POST", "/thing-if/apps/[^/]+/onboardings$").size());
        String appKey = (String) gateway.properties(Gateway.ONBOARDING_PID).get("app.key");
        assertEquals("still encrypted in Config Admin", kii.appKey(), new String(kura.crypto().decryptAes(appKey.toCharArray())));

        assertEquals("the factory instance is created again from the snapshot", "hello",
                factoryInstance().getProperties().get("greeting"));
        kura.configurationService().deleteFactoryConfiguration(INSTANCE_PID, true);
        assertNull(gateway.configurations("(kura.service.pid=" + INSTANCE_PID + ")"));
        long latest = kura.snapshots().latest().getAsLong();
        assertFalse("deleted from the newest snapshot", kura.snapshots().xml(latest).contains(INSTANCE_PID));
        assertTrue(kura.snapshots().xml(latest).contains(Gateway.ONBOARDING_PID));
    }

    // The Config Admin factory configuration of INSTANCE_PID.
    private org.osgi.service.cm.Configuration factoryInstance() {
        org.osgi.service.cm.Configuration[] found = gateway.configurations("(kura.service.pid=" + INSTANCE_PID + ")");
        assertNotNull(INSTANCE_PID + " in Config Admin", found);
        assertEquals(FACTORY_PID, found[0].getFactoryPid());
        return found[0];
    }

    private ServiceReference<?>[] configurableComponents() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(ConfigurableComponent.class.getName(), null);
        return refs == null ? new ServiceReference<?>[0] : refs;
    }

    // The form's current values, as the web console fills it in.
    private Map<String, Object> currentValues(String pid) {
        Map<String, Object> values = kura.form(pid).getConfigurationProperties();
        assertNotNull("Kura shows the form of " + pid + " without its values", values);
        return new HashMap<>(values);
    }

    // The esf:property elements of one configuration of a snapshot, by name.
    private static Map<String, Element> snapshotProperties(String xml, String pid) throws Exception {
        NodeList configurations = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml))).getElementsByTagName("esf:configuration");
        for (int i = 0; i < configurations.getLength(); i++) {
            Element configuration = (Element) configurations.item(i);
            if (pid.equals(configuration.getAttribute("pid"))) {
                Map<String, Element> properties = new HashMap<>();
                NodeList list = configuration.getElementsByTagName("esf:property");
                for (int j = 0; j < list.getLength(); j++) {
                    Element p = (Element) list.item(j);
                    properties.put(p.getAttribute("name"), p);
                }
                return properties;
            }
        }
        throw new AssertionError("no configuration " + pid + " in the snapshot: " + xml);
    }
}
