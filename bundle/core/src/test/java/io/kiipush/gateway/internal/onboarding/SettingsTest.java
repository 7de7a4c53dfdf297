package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.eclipse.kura.crypto.CryptoService;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.osgi.framework.BundleContext;

import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.internal.endpoint.Transport;

/** Valid configurations: derived values, comparisons used by {@code @Modified}, decryption and defaults. */
public class SettingsTest {

    @Rule
    public Timeout timeout = Timeout.seconds(20);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Map<String, Object> thing() throws Exception {
        return Fixtures.thing(null, tmp.getRoot().toPath());
    }

    @Test
    public void sitesMapToTheirRestHostsAndDefaultBrokers() throws Exception {
        String[][] expected = { { "US", "https://api.kii.com", "ssl://mqtt-us.kii.com:8883" },
                { "JP", "https://api-jp.kii.com", "ssl://mqtt-jp.kii.com:8883" },
                { "CN3", "https://api-cn3.kii.com", "ssl://mqtt-cn3.kii.com:8883" },
                { "SG", "https://api-sg.kii.com", "ssl://mqtt-sg.kii.com:8883" },
                { "EU", "https://api-eu.kii.com", "ssl://mqtt-eu.kii.com:8883" },
                { "jp", "https://api-jp.kii.com", "ssl://mqtt-jp.kii.com:8883" } };
        for (String[] row : expected) {
            Map<String, Object> c = thing();
            c.put("site", row[0]);
            c.put("identity.mode", "MQTT_API");
            OnboardingSettings s = Fixtures.settings(c);
            assertTrue(row[0] + ": " + s.problems, s.isValid());
            assertEquals(row[1], s.restBase);
            assertEquals(row[2], s.mqttApiBrokerUri());
        }
    }

    @Test
    public void defaultsAreThoseOfTheMetatype() throws Exception {
        Map<String, Object> c = thing();
        c.remove("http.connectTimeoutMs");
        c.remove("http.readTimeoutMs");
        c.remove("endpoint.maxWaitSec");
        c.remove("site");
        c.remove("site.url");
        OnboardingSettings s = Fixtures.settings(c);
        assertTrue(s.problems.toString(), s.isValid());
        assertEquals(Site.US, s.site);
        assertEquals(Transport.TLS, s.transport);
        assertEquals("/mqtt", s.webSocketPath);
        assertEquals(10000, s.connectTimeoutMs);
        assertEquals(30000, s.readTimeoutMs);
        assertEquals(60, s.maxWaitSec);
        assertTrue(s.verifyHostname);
        assertFalse(s.development);
        assertEquals("STANDALONE", s.identity.layoutPosition);
        assertNull(s.sslSocketFactory());
    }

    @Test
    public void customBrokerUriGetsDefaultPortAndWebSocketPath() throws Exception {
        Map<String, Object> c = thing();
        c.put("identity.mode", "MQTT_API");
        c.put("mqttApi.broker", "tcp://localhost");
        assertEquals("tcp://localhost:1883", Fixtures.settings(c).mqttApiBrokerUri());
        c.put("mqttApi.broker", "wss://broker.example");
        c.put("mqtt.webSocketPath", "/ws");
        assertEquals("wss://broker.example:12473/ws", Fixtures.settings(c).mqttApiBrokerUri());
        c.remove("mqttApi.broker");
        c.put("site", "SG");
        c.put("mqtt.transport", "WS");
        assertEquals("ws://mqtt-sg.kii.com:12470/ws", Fixtures.settings(c).mqttApiBrokerUri());
    }

    @Test
    public void anUnusableSiteIsNamedWithWhatToFixNeverAsNull() throws Exception {
        Map<String, Object> c = thing();
        c.put("site", "MARS");
        c.put("mqtt.transport", "X");
        OnboardingSettings s = Fixtures.settings(c);
        assertEquals("none: choose a valid Site (site)", s.restBaseOrFix());
        assertTrue(s.toString(), s.toString().startsWith("site=invalid (REST base URL none: choose a valid Site (site)) "
                + "app=app1 mode=THING"));
        assertTrue(s.toString(), s.toString().contains(" transport=invalid "));
        c.put("site", "CUSTOM");
        c.remove("site.url");
        assertEquals("none: enter a valid Custom site URL (site.url)", Fixtures.settings(c).restBaseOrFix());
        assertFalse(Fixtures.settings(c).toString().contains("null"));
    }

    @Test
    public void customSiteUrlKeepsPathWithoutTrailingSlash() throws Exception {
        Map<String, Object> c = thing();
        c.put("site.url", "HTTP://Localhost:8080/kii/");
        OnboardingSettings s = Fixtures.settings(c);
        assertTrue(s.problems.toString(), s.isValid());
        assertEquals("http://Localhost:8080/kii", s.restBase);
        assertEquals("Localhost:8080", s.restHost());
    }

    @Test
    public void subscriptionsIgnoreEmptySlotsAcceptCommasAndDropDuplicates() throws Exception {
        Map<String, Object> c = thing();
        c.put("subscriptions.buckets", new String[] { "", null, "sensors, group:g1/alerts", "  ", "sensors" });
        c.put("subscriptions.topics", new String[] { "thing/cmds", "user:u2/inbox" });
        OnboardingSettings s = Fixtures.settings(c);
        assertTrue(s.problems.toString(), s.isValid());
        List<String> texts = new ArrayList<>();
        for (Subscription sub : s.subscriptions) {
            texts.add(sub.toString());
        }
        assertEquals("[bucket:app/sensors, bucket:group:g1/alerts, topic:thing/cmds, topic:user:u2/inbox]",
                texts.toString());
    }

    @Test
    public void everyProblemIsCollectedAtOnce() throws Exception {
        Map<String, Object> c = thing();
        c.put("app.id", "");
        c.put("app.key", "");
        c.put("mqtt.transport", "X");
        c.put("http.readTimeoutMs", 1);
        c.put("thing.password", "");
        c.put("subscriptions.topics", new String[] { "!" });
        OnboardingSettings s = Fixtures.settings(c);
        assertEquals(s.problems.toString(), 6, s.problems.size());
    }

    @Test
    public void identityConnectionAndOtherChangesAreTellable() throws Exception {
        Map<String, Object> c = thing();
        OnboardingSettings base = Fixtures.settings(c);

        c.put("thing.password", "other-S3CRET");
        OnboardingSettings password = Fixtures.settings(c);
        assertFalse("credential change is an identity change", base.sameIdentity(password));
        assertEquals("same identity, same state file", base.stateFileName(), password.stateFileName());

        c = thing();
        c.put("thing.vendorThingId", "vt-2");
        OnboardingSettings other = Fixtures.settings(c);
        assertFalse(base.sameIdentity(other));
        assertNotEquals(base.stateFileName(), other.stateFileName());

        c = thing();
        c.put("mqtt.transport", "TCP");
        OnboardingSettings transport = Fixtures.settings(c);
        assertTrue(base.sameIdentity(transport));
        assertFalse(base.sameConnection(transport));

        c = thing();
        c.put("http.readTimeoutMs", 5000);
        c.put("endpoint.maxWaitSec", 10);
        c.put("installation.development", true);
        c.put("subscriptions.buckets", new String[] { "b1" });
        OnboardingSettings quiet = Fixtures.settings(c);
        assertTrue(base.sameIdentity(quiet));
        assertTrue(base.sameConnection(quiet));
    }

    @Test
    public void stateFileNameIsAHashWithoutIdentityOrSecrets() throws Exception {
        OnboardingSettings s = Fixtures.settings(thing());
        String name = s.stateFileName();
        assertTrue(name, name.matches("state-[0-9a-f]{32}\\.json"));
        assertFalse(name.contains(KiiStub.VENDOR_THING_ID));
        assertEquals(name, Fixtures.settings(thing()).stateFileName());
    }

    @Test
    public void unchangedCaFileKeepsTheSameSocketFactory() throws Exception {
        TestCerts certs = TestCerts.create("Test CA");
        Path ca = certs.writeCaPem(tmp.newFile("ca.pem").toPath());
        Map<String, Object> c = thing();
        c.put("tls.caFile", ca.toString());
        OnboardingSettings first = Fixtures.settings(c);
        assertNotNull(first.sslSocketFactory());
        OnboardingSettings second = new OnboardingSettings(TestConfig.of(c), UnaryOperator.identity(), null, first,
                new LocalSettingsFiles());
        assertSame(first.sslSocketFactory(), second.sslSocketFactory());
        assertTrue(first.sameConnection(second));

        TestCerts.create("Other CA").writeCaPem(ca);
        OnboardingSettings third = new OnboardingSettings(TestConfig.of(c), UnaryOperator.identity(), null, second,
                new LocalSettingsFiles());
        assertNotSame(second, third);
        assertFalse("new CA content is a connection change", second.sameConnection(third));
    }

    private static void assertNotSame(OnboardingSettings a, OnboardingSettings b) {
        assertTrue(a.sslSocketFactory() != b.sslSocketFactory());
    }

    @Test
    public void onlyPasswordFieldsAreDecrypted() throws Exception {
        Map<String, Object> c = thing();
        c.put("app.key", "enc:" + KiiStub.APP_KEY);
        c.put("thing.password", "enc:" + KiiStub.THING_PASSWORD);
        c.put("thing.vendorThingId", "enc-vt");
        OnboardingSettings s = new OnboardingSettings(TestConfig.of(c),
                v -> v.startsWith("enc:") ? v.substring(4) : v, null, null, new LocalSettingsFiles());
        assertEquals(KiiStub.APP_KEY, s.appKey);
        assertEquals(KiiStub.THING_PASSWORD, s.identity.thingPassword);
        assertEquals("enc-vt", s.identity.vendorThingId);
    }

    @Test
    public void componentDecrypterUsesCryptoServiceAndFallsBackToTheRawValue() {
        CryptoService crypto = (CryptoService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { CryptoService.class }, (proxy, m, args) -> {
                    String v = new String((char[]) args[0]);
                    if (!v.startsWith("enc:")) {
                        throw new IllegalStateException("not encrypted");
                    }
                    return v.substring(4).toCharArray();
                });
        UnaryOperator<String> d = OnboardingComponent.decrypter(crypto);
        assertEquals("clear", d.apply("enc:clear"));
        assertEquals("plain-value", d.apply("plain-value"));
        assertEquals("", d.apply(""));
        assertEquals("as-is", OnboardingComponent.decrypter(null).apply("as-is"));
    }

    @Test
    public void defaultDataDirPrefersKuraDataThenKuraDefaultThenBundleArea() throws Exception {
        Path kuraDefault = tmp.newFolder("kura-data").toPath();
        File area = tmp.newFolder("bundle-area");
        BundleContext ctx = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { BundleContext.class },
                (proxy, m, args) -> m.getName().equals("getDataFile") ? new File(area, (String) args[0]) : null);

        assertEquals(Paths.get("/data/kura", "kii-push"), OnboardingComponent.defaultDataDir("/data/kura", kuraDefault, ctx));
        assertEquals(kuraDefault.resolve("kii-push"), OnboardingComponent.defaultDataDir(null, kuraDefault, ctx));
        assertEquals(new File(area, "kii-push").toPath(),
                OnboardingComponent.defaultDataDir("", tmp.getRoot().toPath().resolve("missing"), ctx));
        assertNull(OnboardingComponent.defaultDataDir(null, tmp.getRoot().toPath().resolve("missing"), null));

        Map<String, Object> c = thing();
        c.put("dataDir", "");
        OnboardingSettings s = new OnboardingSettings(TestConfig.of(c), UnaryOperator.identity(),
                kuraDefault.resolve("kii-push"), null, new LocalSettingsFiles());
        assertTrue(s.problems.toString(), s.isValid());
        assertEquals(kuraDefault.resolve("kii-push"), s.dataDir);
        assertFalse(Files.exists(s.dataDir));
    }
}
