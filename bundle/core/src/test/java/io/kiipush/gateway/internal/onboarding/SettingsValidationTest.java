package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Every configuration problem the settings detect, one bad value per row: the configuration is invalid, the problem
 * names the field and the fix, and no secret value appears in any problem text.
 */
@RunWith(Parameterized.class)
public class SettingsValidationTest {

    @Rule
    public Timeout timeout = Timeout.seconds(10);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final BiConsumer<Map<String, Object>, Path> change;
    private final String expected;

    public SettingsValidationTest(String name, BiConsumer<Map<String, Object>, Path> change, String expected) {
        this.change = change;
        this.expected = expected;
    }

    private static Object[] row(String name, BiConsumer<Map<String, Object>, Path> change, String expected) {
        return new Object[] { name, change, expected };
    }

    private static Object[] set(String key, Object value, String expected) {
        return row(key + "=" + value, (c, dir) -> c.put(key, value), expected);
    }

    @Parameters(name = "{0}")
    public static Collection<Object[]> rows() {
        return Arrays.asList(
                set("app.id", "", "app.id is required: enter the application ID"),
                set("app.id", "my app/1", "app.id 'my app/1' is not a valid application ID"),
                set("app.key", "", "app.key is required: enter the application key"),
                set("app.key", "   ", "app.key is required"),
                set("site", "MARS", "site 'MARS' is not one of US, JP, CN3, SG, EU, CUSTOM"),
                row("site=CUSTOM without site.url", (c, d) -> c.remove("site.url"),
                        "site.url is required when site=CUSTOM"),
                set("site.url", "ftp://kii.example", "site.url 'ftp://kii.example' is not a valid http(s) base URL"),
                set("site.url", "http://", "site.url 'http://' is not a valid URL"),
                set("site.url", "http://kii.example/?a=1", "site.url 'http://kii.example/?a=1' is not a valid http(s)"),
                set("site.url", "http://kii.example/#top", "is not a valid http(s) base URL"),
                set("site.url", "http://admin:pw-S3CRET-z@kii.example", "site.url must not contain user:password@"),
                set("site.url", "http://kii example", "site.url 'http://kii example' is not a valid URL"),
                set("identity.mode", "ROBOT", "identity.mode 'ROBOT' is not one of THING, USER, TOKEN, MQTT_API"),
                set("thing.vendorThingId", "", "thing.vendorThingId or thing.id is required when identity.mode=THING"),
                set("thing.id", "th.123", "thing.vendorThingId and thing.id are both set: set exactly one"),
                set("thing.vendorThingId", "vt 1", "thing.vendorThingId 'vt 1' must be 1-200 letters"),
                row("thing.id=th 1", (c, d) -> {
                    c.remove("thing.vendorThingId");
                    c.put("thing.id", "th 1");
                }, "thing.id 'th 1' is not a valid thing ID"),
                set("thing.password", "", "thing.password is required when identity.mode=THING"),
                set("thing.layoutPosition", "CEILING", "thing.layoutPosition 'CEILING' is not one of"),
                row("thing.owner=admin", (c, d) -> {
                    c.put("thing.owner", "admin");
                    c.put("thing.ownerToken", KiiStub.OWNER_TOKEN);
                }, "thing.owner 'admin' must be user:USER_ID or group:GROUP_ID"),
                row("thing.owner=thing:th.1", (c, d) -> {
                    c.put("thing.owner", "thing:th.1");
                    c.put("thing.ownerToken", KiiStub.OWNER_TOKEN);
                }, "thing.owner 'thing:th.1' must be user:USER_ID or group:GROUP_ID"),
                set("thing.owner", "user:u1", "thing.ownerToken is required when thing.owner is set"),
                row("MQTT_API with thing.owner", (c, d) -> {
                    c.put("identity.mode", "MQTT_API");
                    c.put("mqttApi.broker", "tcp://localhost:1883");
                    c.put("thing.owner", "user:u1");
                }, "thing.owner is not supported with identity.mode=MQTT_API"),
                set("identity.mode", "MQTT_API", "mqttApi.broker is required when site=CUSTOM and identity.mode=MQTT_API"),
                row("MQTT_API mqttApi.broker=http://h:1", (c, d) -> {
                    c.put("identity.mode", "MQTT_API");
                    c.put("mqttApi.broker", "http://h:1");
                }, "mqttApi.broker 'http://h:1' is not a valid broker URI"),
                row("MQTT_API without thing.password", (c, d) -> {
                    c.put("identity.mode", "MQTT_API");
                    c.put("mqttApi.broker", "tcp://localhost:1883");
                    c.put("thing.password", "");
                }, "thing.password is required when identity.mode=MQTT_API"),
                row("USER without username", (c, d) -> {
                    c.put("identity.mode", "USER");
                    c.put("user.password", KiiStub.USER_PASSWORD);
                }, "user.username is required when identity.mode=USER"),
                row("USER without password", (c, d) -> {
                    c.put("identity.mode", "USER");
                    c.put("user.username", "bob");
                }, "user.password is required when identity.mode=USER"),
                row("TOKEN without value", (c, d) -> {
                    c.put("identity.mode", "TOKEN");
                    c.put("token.owner", "user:u1");
                }, "token.value is required when identity.mode=TOKEN"),
                row("TOKEN without owner", (c, d) -> {
                    c.put("identity.mode", "TOKEN");
                    c.put("token.value", "tok-S3CRET-x");
                }, "token.owner is required when identity.mode=TOKEN"),
                row("TOKEN owner group:g1", (c, d) -> {
                    c.put("identity.mode", "TOKEN");
                    c.put("token.value", "tok-S3CRET-x");
                    c.put("token.owner", "group:g1");
                }, "token.owner 'group:g1' must be user:USER_ID or thing:THING_ID"),
                set("mqtt.transport", "QUIC", "mqtt.transport 'QUIC' is not one of TLS, TCP, WSS, WS"),
                set("mqtt.webSocketPath", "mqtt", "mqtt.webSocketPath 'mqtt' must start with '/'"),
                set("tls.caFile", "/nonexistent/ca.pem", "tls.caFile '/nonexistent/ca.pem' does not exist"),
                row("tls.caFile is a directory", (c, d) -> c.put("tls.caFile", d.toString()), "is not a readable file"),
                row("tls.caFile garbage", (c, d) -> c.put("tls.caFile", write(d, "garbage.pem", "not a certificate")),
                        "holds no usable PEM certificate"),
                row("tls.caFile empty", (c, d) -> c.put("tls.caFile", write(d, "empty.pem", "")),
                        "holds no usable PEM certificate"),
                set("http.connectTimeoutMs", 0, "http.connectTimeoutMs 0 is out of range: use 100 to 120000 ms"),
                set("http.connectTimeoutMs", -5, "http.connectTimeoutMs -5 is out of range"),
                set("http.connectTimeoutMs", 999999999, "http.connectTimeoutMs 999999999 is out of range"),
                set("http.connectTimeoutMs", "abc", "HTTP connect timeout (ms) (http.connectTimeoutMs) is not a whole number"),
                set("http.readTimeoutMs", 0, "http.readTimeoutMs 0 is out of range: use 100 to 300000 ms"),
                set("http.readTimeoutMs", 10_000_000, "http.readTimeoutMs 10000000 is out of range"),
                set("endpoint.maxWaitSec", 0, "endpoint.maxWaitSec 0 is out of range: use 1 to 3600 s"),
                set("endpoint.maxWaitSec", 100_000, "endpoint.maxWaitSec 100000 is out of range"),
                set("tls.verifyHostname", "maybe", "Verify host name (tls.verifyHostname) is not true or false"),
                set("installation.development", "perhaps",
                        "Development installation (installation.development) is not true or false"),
                set("dataDir", "relative/dir", "dataDir 'relative/dir' must be an absolute path"),
                row("dataDir below a file", (c, d) -> c.put("dataDir", write(d, "plain-file", "x") + "/state"),
                        "is not a writable directory and cannot be created"),
                row("dataDir is a file", (c, d) -> c.put("dataDir", write(d, "plain-file2", "x")),
                        "is not a writable directory: enter a directory"),
                set("dataDir", "", "dataDir is empty and no default location exists"),
                set("subscriptions.buckets", new String[] { "ok-bucket", "a" },
                        "subscriptions.buckets entry 2 ('a'): bucket ID 'a' must be 2-64 characters"),
                set("subscriptions.buckets", new String[] { "planet:x/b1" },
                        "subscriptions.buckets entry 1 ('planet:x/b1'): unknown scope 'planet'"),
                set("subscriptions.buckets", new String[] { "group/alerts" },
                        "group scope needs the group ID"),
                set("subscriptions.buckets", new String[] { "app:x/b1" }, "app scope takes no ID"),
                set("subscriptions.topics", new String[] { "bad topic!" },
                        "subscriptions.topics entry 1 ('bad topic!'): topic ID 'bad topic!' must be"),
                set("subscriptions.topics", new String[] { "user/inbox" },
                        "'user/inbox' means the gateway user's own scope, but the gateway is a thing"),
                row("USER mode with thing/cmds", (c, d) -> {
                    c.put("identity.mode", "USER");
                    c.put("user.username", "bob");
                    c.put("user.password", KiiStub.USER_PASSWORD);
                    c.put("subscriptions.topics", new String[] { "thing/cmds" });
                }, "'thing/cmds' means the gateway thing's own scope, but the gateway is a user"));
    }

    private static String write(Path dir, String name, String content) {
        try {
            return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8)).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void badValueIsReportedWithFieldAndFixButNoSecret() throws Exception {
        Path dir = tmp.newFolder("data").toPath();
        Map<String, Object> c = Fixtures.thing(null, dir);
        assertTrue("baseline must be valid: " + Fixtures.settings(c).problems, Fixtures.settings(c).isValid());
        change.accept(c, tmp.getRoot().toPath());

        OnboardingSettings s = Fixtures.settings(c);

        assertFalse("must be invalid", s.isValid());
        List<String> problems = s.problems;
        assertTrue("expected a problem containing <" + expected + "> in " + problems,
                problems.stream().anyMatch(p -> p.contains(expected)));
        assertTrue(s.problemSummary().contains(expected));
        for (String p : problems) {
            assertFalse("secret in problem: " + p, p.contains("S3CRET"));
        }
        assertFalse(s.toString().contains("S3CRET"));
    }
}
