package io.kiipush.localgateway;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line options of the local gateway. Secrets are never taken from the command line (where {@code ps} shows
 * them) but from environment variables.
 */
final class Options {

    static final int DEFAULT_CONSOLE_PORT = 8180;
    static final long DEFAULT_FEED_INTERVAL_MS = 2000;

    static final String ENV_APP_KEY = "KII_APP_KEY";
    static final String ENV_THING_PASSWORD = "KII_THING_PASSWORD";
    static final String ENV_USER_PASSWORD = "KII_USER_PASSWORD";
    static final String ENV_TOKEN = "KII_TOKEN";
    static final String ENV_OWNER_TOKEN = "KII_THING_OWNER_TOKEN";

    static final String USAGE = String.join("\n",
            "Usage: java -jar kiipush-local-gateway.jar [options]",
            "",
            "A local stand-in for a Kura gateway: Apache Felix with SCR, Config Admin, EventAdmin, Metatype, the",
            "Felix Web Console and the Gogo shell, running the Kii push gateway bundle and the demo consumer bundle.",
            "By default a local Kii Cloud emulator runs in the same JVM with a demo feed.",
            "",
            "General:",
            "  --console-port N      web console port (default " + DEFAULT_CONSOLE_PORT + "; 0 = any free port); login admin/admin",
            "  --work-dir DIR        framework cache, gateway state, emulator CA (default ./run)",
            "  --no-shell            no interactive Gogo shell (automatic when the terminal is not interactive)",
            "  --event-details       also log every event with all its properties",
            "  --help                this text",
            "",
            "With the emulator (default):",
            "  --feed-interval MS    demo feed period (default " + DEFAULT_FEED_INTERVAL_MS + "; 0 = no feed)",
            "  --emulator-port N     emulator REST port (default 0 = any free port)",
            "",
            "With a real Kii Cloud app instead (no emulator; --app-id switches to this mode):",
            "  --app-id ID           Kii application ID; the app key is read from $" + ENV_APP_KEY,
            "  --site SITE           US | JP | CN3 | SG | EU | CUSTOM (default US)",
            "  --site-url URL        REST base URL for --site CUSTOM",
            "  --identity MODE       THING | USER | TOKEN | MQTT_API (default THING)",
            "  --vendor-thing-id ID  THING / MQTT_API: the thing (or --thing-id ID); password from $" + ENV_THING_PASSWORD,
            "  --thing-id ID         THING / MQTT_API: an already registered thing ID",
            "  --user NAME           USER: login name; password from $" + ENV_USER_PASSWORD,
            "  --token-owner OWNER   TOKEN: user:ID or thing:ID; the token from $" + ENV_TOKEN,
            "  --bucket SPEC         subscribe a bucket, e.g. sensors, user/inbox (repeatable)",
            "  --topic SPEC          subscribe a topic, e.g. alerts, group:G1/news (repeatable)",
            "  --set KEY=VALUE       any other 'Kii Push Onboarding' key, e.g. --set mqtt.transport=WSS (repeatable)",
            "                        (a thing owner token for THING mode with thing.owner comes from $" + ENV_OWNER_TOKEN + ")",
            "",
            "Every key is described in docs/configuration.md.");

    int consolePort = DEFAULT_CONSOLE_PORT;
    Path workDir = Paths.get("run");
    boolean noShell;
    boolean eventDetails;
    boolean help;
    long feedIntervalMs = DEFAULT_FEED_INTERVAL_MS;
    int emulatorPort;

    /** Kii Push Onboarding keys given for a real Kii app; empty in emulator mode. */
    final Map<String, Object> kii = new LinkedHashMap<>();
    private final List<String> buckets = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();

    private Options() {
    }

    /** @return {@code true} when the gateway talks to a real Kii app (no emulator) */
    boolean realKii() {
        return kii.containsKey("app.id");
    }

    /**
     * @param args the command line
     * @param env the environment (secrets)
     * @return the options
     * @throws IllegalArgumentException with a message for the user
     */
    static Options parse(String[] args, Map<String, String> env) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help":
                case "-h":
                    o.help = true;
                    break;
                case "--console-port":
                    o.consolePort = port(a, value(args, ++i, a));
                    break;
                case "--work-dir":
                    o.workDir = Paths.get(value(args, ++i, a));
                    break;
                case "--no-shell":
                    o.noShell = true;
                    break;
                case "--event-details":
                    o.eventDetails = true;
                    break;
                case "--feed-interval":
                    o.feedIntervalMs = number(a, value(args, ++i, a), 0, 3_600_000);
                    break;
                case "--emulator-port":
                    o.emulatorPort = port(a, value(args, ++i, a));
                    break;
                case "--app-id":
                    o.kii.put("app.id", value(args, ++i, a));
                    break;
                case "--site":
                    o.kii.put("site", value(args, ++i, a).toUpperCase(Locale.ROOT));
                    break;
                case "--site-url":
                    o.kii.put("site.url", value(args, ++i, a));
                    break;
                case "--identity":
                    o.kii.put("identity.mode", value(args, ++i, a).toUpperCase(Locale.ROOT));
                    break;
                case "--vendor-thing-id":
                    o.kii.put("thing.vendorThingId", value(args, ++i, a));
                    break;
                case "--thing-id":
                    o.kii.put("thing.id", value(args, ++i, a));
                    break;
                case "--user":
                    o.kii.put("user.username", value(args, ++i, a));
                    break;
                case "--token-owner":
                    o.kii.put("token.owner", value(args, ++i, a));
                    break;
                case "--bucket":
                    o.buckets.add(value(args, ++i, a));
                    break;
                case "--topic":
                    o.topics.add(value(args, ++i, a));
                    break;
                case "--set":
                    String kv = value(args, ++i, a);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set needs KEY=VALUE, got: " + kv);
                    }
                    o.kii.put(kv.substring(0, eq), kv.substring(eq + 1));
                    break;
                default:
                    throw new IllegalArgumentException("Unknown option: " + a);
            }
        }
        if (!o.kii.isEmpty() && !o.realKii()) {
            throw new IllegalArgumentException("Kii options need --app-id (without it the local emulator is used)");
        }
        if (o.realKii()) {
            secret(o.kii, "app.key", env, ENV_APP_KEY);
            secret(o.kii, "thing.password", env, ENV_THING_PASSWORD);
            secret(o.kii, "user.password", env, ENV_USER_PASSWORD);
            secret(o.kii, "token.value", env, ENV_TOKEN);
            secret(o.kii, "thing.ownerToken", env, ENV_OWNER_TOKEN);
            if (!o.buckets.isEmpty()) {
                o.kii.put("subscriptions.buckets", o.buckets.toArray(new String[0]));
            }
            if (!o.topics.isEmpty()) {
                o.kii.put("subscriptions.topics", o.topics.toArray(new String[0]));
            }
            // A configured data directory keeps the gateway's Kii state (token, installation) across restarts.
            o.kii.putIfAbsent("dataDir", o.workDir.resolve("kii-push").toAbsolutePath().toString());
        }
        return o;
    }

    /** @return the onboarding keys with every secret value replaced, for printing */
    Map<String, Object> printableKii() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : kii.entrySet()) {
            boolean secret = e.getKey().equals("app.key") || e.getKey().endsWith("password")
                    || e.getKey().equals("token.value") || e.getKey().equals("thing.ownerToken");
            Object v = e.getValue() instanceof String[] ? String.join(",", (String[]) e.getValue()) : e.getValue();
            out.put(e.getKey(), secret ? "(from the environment)" : v);
        }
        return Collections.unmodifiableMap(out);
    }

    private static void secret(Map<String, Object> kii, String key, Map<String, String> env, String variable) {
        String v = env.get(variable);
        if (v != null && !v.isEmpty()) {
            kii.put(key, v);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int port(String option, String text) {
        return (int) number(option, text, 0, 65535);
    }

    private static long number(String option, String text, long min, long max) {
        try {
            long v = Long.parseLong(text.trim());
            if (v < min || v > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ": " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number: " + text);
        }
    }
}
