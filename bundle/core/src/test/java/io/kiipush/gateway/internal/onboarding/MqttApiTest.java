package io.kiipush.gateway.internal.onboarding;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.RefreshReason;

/** Thing onboarding through Kii's default MQTT broker (identity.mode=MQTT_API), against an embedded Moquette. */
public class MqttApiTest extends AgainstKiiStub {

    private static KiiDefaultBroker broker;

    @BeforeClass
    public static void startBroker() throws Exception {
        broker = new KiiDefaultBroker();
    }

    @AfterClass
    public static void stopBroker() {
        broker.close();
    }

    @Before
    public void resetBroker() {
        broker.reset(stub);
    }

    private Map<String, Object> config(String brokerUri) {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("identity.mode", "MQTT_API");
        c.put("mqttApi.broker", brokerUri);
        return c;
    }

    private OnboardingException fail(Map<String, Object> c) throws Exception {
        component = rig.start(c);
        OnboardingException e = Fixtures.failure(component.acquire());
        assertFalse(e.getMessage(), e.getMessage().contains("S3CRET"));
        return e;
    }

    // Fails with the stacks of the threads still alive, so a rare hang says where it is.
    private static void awaitOnboardingThreadsGone() {
        try {
            await().atMost(10, TimeUnit.SECONDS).until(() -> !onboardingThreadsAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder b = new StringBuilder("onboarding threads still alive after 10 s:");
            Thread.getAllStackTraces().forEach((t, stack) -> {
                if (isOnboardingThread(t)) {
                    b.append("\n").append(t.getName()).append(" ").append(t.getState());
                    for (StackTraceElement f : stack) {
                        b.append("\n    at ").append(f);
                    }
                }
            });
            throw new AssertionError(b.toString(), e);
        }
    }

    private static boolean isOnboardingThread(Thread t) {
        String n = t.getName();
        // Paho renames our pool threads "MQTT Rec: <client id>"; the onboarder's client id is "anonymous".
        return t.isAlive() && (n.startsWith("kii-onboarding-mqtt") || (n.startsWith("MQTT ") && n.endsWith(": anonymous")));
    }

    private static boolean onboardingThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(MqttApiTest::isOnboardingThread);
    }

    @Test
    public void onboardsThroughTheDefaultBrokerAndStopsItsThreads() throws Exception {
        component = rig.start(config(broker.uri()));
        ConnectTarget t = Fixtures.get(component.acquire());

        assertEquals("thing:th.vt-1", t.getIdentity());
        assertTrue(t.getEndpoint().getMqttTopic().startsWith("topic-"));
        assertEquals("no HTTPS onboarding", 0, stub.count("POST", ".*/onboardings"));
        assertEquals(0, stub.count("POST", ".*/oauth2/token"));

        KiiDefaultBroker.Login login = broker.logins.get(0);
        assertEquals("anonymous", login.clientId);
        assertEquals("type=oauth2&client_id=app1", login.username);
        assertEquals("client_secret=" + KiiStub.APP_KEY, login.password);

        String request = broker.requests.get(0);
        assertTrue(request, request.startsWith("POST\r\nContent-Type: "
                + "application/vnd.kii.OnboardingWithVendorThingIDByThing+json\r\n"));
        assertNotNull(KiiModel.apiHeader(request, "X-Kii-RequestID"));
        JsonObject body = KiiModel.apiBody(request);
        assertEquals(KiiStub.VENDOR_THING_ID, body.get("vendorThingID").getAsString());
        assertEquals(KiiStub.THING_PASSWORD, body.get("thingPassword").getAsString());

        awaitOnboardingThreadsGone();
    }

    @Test
    public void answerWithLfLineEndsIsAccepted() throws Exception {
        broker.lineEnd = "\n";
        component = rig.start(config(broker.uri()));
        assertEquals("thing:th.vt-1", Fixtures.get(component.acquire()).getIdentity());
    }

    @Test
    public void answerWithoutEndpointContinuesOverHttps() throws Exception {
        broker.includeEndpoint = false;
        component = rig.start(config(broker.uri()));
        ConnectTarget t = Fixtures.get(component.acquire());
        KiiModel.Req install = stub.requests("POST", ".*/installations").get(0);
        assertTrue("the token from the MQTT answer is used over HTTPS",
                install.header("Authorization").startsWith("Bearer mqtttok-S3CRET-"));
        assertEquals(1, stub.count("GET", ".*/mqtt-endpoint"));
        assertEquals("thing:th.vt-1", t.getIdentity());
    }

    @Test
    public void refusedThingPasswordIsAuthentication() throws Exception {
        Map<String, Object> c = config(broker.uri());
        c.put("thing.password", "wrong-S3CRET");
        OnboardingException e = fail(c);
        assertEquals(ErrorKind.AUTHENTICATION, e.getKind());
        assertTrue(e.getMessage(), e.getMessage().startsWith(
                "Kii refused the thing credentials for vendorThingID 'vt-1' (400 invalid_grant: The thing password is wrong)"));
    }

    @Test
    public void refusedApplicationCredentialsAtConnectAreAuthentication() throws Exception {
        Map<String, Object> c = config(broker.uri());
        c.put("app.key", "wrong-S3CRET");
        OnboardingException e = fail(c);
        assertEquals(ErrorKind.AUTHENTICATION, e.getKind());
        assertTrue(e.getMessage(), e.getMessage().contains("refused the application credentials of app 'app1' (CONNACK"));
        assertTrue(e.getMessage(), e.getMessage().contains("check Application ID (app.id) and Application key (app.key)"));
        awaitOnboardingThreadsGone();
    }

    @Test
    public void noAnswerIsTransientWithinTheReadTimeout() throws Exception {
        broker.responder = r -> null;
        Map<String, Object> c = config(broker.uri());
        c.put("http.readTimeoutMs", 500);
        long started = System.nanoTime();
        OnboardingException e = fail(c);
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertEquals(ErrorKind.TRANSIENT, e.getKind());
        assertTrue(e.getMessage(), e.getMessage().startsWith("the default broker 127.0.0.1:"));
        assertTrue(e.getMessage(), e.getMessage().contains(" did not answer the onboarding of vendorThingID 'vt-1' "
                + "within 500 ms: check the network, or raise HTTP read timeout (ms) (http.readTimeoutMs)"));
        assertTrue("took " + ms + " ms", ms < 8000);
        awaitOnboardingThreadsGone();
    }

    @Test
    public void brokerNotListeningIsTransient() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        OnboardingException e = fail(config("tcp://127.0.0.1:" + port));
        assertEquals(ErrorKind.TRANSIENT, e.getKind());
        assertTrue(e.getMessage(), e.getMessage().contains("cannot connect to the default broker 127.0.0.1:" + port));
    }

    @Test
    public void refusedSubscribeDoesNotPreventOnboarding() throws Exception {
        try (FakeMqttServer fake = new FakeMqttServer(null)) {
            fake.responder = broker::answer;
            component = rig.start(config("tcp://127.0.0.1:" + fake.port()));
            ConnectTarget t = Fixtures.get(component.acquire());
            assertEquals("thing:th.vt-1", t.getIdentity());
            assertTrue(fake.packets.toString(), fake.packets.contains("SUBSCRIBE"));
            assertTrue(fake.packets.contains("PUBLISH p/anonymous/thing-if/apps/app1/onboardings"));
            await().atMost(10, TimeUnit.SECONDS).until(() -> fake.packets.contains("DISCONNECT"));
        }
    }

    @Test
    public void tlsToTheDefaultBrokerUsesTheCaFileAndReportsAnUntrustedOne() throws Exception {
        TestCerts certs = TestCerts.create("Broker CA");
        try (FakeMqttServer fake = new FakeMqttServer(certs.serverContext("localhost", "127.0.0.1"))) {
            fake.responder = broker::answer;
            Map<String, Object> c = config("ssl://localhost:" + fake.port());

            OnboardingException e = fail(c);
            assertEquals(ErrorKind.CONFIGURATION, e.getKind());
            assertTrue(e.getMessage(), e.getMessage().contains("the TLS certificate of localhost is not trusted by the "
                    + "JVM default trust store"));
            rig.stop(component);

            c.put("tls.caFile", certs.writeCaPem(rig.newFile("ca.pem")).toString());
            component = rig.start(c);
            assertEquals("thing:th.vt-1", Fixtures.get(component.acquire()).getIdentity());
        }
    }

    @Test
    public void refusedTokenOnRefreshOnboardsAgainOverMqtt() throws Exception {
        component = rig.start(config(broker.uri()));
        ConnectTarget first = Fixtures.get(component.acquire());
        stub.revokeTokens();

        ConnectTarget fresh = Fixtures.get(component.refresh(first, RefreshReason.CREDENTIALS_REFUSED));

        assertEquals("the refresh itself is HTTPS", 1, stub.count("GET", ".*/mqtt-endpoint"));
        assertEquals("then onboarding again through the broker", 2, broker.requests.size());
        assertFalse(first.sameConnection(fresh));
    }

    @Test
    public void deactivationDuringTheExchangeStopsPahoAndItsThreads() throws Exception {
        broker.responder = r -> null;
        Map<String, Object> c = config(broker.uri());
        c.put("http.readTimeoutMs", 30000);
        component = rig.start(c);
        java.util.concurrent.CompletableFuture<ConnectTarget> pending = component.acquire();
        await().atMost(10, TimeUnit.SECONDS).until(() -> broker.requests.size() == 1);
        assertTrue("Paho runs on our named threads", onboardingThreadsAlive());

        long started = System.nanoTime();
        rig.stop(component);
        OnboardingException e = Fixtures.failure(pending);

        assertEquals("onboarding stopped", e.getMessage());
        assertTrue("no wait for the 30 s read timeout", (System.nanoTime() - started) / 1_000_000 < 20_000);
        awaitOnboardingThreadsGone();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.getName(), t.isAlive() && t.getName().startsWith("kii-onboarding"));
        }
    }
}
