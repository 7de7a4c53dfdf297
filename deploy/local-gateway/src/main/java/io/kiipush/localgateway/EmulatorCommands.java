package io.kiipush.localgateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
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
        return run("help", args, 0, 0, w -> COMMANDS.entrySet().stream()
                .map(e -> String.format("%-36s %s", ("emu:" + e.getKey() + " " + e.getValue()[0]).trim(),
                        e.getValue()[1]))
                .collect(Collectors.joining("\n"))
                + "\nGateway commands: kii:status, kii:subscriptions, kii:subscribe, kii:unsubscribe, kii:reconnect");
    }

    /** @return the emulator's addresses and the gateway's identity there */
    public String info(String... args) {
        return run("info", args, 0, 0, w -> {
            String base = cloud.emulator().baseUrl();
            return String.join("\n",
                    "REST         " + base + "   (admin endpoint " + base + "/_emulator/info)",
                    "MQTT         " + cloud.emulator().mqttUri() + "   " + cloud.emulator().mqttTlsUri(),
                    "App          " + cloud.emulator().app().id(),
                    "Thing        " + DemoCloud.VENDOR_THING_ID + " (" + cloud.thingId() + "), owner user "
                            + DemoCloud.OWNER,
                    "Installation " + (cloud.installationId() == null ? "(not onboarded yet)" : cloud.installationId()),
                    "Feed         " + feedState());
        });
    }

    /** @return the feed's state, after switching it with {@code on} or {@code off} */
    public String feed(String... args) {
        return run("feed", args, 0, 1, w -> {
            String onOff = w.choice(0, "", "on", "off");
            if (onOff.equals("off")) {
                cloud.stopFeed();
            } else if (onOff.equals("on")) {
                cloud.startFeed(cloud.feedIntervalMs() > 0 ? cloud.feedIntervalMs() : Options.DEFAULT_FEED_INTERVAL_MS);
            }
            return "Feed " + feedState();
        });
    }

    /** @return what was sent */
    public String push(String... args) {
        return run("push", args, 1, 1, w -> {
            try {
                return cloud.push(args[0]);
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage() + "\n" + usage("push"));
            }
        });
    }

    public String drop(String... args) {
        return run("drop", args, 0, 0, w -> {
            faults().dropAllConnections();
            return "Dropped every MQTT connection; watch session/STATE_CHANGED and kii:status";
        });
    }

    public String hang(String... args) {
        return run("hang", args, 0, 1, w -> {
            int seconds = w.number(0, "SECONDS", 120, 1, MAX_SECONDS);
            faults().hangBroker(Duration.ofSeconds(seconds));
            return "The broker is silent for " + seconds + " s; the session declares the link dead after 1.5 x "
                    + "keep-alive (see 'Kii Push Session' > Keep-alive). emu:resume ends it.";
        });
    }

    public String resume(String... args) {
        return run("resume", args, 0, 0, w -> {
            faults().resumeBroker();
            return "The broker answers again";
        });
    }

    public String kill(String... args) {
        return run("kill", args, 0, 1, w -> {
            int seconds = w.number(0, "SECONDS", 0, 1, MAX_SECONDS);
            if (seconds == 0) {
                faults().killBroker();
                return "The broker is down until emu:restart: connections reset, new ones refused";
            }
            faults().killBroker(Duration.ofSeconds(seconds));
            return "The broker is down for " + seconds + " s: connections reset, new ones refused; it restarts by itself";
        });
    }

    public String restart(String... args) {
        return run("restart", args, 0, 0, w -> {
            faults().restartBroker();
            return "The broker listens again on the same ports";
        });
    }

    public String revoke(String... args) {
        return run("revoke", args, 0, 0, w -> {
            String id = cloud.installationId();
            if (id == null) {
                return "The gateway has not onboarded yet";
            }
            faults().revokeCredentials(id);
            return "Revoked the MQTT credentials of installation " + id
                    + "; the session gets CONNACK 5 and fetches new ones";
        });
    }

    public String notready(String... args) {
        return run("notready", args, 0, 1, w -> {
            int count = w.number(0, "COUNT", 3, 1, MAX_COUNT);
            faults().endpointNotReady(count);
            return "The next " + count + " mqtt-endpoint calls answer 503 MQTT_ENDPOINT_NOT_READY (try emu:revoke next)";
        });
    }

    public String fail(String... args) {
        return run("fail", args, 1, 3, w -> {
            if (!args[0].matches("429|5\\d\\d")) {
                throw new Refused("emu:fail: STATUS must be 429 or 500 to 599, not " + args[0] + "\n" + usage("fail"));
            }
            int status = Integer.parseInt(args[0]);
            int count = w.number(1, "COUNT", 1, 1, MAX_COUNT);
            String path = w.text(2, "");
            faults().failRest(path, status, count);
            return "The next " + count + " Kii REST call(s)" + where(path) + " answer " + status + " (emu:clear ends it)";
        });
    }

    public String slow(String... args) {
        return run("slow", args, 1, 3, w -> {
            int millis = w.number(0, "MILLIS", 0, 1, MAX_MILLIS);
            int count = w.number(1, "COUNT", -1, 1, MAX_COUNT);
            String path = w.text(2, "");
            faults().addLatency(null, path, Duration.ofMillis(millis), count);
            return (count < 0 ? "Every" : "The next " + count) + " Kii REST call(s)" + where(path) + " answer after "
                    + millis + " ms (emu:clear ends it)";
        });
    }

    public String clear(String... args) {
        return run("clear", args, 0, 0, w -> {
            faults().clearAll();
            return "REST faults and pending 503s cleared, a hang ended";
        });
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

    /** Runs a command with {@code min..max} words; a wrong word count or value prints why and the usage line. */
    private static String run(String command, String[] args, int min, int max, Function<Words, String> body) {
        if (args.length < min || args.length > max) {
            return usage(command);
        }
        try {
            return body.apply(new Words(command, args));
        } catch (Refused e) {
            return e.getMessage();
        }
    }

    /** The words after a command, read by position; a bad one is refused with what it must be. */
    private record Words(String command, String[] args) {

        /** @return the whole number at {@code index} in [min, max], or {@code dflt} when the word is absent */
        int number(int index, String name, int dflt, int min, int max) {
            if (index >= args.length) {
                return dflt;
            }
            try {
                int n = Integer.parseInt(args[index].trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below with the accepted range
            }
            throw new Refused("emu:" + command + ": " + name + " must be a whole number from " + min + " to " + max
                    + ", not " + args[index] + "\n" + usage(command));
        }

        String text(int index, String dflt) {
            return index < args.length ? args[index] : dflt;
        }

        /** @return the word at {@code index} in lower case when it is one of {@code allowed}, {@code dflt} if absent */
        String choice(int index, String dflt, String... allowed) {
            if (index >= args.length) {
                return dflt;
            }
            for (String a : allowed) {
                if (a.equalsIgnoreCase(args[index])) {
                    return a;
                }
            }
            throw new Refused(usage(command));
        }
    }

    /** Ends a command early with the text to print. */
    private static final class Refused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : " matching '" + path + "'";
    }
}
