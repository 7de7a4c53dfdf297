package io.kiipush.gateway.internal.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLHandshakeException;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.Test;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.RefreshReason;
import io.kiipush.gateway.internal.failure.FailureCases;
import io.kiipush.gateway.internal.failure.FailureClassifier;

public class FailureTest {

    private static final ConnectTarget TARGET = FakeEndpointSource.target("topicA");
    private static final SessionSettings SETTINGS = new SessionSettings(true, 60, 30, 1000, 120_000, 30, 0, 10, 1 << 20,
            1 << 16);

    private static Failure ofMqtt(Throwable t) {
        return Failure.ofMqtt(t, TARGET, SETTINGS);
    }

    @Test
    public void refusedCredentialsAskForARefresh() {
        for (int code : new int[] { 2, 4, 5 }) {
            Failure f = ofMqtt(new MqttSecurityException(code));
            assertEquals(ErrorKind.AUTHENTICATION, f.kind);
            assertEquals(RefreshReason.CREDENTIALS_REFUSED, f.refresh);
            assertFalse(f.permanent);
            assertTrue(f.message, f.message.contains("CONNACK " + code));
            assertTrue(f.message, f.message.startsWith("broker ssl://broker.example:8883 refused the MQTT user name and "
                    + "password Kii issued (CONNACK " + code));
        }
    }

    @Test
    public void networkErrorsAreTransient() {
        assertTransient(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
                new ConnectException("Connection refused")), "cannot connect to broker ssl://broker.example:8883 "
                        + "(Connection refused): check the network and MQTT transport (mqtt.transport)");
        assertTransient(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR, new UnknownHostException("h")),
                "cannot resolve host name 'broker.example'");
        assertTransient(new MqttException(MqttException.REASON_CODE_CONNECTION_LOST, new EOFException()),
                "broker ssl://broker.example:8883 closed the connection");
        assertTransient(new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT),
                "did not answer in time: check the network, or raise Connect timeout (s) (connectTimeoutSec)");
        assertTransient(new MqttException(MqttException.REASON_CODE_BROKER_UNAVAILABLE), "CONNACK 3");
    }

    @Test
    public void certificateProblemsAreConfigurationErrors() {
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed: unable to find valid certification path");
        Failure f = ofMqtt(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR, untrusted));
        assertEquals(ErrorKind.CONFIGURATION, f.kind);
        assertTrue(f.permanent);
        assertTrue(f.message, f.message.contains("tls.caFile"));

        SSLHandshakeException mismatch = new SSLHandshakeException("handshake failed");
        mismatch.initCause(new CertificateException("No subject alternative DNS name matching broker found."));
        Failure m = ofMqtt(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR, mismatch));
        assertEquals(ErrorKind.CONFIGURATION, m.kind);
        assertTrue(m.message, m.message.contains("tls.verifyHostname"));
    }

    @Test
    public void mqttCausesAreClassifiedByTheSharedClassifierWithTheBrokersPeer() {
        Throwable cause = new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
                new SSLHandshakeException("PKIX path building failed"));
        assertEquals(FailureClassifier.classify(cause, Failure.peer(TARGET, SETTINGS)).message(), ofMqtt(cause).message);
    }

    @Test
    public void everyCauseOfTheTableReadsAsOnTheOtherPaths() {
        for (FailureCases.Case row : FailureCases.all()) {
            Failure f = ofMqtt(row.paho);
            assertEquals(row.name, row.kind, f.kind);
            assertEquals(row.name, row.expected(Failure.peer(TARGET, SETTINGS)), f.message);
            assertEquals(row.name, row.kind == ErrorKind.CONFIGURATION, f.permanent);
        }
    }

    @Test
    public void onboardingFailuresKeepTheirClassification() {
        Failure config = Failure.ofOnboarding(new CompletionException(new OnboardingException(ErrorKind.CONFIGURATION, "app.id is empty")));
        assertTrue(config.permanent);
        assertEquals("onboarding: app.id is empty", config.message);
        assertTrue(Failure.ofOnboarding(new OnboardingException(ErrorKind.AUTHENTICATION, "refused")).permanent);
        Failure t = Failure.ofOnboarding(new OnboardingException(ErrorKind.TRANSIENT, "HTTP 503"));
        assertFalse(t.permanent);
        assertNull(t.refresh);
        assertEquals(ErrorKind.TRANSIENT, Failure.ofOnboarding(new IllegalStateException("bug")).kind);
    }

    private static void assertTransient(Throwable t, String fragment) {
        Failure f = ofMqtt(t);
        assertEquals(ErrorKind.TRANSIENT, f.kind);
        assertFalse(f.permanent);
        assertNull(f.refresh);
        assertTrue(f.message, f.message.contains(fragment));
    }
}
