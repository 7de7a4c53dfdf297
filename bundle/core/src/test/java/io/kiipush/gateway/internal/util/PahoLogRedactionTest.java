package io.kiipush.gateway.internal.util;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.eclipse.paho.client.mqttv3.logging.Logger;
import org.eclipse.paho.client.mqttv3.logging.LoggerFactory;
import org.junit.Test;

/**
 * Paho's FINE log of a connect names the MQTT user in clear (message 103 of MqttAsyncClient, found by SecretsIT);
 * through {@link PahoLogRedaction} the embedded Paho logs {@code [hidden]} instead.
 */
public class PahoLogRedactionTest {

    @Test
    public void registeredCredentialsNeverReachJavaUtilLogging() {
        PahoLogRedaction.install();
        PahoLogRedaction.register("mqtt-user-3f9a", "mqtt-password-77c1");
        String loggerName = "io.kiipush.test.paho." + System.nanoTime();
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(loggerName);
        List<String> lines = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(new SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.setLevel(Level.ALL);
        jul.addHandler(h);
        try {
            Logger log = LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, loggerName);
            assertTrue(log.getClass().getName(), log instanceof PahoLogRedaction.Logger);
            // What MqttAsyncClient.connect logs at FINE (message 103).
            log.fine("MqttAsyncClient", "connect", "103", new Object[] { Boolean.TRUE, 30, 60, "mqtt-user-3f9a", "[notnull]",
                    "[null]", null, "callback" });
            log.severe("X", "m", "free text with mqtt-password-77c1 in it", null, new RuntimeException("boom"));
            log.warning("X", "m", "{0}", new Object[] { "mqtt-password-77c1".toCharArray() });
        } finally {
            jul.removeHandler(h);
        }
        assertTrue(lines.toString(), lines.size() == 3);
        assertTrue(lines.get(0), lines.get(0).contains("userName=[hidden]"));
        for (String l : lines) {
            assertFalse(l, l.contains("mqtt-user-3f9a"));
            assertFalse(l, l.contains("mqtt-password-77c1"));
        }
    }

    @Test
    public void nothingToHideLeavesTheMessageAlone() {
        assertTrue(PahoLogRedaction.redact("plain text").equals("plain text"));
    }
}
