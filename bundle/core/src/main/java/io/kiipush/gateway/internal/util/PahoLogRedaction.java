package io.kiipush.gateway.internal.util;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.paho.client.mqttv3.logging.LoggerFactory;

/**
 * Keeps MQTT credentials out of the log of the Paho client embedded in this bundle.
 * <p>
 * At FINE Paho's {@code MqttAsyncClient.connect} writes the MQTT user name in clear ({@code userName=...
 * password=[notnull]}); an operator who turns on Paho's debug logging to diagnose a connection would get the gateway's
 * Kii MQTT user name in the log (found by the SecretsIT integration test). Paho's {@link LoggerFactory} is private to
 * this bundle (it is embedded, not imported), so {@link #install()} makes this copy of Paho, and only it, log through
 * {@link PahoSlf4jLogger}: slf4j instead of java.util.logging, with every registered credential replaced by
 * {@code [hidden]}.
 */
public final class PahoLogRedaction {

    /** What a credential is replaced with. */
    public static final String HIDDEN = "[hidden]";

    private static final int MAX_SECRETS = 16;
    private static final Set<String> SECRETS = new LinkedHashSet<>();
    private static volatile String[] snapshot = new String[0];
    private static volatile boolean installed;

    private PahoLogRedaction() {
    }

    /** Makes the embedded Paho log through {@link PahoSlf4jLogger}; idempotent, must run before the first Paho client is created. */
    public static synchronized void install() {
        if (!installed) {
            LoggerFactory.setLogger(PahoSlf4jLogger.class.getName());
            installed = true;
        }
    }

    /**
     * @param values credentials Paho may be given from now on (blank and very short ones are ignored); the oldest
     *        are forgotten beyond 16
     */
    public static synchronized void register(String... values) {
        for (String v : values) {
            if (v != null && v.trim().length() >= 4) {
                SECRETS.remove(v);
                SECRETS.add(v);
            }
        }
        while (SECRETS.size() > MAX_SECRETS) {
            SECRETS.remove(SECRETS.iterator().next());
        }
        snapshot = SECRETS.toArray(new String[0]);
    }

    /**
     * @param text any text
     * @return the text with every registered credential replaced by {@link #HIDDEN}
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : snapshot) {
            if (out.contains(s)) {
                out = out.replace(s, HIDDEN);
            }
        }
        return out;
    }

    static Object[] redact(Object[] inserts) {
        if (inserts == null || snapshot.length == 0) {
            return inserts;
        }
        List<Object> out = new ArrayList<>(inserts.length);
        for (Object o : inserts) {
            if (o == null || o instanceof Number || o instanceof Boolean) {
                out.add(o);
                continue;
            }
            String text = o instanceof char[] ? new String((char[]) o) : String.valueOf(o);
            String clean = redact(text);
            out.add(clean.equals(text) ? o : clean);
        }
        return out.toArray();
    }
}
