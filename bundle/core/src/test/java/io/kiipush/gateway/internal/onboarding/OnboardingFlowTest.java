package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.RefreshReason;
import io.kiipush.gateway.internal.endpoint.Transport;
import io.kiipush.gateway.internal.onboarding.KiiModel.Reply;

/**
 * Every onboarding flow with the service built with {@code new} over an in-memory Kii ({@link FakeKiiHttp},
 * {@link FakeApiExchange}): no server, no socket. The same flows over real sockets: {@link IdentityFlowsTest},
 * {@link RefreshTest}, {@link MqttApiTest}.
 */
public class OnboardingFlowTest {

    private static final String TOKEN = "/api/apps/app1/oauth2/token";
    private static final String ENDPOINT = ".*/mqtt-endpoint";

    @Rule
    public Timeout timeout = Timeout.seconds(10);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final KiiModel kii = new KiiModel();
    private final FakeApiExchange defaultBroker = new FakeApiExchange(kii);
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);
    private Path dir;
    private OnboardingService service;

    @Before
    public void setUp() throws Exception {
        dir = tmp.newFolder("data").toPath();
    }

    @After
    public void tearDown() {
        if (service != null) {
            service.close();
        }
        executor.shutdownNow();
    }

    private OnboardingService start(Map<String, Object> config) {
        if (service != null) {
            service.close();
        }
        service = new OnboardingService(Fixtures.settings(config), executor, Fixtures.FAST, new FakeKiiHttp(kii),
                defaultBroker);
        return service;
    }

    private ConnectTarget acquire(Map<String, Object> config) throws Exception {
        return Fixtures.get(start(config).endpoints().acquire());
    }

    // ------------------------------------------------------------------ THING

    @Test
    public void thingOnboardsWithAnAnonymousTokenAndTakesTheEndpointFromTheAnswer() throws Exception {
        ConnectTarget t = acquire(Fixtures.thing(null, dir));
        assertEquals("client_credentials", kii.requests("POST", TOKEN).get(0).json().get("grant_type").getAsString());
        assertEquals(1, kii.count("POST", "/thing-if/apps/app1/onboardings"));
        assertEquals("the answer carried the endpoint", 0, kii.count("POST", ".*/installations"));
        assertEquals("ssl://" + KiiModel.MQTT_HOST + ":8883", t.serverUri());
        assertEquals("thing:th.vt-1", t.getIdentity());
        service.inspect(st -> assertEquals(t.getEndpoint().getInstallationId(), st.installationId));
    }

    @Test
    public void thingWithoutEndpointInTheAnswerInstallsAndFetchesIt() throws Exception {
        kii.onboardingIncludesEndpoint = false;
        ConnectTarget t = acquire(Fixtures.thing(null, dir));
        assertEquals(1, kii.count("POST", ".*/installations"));
        assertEquals(1, kii.count("GET", ENDPOINT));
        assertTrue(t.getEndpoint().getMqttTopic().startsWith("topic-"));
    }

    @Test
    public void thingByOwnerUsesTheOwnerTokenInsteadOfAnAnonymousOne() throws Exception {
        Map<String, Object> c = Fixtures.thing(null, dir);
        c.put("thing.owner", "user:" + KiiModel.USER_ID);
        c.put("thing.ownerToken", KiiModel.OWNER_TOKEN);
        acquire(c);
        assertEquals(0, kii.count("POST", TOKEN));
        assertEquals("Bearer " + KiiModel.OWNER_TOKEN,
                kii.requests("POST", ".*/onboardings").get(0).header("Authorization"));
    }

    @Test
    public void aPersistedEndpointIsUsedWithoutAnyCall() throws Exception {
        ConnectTarget first = acquire(Fixtures.thing(null, dir));
        int calls = kii.requests.size();
        ConnectTarget again = acquire(Fixtures.thing(null, dir));
        assertEquals(calls, kii.requests.size());
        assertTrue(first.sameConnection(again));
    }

    @Test
    public void aRefusedStoredTokenMakesTheThingOnboardAgainForTheSameInstallation() throws Exception {
        ConnectTarget first = acquire(Fixtures.thing(null, dir));
        kii.revokeTokens();
        ConnectTarget fresh = Fixtures.get(service.endpoints().refresh(first, RefreshReason.CREDENTIALS_REFUSED));
        assertEquals(2, kii.count("POST", ".*/onboardings"));
        assertEquals(first.getEndpoint().getInstallationId(), fresh.getEndpoint().getInstallationId());
        assertFalse(first.sameConnection(fresh));
    }

    // ------------------------------------------------------------------ USER

    @Test
    public void userLogsInInstallsAndFetchesTheEndpoint() throws Exception {
        ConnectTarget t = acquire(Fixtures.user(null, dir));
        assertEquals("password", kii.requests("POST", TOKEN).get(0).json().get("grant_type").getAsString());
        assertEquals(1, kii.count("POST", ".*/installations"));
        assertEquals(1, kii.count("GET", ENDPOINT));
        assertEquals("user:" + KiiModel.USER_ID, t.getIdentity());
    }

    @Test
    public void aRefusedUserTokenLogsInAgainWithoutASecondInstallation() throws Exception {
        ConnectTarget first = acquire(Fixtures.user(null, dir));
        kii.revokeTokens();
        ConnectTarget fresh = Fixtures.get(service.endpoints().refresh(first, RefreshReason.CREDENTIALS_REFUSED));
        assertEquals(2, kii.count("POST", TOKEN));
        assertEquals(1, kii.count("POST", ".*/installations"));
        assertEquals(first.getEndpoint().getInstallationId(), fresh.getEndpoint().getInstallationId());
    }

    @Test
    public void aLostInstallationIsCreatedAgain() throws Exception {
        ConnectTarget first = acquire(Fixtures.user(null, dir));
        kii.dropInstallations();
        ConnectTarget fresh = Fixtures.get(service.endpoints().refresh(first, RefreshReason.TTL_EXPIRED));
        assertEquals(2, kii.count("POST", ".*/installations"));
        assertNotEquals(first.getEndpoint().getInstallationId(), fresh.getEndpoint().getInstallationId());
    }

    @Test
    public void theEndpointIsAskedForAgainWhileKiiAnswers503() throws Exception {
        kii.enqueue("GET", ENDPOINT, Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "wait"),
                Reply.error(503, "MQTT_ENDPOINT_NOT_READY", "wait"));
        acquire(Fixtures.user(null, dir));
        assertEquals(3, kii.count("GET", ENDPOINT));
        assertEquals(1, kii.count("POST", ".*/installations"));
    }

    @Test
    public void aHangingAnswerFailsAsAReadTimeoutNamingTheField() throws Exception {
        kii.enqueue("POST", TOKEN, Reply.hang());
        OnboardingException e = Fixtures.failure(start(Fixtures.user(null, dir)).endpoints().acquire());
        assertEquals(ErrorKind.TRANSIENT, e.getKind());
        assertTrue(e.getMessage(), e.getMessage().endsWith("did not answer the login of user 'bob' within 2000 ms: "
                + "check the network, or raise HTTP read timeout (ms) (http.readTimeoutMs)"));
    }

    // ------------------------------------------------------------------ TOKEN

    @Test
    public void tokenModeUsesTheConfiguredTokenWithoutLogin() throws Exception {
        kii.issueToken("pre-S3CRET-1", "user:" + KiiModel.USER_ID);
        ConnectTarget t = acquire(Fixtures.token(null, dir, "pre-S3CRET-1", "user:" + KiiModel.USER_ID));
        assertEquals(0, kii.count("POST", TOKEN));
        assertEquals("Bearer pre-S3CRET-1", kii.requests("POST", ".*/installations").get(0).header("Authorization"));
        assertEquals("user:" + KiiModel.USER_ID, t.getIdentity());
    }

    @Test
    public void aRefusedConfiguredTokenIsAnAuthenticationFailureWithoutLogin() throws Exception {
        OnboardingException e = Fixtures.failure(start(Fixtures.token(null, dir, "revoked-S3CRET-2", "thing:th.1"))
                .endpoints().acquire());
        assertEquals(ErrorKind.AUTHENTICATION, e.getKind());
        assertTrue(e.getMessage(), e.getMessage().contains("enter a valid token in Access token (token.value)"));
        assertEquals(0, kii.count("POST", TOKEN));
    }

    // ------------------------------------------------------------------ MQTT_API

    private Map<String, Object> mqttApi() {
        Map<String, Object> c = Fixtures.thing(null, dir);
        c.put("identity.mode", "MQTT_API");
        c.put("mqttApi.broker", "tcp://kii-broker.test:1883");
        return c;
    }

    @Test
    public void mqttApiOnboardsThroughTheDefaultBrokerAndUsesItsAnswer() throws Exception {
        ConnectTarget t = acquire(mqttApi());
        assertEquals(1, defaultBroker.requests.size());
        assertTrue(defaultBroker.requests.get(0).startsWith("POST\r\nContent-Type: "
                + "application/vnd.kii.OnboardingWithVendorThingIDByThing+json\r\n"));
        assertEquals("no HTTPS onboarding", 0, kii.count("POST", ".*/onboardings"));
        assertEquals("thing:th.vt-1", t.getIdentity());
        assertEquals(Transport.TLS, t.getTransport());
    }

    @Test
    public void mqttApiWithARefusedApplicationKeyIsAuthentication() throws Exception {
        Map<String, Object> c = mqttApi();
        c.put("app.key", "wrong-S3CRET");
        OnboardingException e = Fixtures.failure(start(c).endpoints().acquire());
        assertEquals(ErrorKind.AUTHENTICATION, e.getKind());
        assertEquals("the default broker kii-broker.test:1883 refused the application credentials of app 'app1' "
                + "(CONNACK 4: bad user name or password): check Application ID (app.id) and Application key (app.key)",
                e.getMessage());
        assertNull(e.getKiiErrorCode());
    }

    @Test
    public void mqttApiRefusedThingPasswordReadsAsOverHttps() throws Exception {
        Map<String, Object> c = mqttApi();
        c.put("thing.password", "wrong-S3CRET");
        OnboardingException e = Fixtures.failure(start(c).endpoints().acquire());
        assertEquals(ErrorKind.AUTHENTICATION, e.getKind());
        assertEquals("Kii refused the thing credentials for vendorThingID 'vt-1' (400 invalid_grant: The thing "
                + "password is wrong): check Thing password (thing.password)", e.getMessage());
    }
}
