package io.kiipush.localgateway;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.emulator.KiiApp;
import io.kiipush.emulator.KiiEmulator;
import io.kiipush.emulator.Scope;
import io.kiipush.emulator.TlsMaterial;

/**
 * The local Kii Cloud of the local gateway: the emulator (a plain Java library, running in this JVM outside the
 * OSGi framework), seeded with a thing for the gateway, an owner user and an app-scope topic, plus a demo feed that
 * produces one push notification per tick through the emulator's Java API.
 */
final class DemoCloud implements AutoCloseable {

    static final String VENDOR_THING_ID = "local-gateway";
    static final String THING_TYPE = "demo-gateway";
    static final String BUCKET = "sensors";
    static final String TOPIC = "alerts";
    static final String OWNER = "demo-owner";
    /** The demo user's own bucket (user scope): its objects reach only the user's connection. */
    static final String NOTES_BUCKET = "notes";
    /** The second Kii connection of the local gateway: the demo user, as Kura's Cloud Connections names one. */
    static final String USER_CONNECTION = "io.kiipush.gateway.KiiConnection-user";
    static final String USER_ONBOARDING = "io.kiipush.gateway.KiiOnboarding-user";

    private static final Logger logger = LoggerFactory.getLogger(DemoCloud.class);

    private final SecureRandom random = new SecureRandom();
    private final String thingPassword = secret();
    private final String ownerPassword = secret();
    private final AtomicInteger tick = new AtomicInteger();
    private final AtomicReference<String> lastObject = new AtomicReference<>();
    private final KiiEmulator emulator;
    private final Path caFile;
    private final String thingId;
    private final String ownerId;
    private ScheduledExecutorService feedThread;
    private ScheduledFuture<?> feed;
    private long feedIntervalMs;

    /**
     * Starts the emulator and seeds it.
     *
     * @param workDir where the emulator's CA is kept (so a restarted gateway keeps trusting it)
     * @param httpPort REST port, 0 = any free port
     * @throws IOException if a port cannot be bound or the CA cannot be written
     */
    DemoCloud(Path workDir, int httpPort) throws IOException {
        TlsMaterial tls = TlsMaterial.loadOrGenerate(workDir.resolve("emulator-tls"));
        emulator = KiiEmulator.builder().httpPort(httpPort).tls(tls).build().start();
        caFile = emulator.writeCaCertificatePem(workDir.resolve("emulator-ca.pem"));
        KiiApp app = emulator.app();
        thingId = app.registerThing(VENDOR_THING_ID, thingPassword, THING_TYPE).thingId();
        ownerId = app.registerUser(OWNER, ownerPassword).userId();
        app.addThingOwner(thingId, ownerId);
        app.createTopic(Scope.app(), TOPIC);
    }

    /**
     * @param dataDir the gateway's state directory
     * @return the "Kii Push Onboarding" configuration that points the bundle at this emulator: site CUSTOM, the
     *         seeded thing, MQTT over TLS trusting the emulator's CA, one bucket and one topic subscription
     */
    Map<String, Object> onboardingConfiguration(Path dataDir) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("site", "CUSTOM");
        c.put("site.url", emulator.baseUrl());
        c.put("app.id", emulator.app().id());
        c.put("app.key", emulator.app().key());
        c.put("identity.mode", "THING");
        c.put("thing.vendorThingId", VENDOR_THING_ID);
        c.put("thing.password", thingPassword);
        c.put("thing.type", THING_TYPE);
        c.put("mqtt.transport", "TLS");
        c.put("tls.caFile", caFile.toAbsolutePath().toString());
        c.put("dataDir", dataDir.toAbsolutePath().toString());
        c.put("subscriptions.buckets", new String[] { BUCKET });
        c.put("subscriptions.topics", new String[] { TOPIC });
        return c;
    }

    /**
     * @param dataDir the user connection's state directory
     * @return the onboarding configuration of the second connection: the demo user (USER mode), MQTT over TLS, its own
     *         bucket {@link #NOTES_BUCKET}; named as Cloud Connections names a connection's onboarding
     */
    Map<String, Object> userOnboardingConfiguration(Path dataDir) {
        Map<String, Object> c = onboardingConfiguration(dataDir);
        c.keySet().removeIf(key -> key.startsWith("thing."));
        c.put("kura.service.pid", USER_ONBOARDING);
        c.put("identity.mode", "USER");
        c.put("user.username", OWNER);
        c.put("user.password", ownerPassword);
        c.put("subscriptions.buckets", new String[] { "user/" + NOTES_BUCKET });
        c.put("subscriptions.topics", new String[0]);
        return c;
    }

    /** @param intervalMs period of the demo feed; 0 = no feed */
    synchronized void startFeed(long intervalMs) {
        startFeed(intervalMs, () -> true);
    }

    /**
     * Starts the feed once {@code ready} says so (checked every 100 ms): pushes sent before the gateway subscribed
     * would be lost (QoS 0, Kii keeps nothing for an MQTT client that is not connected).
     *
     * @param intervalMs period of the demo feed; 0 = no feed
     * @param ready e.g. "the push session is CONNECTED"
     */
    synchronized void startFeed(long intervalMs, BooleanSupplier ready) {
        if (feedThread == null) {
            feedThread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "demo-feed");
                t.setDaemon(true);
                return t;
            });
        }
        if (feed == null && intervalMs > 0) {
            feedIntervalMs = intervalMs;
            long periodNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
            long[] lastTick = { 0 };
            boolean[] started = { false };
            feed = feedThread.scheduleWithFixedDelay(() -> {
                long now = System.nanoTime();
                if (!started[0]) {
                    if (!isReady(ready)) {
                        return;
                    }
                    started[0] = true;
                } else if (now - lastTick[0] < periodNanos) {
                    return;
                }
                lastTick[0] = now;
                tick();
            }, 0, 100, TimeUnit.MILLISECONDS);
        }
    }

    private static boolean isReady(BooleanSupplier ready) {
        try {
            return ready.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    synchronized void stopFeed() {
        if (feed != null) {
            feed.cancel(false);
            feed = null;
        }
    }

    synchronized boolean feeding() {
        return feed != null;
    }

    synchronized long feedIntervalMs() {
        return feedIntervalMs;
    }

    // One notification per tick, in turn: object created, topic message, Thing-IF command, object updated, and a note
    // in the demo user's bucket (the second connection).
    private void tick() {
        try {
            switch (tick.getAndIncrement() % 5) {
                case 0:
                    push("object");
                    break;
                case 1:
                    push("message");
                    break;
                case 2:
                    push("command");
                    break;
                case 4:
                    push("note");
                    break;
                default:
                    push("update");
                    break;
            }
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: log and keep feeding
            logger.warn("Demo feed: {}", e.toString());
        }
    }

    /**
     * Causes one push notification.
     *
     * @param what {@code object}, {@code update}, {@code delete}, {@code message}, {@code command}, {@code direct},
     *        {@code note} (the demo user's connection) or {@code malformed}
     * @return what was done
     */
    String push(String what) {
        KiiApp app = emulator.app();
        switch (what.toLowerCase(Locale.ROOT)) {
            case "object": {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("temperature", Math.round((18 + random.nextDouble() * 10) * 10) / 10.0);
                data.put("humidity", 35 + random.nextInt(30));
                String id = app.asUser(ownerId).createObject(Scope.app(), BUCKET, data);
                lastObject.set(id);
                return "created object " + id + " in bucket " + BUCKET;
            }
            case "update": {
                String id = lastObject.get();
                if (id == null) {
                    return push("object");
                }
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("temperature", Math.round((18 + random.nextDouble() * 10) * 10) / 10.0);
                app.asUser(ownerId).patchObject(Scope.app(), BUCKET, id, change);
                return "updated object " + id + " in bucket " + BUCKET;
            }
            case "note": {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("text", "reminder " + (1 + random.nextInt(9)));
                String id = app.asUser(ownerId).createObject(Scope.user(ownerId), NOTES_BUCKET, data);
                return "created note " + id + " in the demo user's bucket " + NOTES_BUCKET;
            }
            case "message": {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("level", random.nextBoolean() ? "info" : "high");
                data.put("text", "door " + (1 + random.nextInt(4)) + (random.nextBoolean() ? " opened" : " closed"));
                app.sendTopicMessage(Scope.app(), TOPIC, data);
                return "sent a message to topic " + TOPIC;
            }
            case "command": {
                boolean on = random.nextBoolean();
                String id = app.sendCommand(thingId, ownerId, "[{\"turnPower\":{\"power\":" + on + "}},"
                        + "{\"setBrightness\":{\"brightness\":" + (10 * random.nextInt(11)) + "}}]");
                return "sent Thing-IF command " + id;
            }
            case "delete": {
                String id = lastObject.getAndSet(null);
                if (id == null) {
                    return "no object to delete yet (emu:push object)";
                }
                app.asUser(ownerId).deleteObject(Scope.app(), BUCKET, id);
                return "deleted object " + id + " from bucket " + BUCKET;
            }
            case "malformed": {
                String installation = installationId();
                if (installation == null) {
                    return "the gateway has not onboarded yet";
                }
                // Not JSON: published raw to the gateway's MQTT topic; the gateway counts it as malformed.
                emulator.load().burst(emulator.topicOf(installation), 1, i -> "this is not JSON");
                return "published a payload that is not JSON to the gateway's MQTT topic";
            }
            case "direct": {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("note", "hello gateway");
                app.pushToThing(thingId, data);
                return "pushed a message directly to thing " + thingId;
            }
            default:
                throw new IllegalArgumentException("unknown kind '" + what
                        + "': object, update, delete, message, command, direct, note or malformed");
        }
    }

    KiiEmulator emulator() {
        return emulator;
    }

    String thingId() {
        return thingId;
    }

    /** @return the ID of the gateway's MQTT installation, or {@code null} before onboarding created it */
    String installationId() {
        return emulator.observe().installations().stream().map(i -> i.installationId()).findFirst().orElse(null);
    }

    /** Stops the feed and waits for a tick in progress to finish: after this the demo causes no more pushes. */
    synchronized void endFeed() {
        stopFeed();
        if (feedThread != null) {
            feedThread.shutdownNow();
            try {
                feedThread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void close() {
        endFeed();
        emulator.stop();
    }

    private String secret() {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
