package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.slf4j.LoggerFactory;

/**
 * No secret (app key, passwords, tokens, MQTT credentials; all marked {@code S3CRET} in the stubs) appears in any
 * log line at DEBUG, exception message, toString or diagnostics line, across every flow.
 */
public class SecretLeakTest {

    @Rule
    public Timeout timeout = Timeout.seconds(120);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void noSecretInDebugLogsMessagesOrToString() throws Exception {
        Path log = tmp.newFile("debug.log").toPath();
        String text;
        // This JVM's slf4j-simple is configured already (INFO); make sure of it before the properties change.
        LoggerFactory.getLogger(SecretLeakTest.class).info("Running the secret leak scenario in its own class loader");
        try (KiiStub rest = new KiiStub(); KiiDefaultBroker broker = new KiiDefaultBroker()) {
            broker.reset(rest);
            rest.issueToken("pre-S3CRET-token", "user:" + KiiStub.USER_ID);
            rest.enqueue("PUT", ".*/topics/alerts/.*", KiiModel.Reply.error(500, "UNDEFINED_ERROR", "boom"));
            rest.always("GET", ".*/mqtt-endpoint", r -> {
                // Revoke once so the refresh goes through "token refused -> onboard again".
                if (rest.count("GET", ".*/mqtt-endpoint") == 1 && rest.count("POST", ".*/onboardings") == 1) {
                    rest.revokeTokens();
                }
                // The user's first endpoint request waits once for a 503.
                return rest.count("GET", ".*/mqtt-endpoint") == 2
                        ? KiiModel.Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "not ready") : null;
            });
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
            System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
            try (URLClassLoader isolated = new URLClassLoader(classPath(),
                    ClassLoader.getSystemClassLoader().getParent())) {
                Class<?> scenario = Class.forName(LeakScenario.class.getName(), true, isolated);
                text = (String) scenario.getMethod("run", String.class, String.class, String.class).invoke(null,
                        rest.baseUrl(), broker.uri(), tmp.newFolder("data").toString());
            } finally {
                System.clearProperty("org.slf4j.simpleLogger.defaultLogLevel");
                System.clearProperty("org.slf4j.simpleLogger.logFile");
            }
        }
        String logged = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);

        // The scenario really ran every path and DEBUG really was captured: otherwise the absence proves nothing.
        assertTrue(logged, logged.contains("DEBUG io.kiipush.gateway.internal.onboarding.UrlConnectionHttp - Kii call POST "
                + "/api/apps/app1/oauth2/token -> 200"));
        assertTrue(logged, logged.contains("Kii refused the stored token of thing:th.vt-1"));
        assertTrue(logged, logged.contains("through Kii's default MQTT broker"));
        assertTrue(logged, logged.contains("Kii subscription bucket:app/sensors confirmed"));
        assertTrue("one INFO line per 503 wait: " + logged, logged.contains("INFO " + EndpointPoller.class.getName()
                + " - Kii's MQTT endpoint of installation inst") && logged.contains(" is not ready yet (503, request 1); "
                        + "asking again in 20 ms"));
        assertTrue(text, text.contains("Kii refused the thing credentials for vendorThingID 'vt-1'"));
        assertTrue(text, text.contains("refused the application credentials of app 'app1' (CONNACK"));
        assertTrue(text, text.contains("site.url must not contain user:password@"));
        assertTrue(text, text.contains("topic:app/alerts FAILED"));

        String basic = Base64.getEncoder().encodeToString((KiiStub.APP + ":" + KiiStub.APP_KEY)
                .getBytes(StandardCharsets.UTF_8));
        for (String where : new String[] { logged, text }) {
            assertFalse(excerpt(where, "S3CRET"), where.contains("S3CRET"));
            assertFalse(excerpt(where, basic), where.contains(basic));
        }
    }

    private static String excerpt(String text, String needle) {
        int i = text.indexOf(needle);
        return i < 0 ? "" : "secret leaked: ..." + text.substring(Math.max(0, i - 200), Math.min(text.length(), i + 60));
    }

    /** Our classes and their runtime dependencies, without this JVM's already configured slf4j binding. */
    private static URL[] classPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String name : new String[] { OnboardingComponent.class.getName(), LeakScenario.class.getName(),
                "org.slf4j.LoggerFactory", "org.slf4j.impl.SimpleLogger", "com.google.gson.Gson",
                "org.eclipse.paho.client.mqttv3.MqttAsyncClient", "org.osgi.framework.BundleContext",
                "org.eclipse.kura.crypto.CryptoService" }) {
            URL url = Class.forName(name).getProtectionDomain().getCodeSource().getLocation();
            if (!urls.contains(url)) {
                urls.add(url);
            }
        }
        return urls.toArray(new URL[0]);
    }
}
