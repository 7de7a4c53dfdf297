package io.kiipush.gateway.internal.failure;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.CompletionException;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.Test;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.config.ConfigField;

/**
 * Every row of {@link FailureCases}: the cause as the HTTPS client meets it and as Paho wraps it (also inside a
 * completion) gets the same kind and the same message, which names the field to change by label and key.
 */
public class FailureClassifierTest {

    private static final Peer PEER = new Peer("kii.test:443", "kii.test", ConfigField.SITE_URL, "", 10_000,
            ConfigField.HTTP_CONNECT_TIMEOUT_MS, 30_000, ConfigField.HTTP_READ_TIMEOUT_MS).during("the login of user "
                    + "'bob'").presenting("the application credentials of app 'app1'", "check Application ID (app.id)");

    @Test
    public void theSameCauseIsClassifiedTheSameOverHttpsAndMqtt() {
        for (FailureCases.Case row : FailureCases.all()) {
            Classification https = FailureClassifier.classify(row.cause, PEER);
            Classification mqtt = FailureClassifier.classify(row.paho, PEER);
            Classification completed = FailureClassifier.classify(new CompletionException(row.paho), PEER);
            assertEquals(row.name, row.kind, https.kind());
            assertEquals(row.name, row.expected(PEER), https.message());
            assertEquals(row.name, https.toString(), mqtt.toString());
            assertEquals(row.name, https.toString(), completed.toString());
        }
    }

    @Test
    public void refusedMqttCredentialsAreAuthenticationNamingWhatWasRefusedAndTheFix() {
        Classification c = FailureClassifier.classify(new MqttSecurityException(
                MqttException.REASON_CODE_NOT_AUTHORIZED), PEER);
        assertEquals(ErrorKind.AUTHENTICATION, c.kind());
        assertEquals("kii.test:443 refused the application credentials of app 'app1' (CONNACK 5: not authorized): "
                + "check Application ID (app.id)", c.message());
        assertEquals(c.toString(), FailureClassifier.refused(PEER, "(CONNACK 5: not authorized)").toString());
    }
}
