package io.kiipush.gateway.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.kiipush.emulator.KiiApp;
import io.kiipush.emulator.KiiEmulator;

/** The configurations the end-to-end tests give the components against the Kii emulator; each test adds its own. */
public final class EmulatorConfigs {

    private EmulatorConfigs() {
    }

    /**
     * @param kii the running emulator
     * @param app its app
     * @param vendorThingId the thing registered in it
     * @param password the thing's password
     * @param caFile the emulator's CA for MQTT over TLS, or {@code null} for plain TCP
     * @param dataDir the state directory
     * @return the onboarding configuration of a thing identity
     */
    public static Map<String, Object> thing(KiiEmulator kii, KiiApp app, String vendorThingId, String password,
            Path caFile, Path dataDir) {
        Map<String, Object> o = new HashMap<>();
        o.put("site", "CUSTOM");
        o.put("site.url", kii.baseUrl());
        o.put("app.id", app.id());
        o.put("app.key", app.key());
        o.put("identity.mode", "THING");
        o.put("thing.vendorThingId", vendorThingId);
        o.put("thing.password", password);
        o.put("mqtt.transport", caFile == null ? "TCP" : "TLS");
        if (caFile != null) {
            o.put("tls.caFile", caFile.toString());
        }
        o.put("dataDir", dataDir.toString());
        return o;
    }

    /** @return a session that starts at once and retries fast (200-1000 ms), keep-alive 5 s */
    public static Map<String, Object> fastSession() {
        Map<String, Object> s = new HashMap<>();
        s.put("keepAliveSec", 5);
        s.put("connectTimeoutSec", 5);
        s.put("startDelayMaxMs", 0);
        s.put("backoff.initialMs", 200);
        s.put("backoff.maxMs", 1000);
        return s;
    }
}
