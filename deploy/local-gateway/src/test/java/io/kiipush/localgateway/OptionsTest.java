package io.kiipush.localgateway;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Paths;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/** Command-line options: emulator defaults, the real-Kii mapping onto onboarding keys, secrets from the environment. */
public class OptionsTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(10);

    @Test
    public void withoutAppIdTheEmulatorIsUsedWithTheDocumentedDefaults() {
        Options o = Options.parse(new String[0], Map.of(Options.ENV_APP_KEY, "ignored"));
        assertFalse(o.realKii());
        assertEquals(8180, o.consolePort);
        assertEquals(2000, o.feedIntervalMs);
        assertEquals(Paths.get("run"), o.workDir);
        assertTrue(o.kii.isEmpty());
    }

    @Test
    public void aRealAppMapsOntoOnboardingKeysWithSecretsFromTheEnvironment() {
        Options o = Options.parse(new String[] { "--app-id", "abc123", "--site", "jp", "--identity", "user", "--user",
                "gw-01", "--bucket", "sensors", "--bucket", "user/inbox", "--topic", "alerts", "--set",
                "mqtt.transport=WSS", "--work-dir", "/tmp/x" },
                Map.of(Options.ENV_APP_KEY, "key-1", Options.ENV_USER_PASSWORD, "pw-1"));
        assertTrue(o.realKii());
        assertEquals("abc123", o.kii.get("app.id"));
        assertEquals("JP", o.kii.get("site"));
        assertEquals("USER", o.kii.get("identity.mode"));
        assertEquals("gw-01", o.kii.get("user.username"));
        assertEquals("key-1", o.kii.get("app.key"));
        assertEquals("pw-1", o.kii.get("user.password"));
        assertEquals("WSS", o.kii.get("mqtt.transport"));
        assertArrayEquals(new String[] { "sensors", "user/inbox" }, (String[]) o.kii.get("subscriptions.buckets"));
        assertArrayEquals(new String[] { "alerts" }, (String[]) o.kii.get("subscriptions.topics"));
        assertEquals("/tmp/x/kii-push", o.kii.get("dataDir"));
        assertEquals("secrets are never printed", "(from the environment)", o.printableKii().get("app.key"));
        assertFalse(o.printableKii().toString().contains("pw-1"));
    }

    @Test
    public void aBusyConsolePortIsDetectedBeforeStarting() throws Exception {
        int port;
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = busy.getLocalPort();
            assertFalse(LocalGateway.portFree(port));
        }
        assertTrue(LocalGateway.portFree(port));
    }

    @Test
    public void kiiOptionsWithoutAppIdAndUnknownOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] { "--site", "JP" }, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] { "--bogus" }, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] { "--console-port", "70000" }, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] { "--set", "novalue" }, Map.of()));
    }
}
