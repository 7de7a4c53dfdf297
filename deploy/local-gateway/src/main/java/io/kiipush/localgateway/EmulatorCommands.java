package io.kiipush.localgateway;

import java.time.Duration;

/**
 * Gogo commands in scope {@code emu} that drive the local Kii Cloud emulator from the gateway's shell: cause a push,
 * pause the feed, break the broker to watch the session recover. Gogo calls the public methods by name; each returns
 * the text it prints.
 */
public final class EmulatorCommands {

    static final String SCOPE = "emu";
    static final String[] FUNCTIONS = { "help", "info", "feed", "push", "drop", "hang", "resume", "revoke" };

    private final DemoCloud cloud;

    EmulatorCommands(DemoCloud cloud) {
        this.cloud = cloud;
    }

    /** @return the commands */
    public String help() {
        return String.join("\n",
                "emu:info                 where the emulator listens, the gateway's thing and installation",
                "emu:feed [on|off]        show, start or stop the demo feed",
                "emu:push KIND            one notification now: object | update | delete | message | command | direct",
                "                         (or malformed: a payload that is not JSON)",
                "emu:drop                 drop every MQTT connection (the session reconnects)",
                "emu:hang [SECONDS]       the broker stops answering (default 120 s; keep-alive detects it)",
                "emu:resume               end a hang",
                "emu:revoke               revoke the gateway's MQTT credentials (CONNACK 5, then a refresh)",
                "Gateway commands: kii:status, kii:subscriptions, kii:subscribe, kii:unsubscribe, kii:reconnect");
    }

    /** @return the emulator's addresses and the gateway's identity there */
    public String info() {
        return String.join("\n",
                "REST        " + cloud.emulator().baseUrl() + "   (admin endpoint " + cloud.emulator().baseUrl() + "/_emulator/info)",
                "MQTT        " + cloud.emulator().mqttUri() + "   " + cloud.emulator().mqttTlsUri(),
                "App         " + cloud.emulator().app().id(),
                "Thing       " + DemoCloud.VENDOR_THING_ID + " (" + cloud.thingId() + "), owner user " + DemoCloud.OWNER,
                "Installation " + (cloud.installationId() == null ? "(not onboarded yet)" : cloud.installationId()),
                "Feed        " + feed());
    }

    /** @return whether the feed runs */
    public String feed() {
        return cloud.feeding() ? "on, one notification every " + cloud.feedIntervalMs() + " ms" : "off";
    }

    /**
     * @param onOff {@code on} or {@code off}
     * @return the feed's new state
     */
    public String feed(String onOff) {
        if ("off".equalsIgnoreCase(onOff)) {
            cloud.stopFeed();
        } else if ("on".equalsIgnoreCase(onOff)) {
            cloud.startFeed(cloud.feedIntervalMs() > 0 ? cloud.feedIntervalMs() : Options.DEFAULT_FEED_INTERVAL_MS);
        } else {
            return "Usage: emu:feed [on|off]";
        }
        return "Feed " + feed();
    }

    /**
     * @param kind {@code object}, {@code update}, {@code delete}, {@code message}, {@code command}, {@code direct} or
     *        {@code malformed}
     * @return what was sent
     */
    public String push(String kind) {
        try {
            return cloud.push(kind);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** @return confirmation */
    public String drop() {
        cloud.emulator().faults().dropAllConnections();
        return "Dropped every MQTT connection; watch session/STATE_CHANGED and kii:status";
    }

    /** @return confirmation */
    public String hang() {
        return hang(120);
    }

    /**
     * @param seconds how long the broker stays silent
     * @return confirmation
     */
    public String hang(int seconds) {
        cloud.emulator().faults().hangBroker(Duration.ofSeconds(seconds));
        return "The broker is silent for " + seconds + " s; the session declares the link dead after 1.5 x keep-alive "
                + "(see 'Kii Push Session' > Keep-alive). emu:resume ends it.";
    }

    /** @return confirmation */
    public String resume() {
        cloud.emulator().faults().resumeBroker();
        return "The broker answers again";
    }

    /** @return confirmation */
    public String revoke() {
        String id = cloud.installationId();
        if (id == null) {
            return "The gateway has not onboarded yet";
        }
        cloud.emulator().faults().revokeCredentials(id);
        return "Revoked the MQTT credentials of installation " + id + "; the session gets CONNACK 5 and fetches new ones";
    }
}
