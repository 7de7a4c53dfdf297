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
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.RefreshReason;

public class FailureTest {

    private static final String BROKER = "ssl://broker:8883";

    @Test
    public void refusedCredentialsAskForARefresh() {
        for (int code : new int[] { 2, 4, 5 }) {
            Failure f = Failure.ofMqtt(new MqttSecurityException(code), BROKER);
            assertEquals(ErrorKind.AUTHENTICATION, f.kind);
            assertEquals(RefreshReason.CREDENTIALS_REFUSED, f.refresh);
            assertFalse(f.permanent);
            assertTrue(f.message, f.message.contains("CONNACK " + code));
        }
    }

    @Test
    public void networkErrorsAreTransient() {
        assertTransient(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR, new ConnectException("x")), "connection refused");
        assertTransient(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR, new UnknownHostException("h")), "unknown host");
        assertTransient(new MqttException(MqttException.REASON_CODE_CONNECTION_LOST, new EOFException()), "closed the connection");
        assertTransient(new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT), "MQTT error");
        assertTransient(new MqttException(MqttException.REASON_CODE_BROKER_UNAVAILABLE), "CONNACK 3");
    }

    @Test
    public void certificateProblemsAreConfigurationErrors() {
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed: unable to find valid certification path");
        Failure f = Failure.ofMqtt(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR, untrusted), BROKER);
        assertEquals(ErrorKind.CONFIGURATION, f.kind);
        assertTrue(f.permanent);
        assertTrue(f.message, f.message.contains("tls.caFile"));

        SSLHandshakeException mismatch = new SSLHandshakeException("handshake failed");
        mismatch.initCause(new CertificateException("No subject alternative DNS name matching broker found."));
        Failure m = Failure.ofMqtt(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR, mismatch), BROKER);
        assertEquals(ErrorKind.CONFIGURATION, m.kind);
        assertTrue(m.message, m.message.contains("tls.verifyHostname"));
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
        Failure f = Failure.ofMqtt(t, BROKER);
        assertEquals(ErrorKind.TRANSIENT, f.kind);
        assertFalse(f.permanent);
        assertNull(f.refresh);
        assertTrue(f.message, f.message.contains(fragment));
    }
}
