package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URL;
import java.util.Map;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.failure.FailureCases;
import io.kiipush.gateway.internal.onboarding.KiiModel.Reply;

/**
 * The two ways onboarding reaches Kii fail alike: every cause of {@link FailureCases} through the HTTPS client and
 * through Kii's default MQTT broker (API via MQTT), and Kii's answers over both. Built with {@code new}, no server.
 */
public class FailurePathsTest {

    private static final String ONBOARDINGS = ".*/onboardings";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final KiiModel kii = new KiiModel();
    private final FakeApiExchange defaultBroker = new FakeApiExchange(kii);

    private OnboardingSettings mqttApi(Map<String, Object> thing) {
        thing.put("identity.mode", "MQTT_API");
        thing.put("mqttApi.broker", "ssl://kii-broker.test:8883");
        return Fixtures.settings(thing);
    }

    private OnboardingException overHttps(OnboardingSettings s) throws Exception {
        try {
            new KiiRestClient(s, new FakeKiiHttp(kii), System::currentTimeMillis).onboardThing();
        } catch (OnboardingException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }

    private OnboardingException overMqtt(OnboardingSettings s) {
        try {
            new MqttApiOnboarder(defaultBroker).onboard(s, 0);
        } catch (OnboardingException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }

    @Test
    public void everyNetworkCauseReadsTheSameOnBothPaths() throws Exception {
        OnboardingSettings rest = Fixtures.settings(Fixtures.thing(null, tmp.getRoot().toPath()));
        OnboardingSettings api = mqttApi(Fixtures.thing(null, tmp.getRoot().toPath()));
        String action = "the onboarding of vendorThingID 'vt-1'";
        for (FailureCases.Case row : FailureCases.all()) {
            OnboardingException https = UrlConnectionHttp.networkFailure(row.cause, rest,
                    new URL("http://localhost:1/thing-if/apps/app1/onboardings"), action);
            assertEquals(row.name, row.kind, https.getKind());
            assertEquals(row.name, row.expected(OnboardingPeers.rest(rest, "localhost", "localhost:1").during(action)),
                    https.getMessage());

            defaultBroker.failure = row.paho;
            OnboardingException mqtt = overMqtt(api);
            assertEquals(row.name, row.kind, mqtt.getKind());
            assertEquals(row.name, row.expected(OnboardingPeers.defaultBroker(api, "kii-broker.test",
                    "kii-broker.test:8883").during(action)), mqtt.getMessage());
        }
    }

    @Test
    public void kiisAnswersReadTheSameOnBothPaths() throws Exception {
        Map<String, Object> c = Fixtures.thing(null, tmp.getRoot().toPath());
        c.put("thing.password", "wrong-S3CRET");
        OnboardingSettings rest = Fixtures.settings(c);
        OnboardingException https = overHttps(rest);
        OnboardingException mqtt = overMqtt(mqttApi(c));
        assertEquals(ErrorKind.AUTHENTICATION, https.getKind());
        assertEquals("Kii refused the thing credentials for vendorThingID 'vt-1' (400 invalid_grant: The thing "
                + "password is wrong): check Thing password (thing.password)", https.getMessage());
        assertEquals(https.getKind() + https.getMessage(), mqtt.getKind() + mqtt.getMessage());

        rest = Fixtures.settings(Fixtures.thing(null, tmp.getRoot().toPath()));
        kii.enqueue("POST", ONBOARDINGS, Reply.error(500, "UNDEFINED_ERROR", "boom"));
        defaultBroker.answer = "500\r\n\r\n{\"errorCode\":\"UNDEFINED_ERROR\",\"message\":\"boom\"}";
        https = overHttps(rest);
        mqtt = overMqtt(mqttApi(Fixtures.thing(null, tmp.getRoot().toPath())));
        assertEquals(ErrorKind.TRANSIENT, https.getKind());
        assertEquals("Kii answered the onboarding of vendorThingID 'vt-1' with a server error (500 UNDEFINED_ERROR: "
                + "boom)", https.getMessage());
        assertEquals(https.getKind() + https.getMessage(), mqtt.getKind() + mqtt.getMessage());

        kii.enqueue("POST", ONBOARDINGS, Reply.error(404, "APP_NOT_FOUND", "no app"));
        defaultBroker.answer = "404\r\n\r\n{\"errorCode\":\"APP_NOT_FOUND\",\"message\":\"no app\"}";
        assertEquals("Kii has no application 'app1' at localhost:1 (404 APP_NOT_FOUND: no app): check Application ID "
                + "(app.id) and Site (site)", overHttps(rest).getMessage());
        assertEquals("Kii has no application 'app1' at kii-broker.test:8883 (404 APP_NOT_FOUND: no app): check "
                + "Application ID (app.id) and Site (site)", overMqtt(mqttApi(Fixtures.thing(null,
                        tmp.getRoot().toPath()))).getMessage());
    }

    @Test
    public void refusedApplicationCredentialsReadTheSameOnBothPaths() throws Exception {
        Map<String, Object> c = Fixtures.thing(null, tmp.getRoot().toPath());
        c.put("app.key", "wrong-S3CRET");
        OnboardingException https = overHttps(Fixtures.settings(c));
        defaultBroker.failure = new MqttSecurityException(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        OnboardingException mqtt = overMqtt(mqttApi(c));
        String fix = ": check Application ID (app.id) and Application key (app.key)";
        assertEquals(ErrorKind.AUTHENTICATION, https.getKind());
        assertEquals(ErrorKind.AUTHENTICATION, mqtt.getKind());
        assertEquals("Kii refused the application credentials of app 'app1' (400 invalid_client: The client "
                + "credentials are wrong)" + fix, https.getMessage());
        assertEquals("the default broker kii-broker.test:8883 refused the application credentials of app 'app1' "
                + "(CONNACK 4: bad user name or password)" + fix, mqtt.getMessage());
        assertTrue(https.getMessage().endsWith(fix) && mqtt.getMessage().endsWith(fix));
    }
}
