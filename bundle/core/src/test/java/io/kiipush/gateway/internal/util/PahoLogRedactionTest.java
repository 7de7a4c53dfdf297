package io.kiipush.gateway.internal.util;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.paho.client.mqttv3.logging.Logger;
import org.eclipse.paho.client.mqttv3.logging.LoggerFactory;
import org.junit.Test;

/**
 * The embedded Paho logs through slf4j ({@link PahoSlf4jLogger}): at the mapped level, under Paho's class name, and
 * with registered credentials hidden (Paho's FINE connect line names the MQTT user in clear: message 103 of
 * MqttAsyncClient, found by SecretsIT).
 */
public class PahoLogRedactionTest {

    @Test
    public void pahoLevelsMapToSlf4jLevels() {
        assertEquals(PahoSlf4jLogger.Level.INFO, PahoSlf4jLogger.level(Logger.SEVERE));
        assertEquals(PahoSlf4jLogger.Level.INFO, PahoSlf4jLogger.level(Logger.WARNING));
        assertEquals(PahoSlf4jLogger.Level.INFO, PahoSlf4jLogger.level(Logger.INFO));
        assertEquals(PahoSlf4jLogger.Level.INFO, PahoSlf4jLogger.level(Logger.CONFIG));
        assertEquals(PahoSlf4jLogger.Level.DEBUG, PahoSlf4jLogger.level(Logger.FINE));
        assertEquals(PahoSlf4jLogger.Level.DEBUG, PahoSlf4jLogger.level(Logger.FINER));
        assertEquals(PahoSlf4jLogger.Level.TRACE, PahoSlf4jLogger.level(Logger.FINEST));
    }

    @Test
    public void pahoLinesReachSlf4jAtTheMappedLevelWithCredentialsHidden() {
        PahoLogRedaction.install();
        PahoLogRedaction.register("mqtt-user-3f9a", "mqtt-password-77c1");
        String loggerName = "io.kiipush.test.paho.L" + System.nanoTime();
        System.setProperty("org.slf4j.simpleLogger.log." + loggerName, "debug"); // read when slf4j-simple creates it
        String out = captureStdErr(() -> {
            Logger log = LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, loggerName);
            assertTrue(log.getClass().getName(), log instanceof PahoSlf4jLogger);
            log.setResourceName("client-1");
            assertTrue(log.isLoggable(Logger.FINE));
            assertFalse("TRACE is off for this logger", log.isLoggable(Logger.FINEST));
            // What MqttAsyncClient.connect logs at FINE (message 103).
            log.fine("MqttAsyncClient", "connect", "103", new Object[] { Boolean.TRUE, 30, 60, "mqtt-user-3f9a", "[notnull]",
                    "[null]", null, "callback" });
            // What ClientState logs when the keep-alive times out (message 619).
            log.severe("ClientState", "checkForActivity", "619", new Object[] { 60_000_000_000L, 1L, 2L, 3L, 4L });
            log.warning("X", "m", "free text with mqtt-password-77c1 in it", null, new RuntimeException("boom"));
            log.warning("X", "m", "{0}", new Object[] { "mqtt-password-77c1".toCharArray() });
            log.finest("X", "m", "not shown at DEBUG");
        });
        assertTrue(out, out.contains("DEBUG " + loggerName + " - client-1: cleanSession=true connectionTimeout=30 TimekeepAlive=60 "
                + "userName=[hidden] password=[notnull]"));
        assertTrue(out, out.contains("INFO " + loggerName + " - client-1: Timed out as no activity, keepAlive=60,000,000,000"));
        assertTrue(out, out.contains("INFO " + loggerName + " - client-1: free text with [hidden] in it"));
        assertTrue(out, out.contains("java.lang.RuntimeException: boom"));
        assertTrue(out, out.contains("INFO " + loggerName + " - client-1: [hidden]"));
        assertFalse(out, out.contains("not shown"));
        assertFalse(out, out.contains("mqtt-user-3f9a"));
        assertFalse(out, out.contains("mqtt-password-77c1"));
    }

    @Test
    public void nothingToHideLeavesTheMessageAlone() {
        assertEquals("plain text", PahoLogRedaction.redact("plain text"));
    }

    private static String captureStdErr(Runnable r) {
        PrintStream original = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setErr(original);
        }
        return new String(buf.toByteArray(), StandardCharsets.UTF_8);
    }
}
