package io.kiipush.localgateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.kiipush.emulator.Faults;

/**
 * Gogo commands in scope {@code emu} that drive the local Kii Cloud emulator from the gateway's shell: cause a push,
 * pause the feed, and inject every fault of the emulator's admin API to watch the session recover. Gogo calls the
 * public methods by name with whatever words follow; each takes them as {@code String...} so that a missing or extra
 * word gets the command's usage line instead of Gogo's coercion error, and returns the text Gogo prints.
 */
public final class EmulatorCommands {

    static final String SCOPE = "emu";
    private static final int MAX_SECONDS = 86_400;
    private static final int MAX_COUNT = 1_000;
    private static final int MAX_MILLIS = 120_000;

    /** Name → {usage arguments, what it does}; the order of {@code emu:help}. */
    private static final Map<String, String[]> COMMANDS = new LinkedHashMap<>();

    static {
        add("help", "", "these commands");
        add("info", "", "where the emulator listens, the gateway's thing and installation");
        add("feed", "[on|off]", "show, start or stop the demo feed");
        add("push", "KIND", "one notification now: object | update | delete | message | command | direct | malformed");
        add("drop", "", "drop every MQTT connection (the session reconnects)");
        add("hang", "[SECONDS]", "the broker stops answering (default 120 s; keep-alive detects it)");
        add("resume", "", "end a hang");
        add("kill", "[SECONDS]", "the broker process is gone: connections reset, connects refused (restart after SECONDS)");
        add("restart", "", "the broker listens again after emu:kill");
        add("revoke", "", "revoke the gateway's MQTT credentials (CONNACK 5, then a refresh)");
        add("notready", "[COUNT]", "the next COUNT mqtt-endpoint calls answer 503 MQTT_ENDPOINT_NOT_READY (default 3)");
        add("fail", "STATUS [COUNT] [PATH-REGEX]", "the next COUNT Kii REST calls (default 1; matching the path) answer "
                + "STATUS: 429 or 500-599");
        add("slow", "MILLIS [COUNT] [PATH-REGEX]", "delay Kii REST answers by MILLIS (COUNT calls, default all until "
                + "emu:clear)");
        add("clear", "", "clear REST faults and pending 503s, end a hang (a killed broker needs emu:restart)");
    }

    static final String[] FUNCTIONS = COMMANDS.keySet().toArray(new String[0]);

    private final DemoCloud cloud;

    EmulatorCommands(DemoCloud cloud) {
        this.cloud = cloud;
    }

    private static void add(String name, String arguments, String description) {
        COMMANDS.put(name, new String[] { arguments, description });
    }

    /** @return every command with its usage line */
    public String help(String... args) {
        if (args.length > 0) {
            return usage("help");
        }
        return COMMANDS.entrySet().stream()
                .map(e -> String.format("%-36s %s", ("emu:" + e.getKey() + " " + e.getValue()[0]).trim(),
                        e.getValue()[1]))
                .collect(Collectors.joining("\n"))
                + "\nGateway commands: kii:status, kii:subscriptions, kii:subscribe, kii:unsubscribe, kii:reconnect";
    }

    /** @return the emulator's addresses and the gateway's identity there */
    public String info(String... args) {
        if (args.length > 0) {
            return usage("info");
        }
        String base = cloud.emulator().baseUrl();
        return String.join("\n",
                "REST         " + base + "   (admin endpoint " + base + "/_emulator/info)",
                "MQTT         " + cloud.emulator().mqttUri() + "   " + cloud.emulator().mqttTlsUri(),
                "App          " + cloud.emulator().app().id(),
                "Thing        " + DemoCloud.VENDOR_THING_ID + " (" + cloud.thingId() + "), owner user " + DemoCloud.OWNER,
                "Installation " + (cloud.installationId() == null ? "(not onboarded yet)" : cloud.installationId()),
                "Feed         " + feedState());
    }

    /** @return the feed's state, after switching it with {@code on} or {@code off} */
    public String feed(String... args) {
        if (args.length > 1 || (args.length == 1 && !args[0].matches("(?i)on|off"))) {
            return usage("feed");
        }
        if (args.length == 1 && args[0].equalsIgnoreCase("off")) {
            cloud.stopFeed();
        } else if (args.length == 1) {
            cloud.startFeed(cloud.feedIntervalMs() > 0 ? cloud.feedIntervalMs() : Options.DEFAULT_FEED_INTERVAL_MS);
        }
        return "Feed " + feedState();
    }

    /** @return what was sent */
    public String push(String... args) {
        if (args.length != 1) {
            return usage("push");
        }
        try {
            return cloud.push(args[0]);
        } catch (IllegalArgumentException e) {
            return e.getMessage() + "\n" + usage("push");
        }
    }

    public String drop(String... args) {
        if (args.length > 0) {
            return usage("drop");
        }
        faults().dropAllConnections();
        return "Dropped every MQTT connection; watch session/STATE_CHANGED and kii:status";
    }

    public String hang(String... args) {
        if (args.length > 1) {
            return usage("hang");
        }
        Integer seconds = args.length == 0 ? Integer.valueOf(120) : number(args[0], 1, MAX_SECONDS);
        if (seconds == null) {
            return rejected("hang", "SECONDS", args[0], 1, MAX_SECONDS);
        }
        faults().hangBroker(Duration.ofSeconds(seconds));
        return "The broker is silent for " + seconds + " s; the session declares the link dead after 1.5 x keep-alive "
                + "(see 'Kii Push Session' > Keep-alive). emu:resume ends it.";
    }

    public String resume(String... args) {
        if (args.length > 0) {
            return usage("resume");
        }
        faults().resumeBroker();
        return "The broker answers again";
    }

    public String kill(String... args) {
        if (args.length > 1) {
            return usage("kill");
        }
        if (args.length == 0) {
            faults().killBroker();
            return "The broker is down until emu:restart: connections reset, new ones refused";
        }
        Integer seconds = number(args[0], 1, MAX_SECONDS);
        if (seconds == null) {
            return rejected("kill", "SECONDS", args[0], 1, MAX_SECONDS);
        }
        faults().killBroker(Duration.ofSeconds(seconds));
        return "The broker is down for " + seconds + " s: connections reset, new ones refused; it restarts by itself";
    }

    public String restart(String... args) {
        if (args.length > 0) {
            return usage("restart");
        }
        faults().restartBroker();
        return "The broker listens again on the same ports";
    }

    public String revoke(String... args) {
        if (args.length > 0) {
            return usage("revoke");
        }
        String id = cloud.installationId();
        if (id == null) {
            return "The gateway has not onboarded yet";
        }
        faults().revokeCredentials(id);
        return "Revoked the MQTT credentials of installation " + id + "; the session gets CONNACK 5 and fetches new ones";
    }

    public String notready(String... args) {
        if (args.length > 1) {
            return usage("notready");
        }
        Integer count = args.length == 0 ? Integer.valueOf(3) : number(args[0], 1, MAX_COUNT);
        if (count == null) {
            return rejected("notready", "COUNT", args[0], 1, MAX_COUNT);
        }
        faults().endpointNotReady(count);
        return "The next " + count + " mqtt-endpoint calls answer 503 MQTT_ENDPOINT_NOT_READY (try emu:revoke next)";
    }

    public String fail(String... args) {
        if (args.length < 1 || args.length > 3) {
            return usage("fail");
        }
        Integer status = number(args[0], 429, 599);
        if (status == null || (status > 429 && status < 500)) {
            return "emu:fail: STATUS must be 429 or 500 to 599, not " + args[0] + "\n" + usage("fail");
        }
        Integer count = args.length < 2 ? Integer.valueOf(1) : number(args[1], 1, MAX_COUNT);
        if (count == null) {
            return rejected("fail", "COUNT", args[1], 1, MAX_COUNT);
        }
        String path = args.length < 3 ? "" : args[2];
        faults().failRest(path, status, count);
        return "The next " + count + " Kii REST call(s)" + where(path) + " answer " + status + " (emu:clear ends it)";
    }

    public String slow(String... args) {
        if (args.length < 1 || args.length > 3) {
            return usage("slow");
        }
        Integer millis = number(args[0], 1, MAX_MILLIS);
        if (millis == null) {
            return rejected("slow", "MILLIS", args[0], 1, MAX_MILLIS);
        }
        Integer count = args.length < 2 ? Integer.valueOf(-1) : number(args[1], 1, MAX_COUNT);
        if (count == null) {
            return rejected("slow", "COUNT", args[1], 1, MAX_COUNT);
        }
        String path = args.length < 3 ? "" : args[2];
        faults().addLatency(null, path, Duration.ofMillis(millis), count);
        return (count < 0 ? "Every" : "The next " + count) + " Kii REST call(s)" + where(path) + " answer after "
                + millis + " ms (emu:clear ends it)";
    }

    public String clear(String... args) {
        if (args.length > 0) {
            return usage("clear");
        }
        faults().clearAll();
        return "REST faults and pending 503s cleared, a hang ended";
    }

    // ------------------------------------------------------------------ helpers

    private Faults faults() {
        return cloud.emulator().faults();
    }

    private String feedState() {
        return cloud.feeding() ? "on, one notification every " + cloud.feedIntervalMs() + " ms" : "off";
    }

    static String usage(String command) {
        String[] c = COMMANDS.get(command);
        return ("Usage: emu:" + command + " " + c[0]).trim() + "   (" + c[1] + ")";
    }

    /** @return the whole number in [min, max], or {@code null} when {@code text} is not one */
    private static Integer number(String text, int min, int max) {
        try {
            int n = Integer.parseInt(text.trim());
            return n >= min && n <= max ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String rejected(String command, String name, String text, int min, int max) {
        return "emu:" + command + ": " + name + " must be a whole number from " + min + " to " + max + ", not " + text
                + "\n" + usage(command);
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : " matching '" + path + "'";
    }
}
