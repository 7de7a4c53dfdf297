package io.kiipush.emulator.internal.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.InstallationInfo;
import io.kiipush.emulator.MqttEndpointInfo;
import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.CloudState;
import io.kiipush.emulator.internal.state.Installation;
import io.kiipush.emulator.internal.state.MqttCredentials;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.util.Ids;
import io.kiipush.emulator.internal.util.Json;

/** Push installations, their MQTT endpoints and credentials (docs/kii-protocol.md §3). */
public final class InstallationService {

    private static final Set<String> DEVICE_TYPES = Set.of("ANDROID", "IOS", "JPUSH", "MQTT");

    private final Store store;
    private final RuntimeSettings settings;
    private final ScheduledExecutorService scheduler;

    public InstallationService(Store store, RuntimeSettings settings, ScheduledExecutorService scheduler) {
        this.store = store;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    /** 201 answer of POST /installations. */
    public record Created(String installationId, String registrationId) {
    }

    public Created create(String appId, Principal p, JsonObject body) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireUserThingOrAdmin(p);
            String type = Json.str(body, "deviceType");
            if (type == null) {
                type = Json.str(body, "installationType");
            }
            if (type == null || !DEVICE_TYPES.contains(type.toUpperCase(Locale.ROOT))) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "deviceType must be ANDROID, IOS, JPUSH or MQTT",
                        "field", "deviceType");
            }
            type = type.toUpperCase(Locale.ROOT);
            boolean development = parseDevelopment(body.get("development"));
            Subscriber owner = ownerFor(app, p, body);
            if ("MQTT".equals(type)) {
                Installation existing = mqttInstallationOf(app, owner);
                if (existing != null) {
                    return new Created(existing.id, existing.registrationId);
                }
                Installation inst = newMqttInstallation(app, owner, development);
                return new Created(inst.id, inst.registrationId);
            }
            String regId = Json.str(body, "installationRegistrationID");
            if (regId == null || regId.isEmpty()) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "installationRegistrationID is required", "field",
                        "installationRegistrationID");
            }
            for (Installation i : app.installations.values()) {
                if (i.deviceType.equals(type) && i.registrationId.equals(regId)) {
                    return new Created(i.id, i.registrationId);
                }
            }
            Installation inst = new Installation(appId, Ids.installationId(), regId, type, owner, development);
            app.installations.put(inst.id, inst);
            return new Created(inst.id, inst.registrationId);
        });
    }

    private static boolean parseDevelopment(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return false;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            String s = e.getAsString().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
        }
        throw KiiException.of(KiiError.INVALID_INPUT_DATA, "development must be a boolean", "field", "development");
    }

    private static Subscriber ownerFor(AppData app, Principal p, JsonObject body) {
        String userId = Json.str(body, "userID");
        String thingId = Json.str(body, "thingID");
        if (p.isAdmin()) {
            if (userId != null) {
                return Subscriber.user(Access.user(app, userId, p).id);
            }
            if (thingId != null) {
                return Subscriber.thing(Access.thing(app, thingId).id);
            }
            throw KiiException.of(KiiError.INVALID_INPUT_DATA, "An admin must give userID or thingID", "field",
                    "userID");
        }
        Subscriber self = Access.asSubscriber(p);
        if ((userId != null && !(p.isUser() && userId.equals(p.id())))
                || (thingId != null && !(p.isThing() && thingId.equals(p.id())))) {
            throw Access.denied(p, "Only the app admin may install for another user or thing");
        }
        return self;
    }

    /** Under the lock: the owner's MQTT installation, or {@code null}. */
    static Installation mqttInstallationOf(AppData app, Subscriber owner) {
        for (Installation i : app.installations.values()) {
            if (i.isMqtt() && i.owner.equals(owner)) {
                return i;
            }
        }
        return null;
    }

    /** Under the lock: the owner's MQTT installation, created if missing (onboarding). */
    Installation ensureMqttInstallation(AppData app, Subscriber owner, boolean development) {
        Installation existing = mqttInstallationOf(app, owner);
        return existing != null ? existing : newMqttInstallation(app, owner, development);
    }

    private Installation newMqttInstallation(AppData app, Subscriber owner, boolean development) {
        Installation inst = new Installation(app.id(), Ids.installationId(), Ids.uuid(), "MQTT", owner, development);
        inst.notReadyRemaining = settings.endpointNotReadyPerInstallation();
        issue(store.state(), inst, Ids.mqttTopic());
        app.installations.put(inst.id, inst);
        return inst;
    }

    private void issue(CloudState state, Installation inst, String topic) {
        if (inst.credentials != null) {
            state.retire(inst.credentials);
            state.mqttUsers.remove(inst.credentials.username());
        }
        MqttCredentials c = new MqttCredentials(Ids.mqttUsername(inst.appId), Ids.mqttPassword(), topic,
                System.currentTimeMillis(), settings.endpointTtlSeconds());
        inst.credentials = c;
        inst.credentialsInvalid = false;
        state.mqttUsers.put(c.username(), inst);
        if (c.expires()) {
            scheduler.schedule(() -> expire(inst, c), c.ttlSeconds(), TimeUnit.SECONDS);
        }
    }

    private void expire(Installation inst, MqttCredentials c) {
        store.run(tx -> {
            if (inst.credentials == c && !inst.credentialsInvalid) {
                inst.credentialsInvalid = true;
                tx.disconnect(c.username(), c.topic());
            }
        });
    }

    public JsonObject get(String appId, Principal p, String ref) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Installation inst = find(app, ref);
            requireOwnerOrAdmin(app, p, inst);
            JsonObject o = Json.obj("installationID", inst.id, "installationRegistrationID", inst.registrationId,
                    "deviceType", inst.deviceType);
            o.addProperty(inst.owner.kind() == Subscriber.Kind.USER ? "userID" : "thingID", inst.owner.id());
            o.addProperty("development", inst.development);
            return o;
        });
    }

    public void delete(String appId, Principal p, String ref) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Installation inst = find(app, ref);
            requireOwnerOrAdmin(app, p, inst);
            app.installations.remove(inst.id);
            MqttCredentials c = inst.credentials;
            if (c != null) {
                store.state().retire(c);
                store.state().mqttUsers.remove(c.username());
                tx.disconnect(c.username(), c.topic());
            }
        });
    }

    /**
     * GET mqtt-endpoint.
     *
     * @param honourNotReady false for the Java API, which never wants the injected 503s
     */
    public MqttEndpointInfo endpoint(String appId, Principal p, String installationId, boolean honourNotReady) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Installation inst = app.installations.get(installationId);
            if (inst == null) {
                throw notFound(appId, installationId);
            }
            requireOwnerOrAdmin(app, p, inst);
            if (!inst.isMqtt()) {
                throw KiiException.of(KiiError.MQTT_ENDPOINT_NOT_FOUND, "The installation is not an MQTT installation",
                        "installationID", installationId, "appID", appId);
            }
            if (honourNotReady && notReady(inst)) {
                throw KiiException.of(KiiError.MQTT_ENDPOINT_NOT_READY, "The MQTT endpoint is not ready yet",
                        "installationID", installationId, "appID", appId, "retryAfter", 1);
            }
            return endpointInfo(inst);
        });
    }

    /** Consumes one injected 503: first the global fault counter, then the installation's own count. */
    private boolean notReady(Installation inst) {
        if (settings.endpointNotReadyGlobal().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return true;
        }
        if (inst.notReadyRemaining > 0) {
            inst.notReadyRemaining--;
            return true;
        }
        return false;
    }

    /** Under the lock: current endpoint data, reissuing revoked or expired credentials first. */
    MqttEndpointInfo endpointInfo(Installation inst) {
        long now = System.currentTimeMillis();
        if (inst.credentialsInvalid || inst.credentials.expiredAt(now)) {
            issue(store.state(), inst, inst.credentials.topic());
        }
        MqttCredentials c = inst.credentials;
        RuntimeSettings.Advertised a = settings.advertised();
        return new MqttEndpointInfo(inst.id, a.host(), a.tcp().getAsInt(), a.ssl().getAsInt(), a.ws().getAsInt(),
                a.wss().getAsInt(), c.username(), c.password(), c.topic(), c.remainingSeconds(now));
    }

    /** @return the endpoint JSON of the REST answer (with {@code X-MQTT-TTL}) or the onboarding answer ({@code ttl}) */
    public static JsonObject endpointJson(MqttEndpointInfo e, String ttlKey) {
        JsonObject o = Json.obj("installationID", e.installationId(), "username", e.username(), "password",
                e.password(), "mqttTopic", e.mqttTopic(), "host", e.host(), "portTCP", e.portTcp(), "portSSL",
                e.portSsl());
        if (e.portWs() > 0) {
            o.addProperty("portWS", e.portWs());
        }
        if (e.portWss() > 0) {
            o.addProperty("portWSS", e.portWss());
        }
        o.addProperty(ttlKey, e.ttlSeconds());
        return o;
    }

    private static KiiException notFound(String appId, String ref) {
        return KiiException.of(KiiError.INSTALLATION_NOT_FOUND, "Installation " + ref + " was not found",
                "installationID", ref, "appID", appId);
    }

    private static Installation find(AppData app, String ref) {
        Installation inst = app.installations.get(ref);
        if (inst == null && ref.contains(":")) {
            String type = ref.substring(0, ref.indexOf(':')).toUpperCase(Locale.ROOT);
            String regId = ref.substring(ref.indexOf(':') + 1);
            for (Installation i : app.installations.values()) {
                if (i.deviceType.equals(type) && i.registrationId.equals(regId)) {
                    inst = i;
                }
            }
        }
        if (inst == null) {
            throw notFound(app.id(), ref);
        }
        return inst;
    }

    private static void requireOwnerOrAdmin(AppData app, Principal p, Installation inst) {
        Access.requireToken(p);
        if (!(p.isAdmin() || inst.owner.equals(Access.asSubscriber(p)))) {
            throw Access.denied(p, "Only the installation owner or the app admin may do this");
        }
    }

    // ------------------------------------------------------------------ faults

    /** Invalidates the credentials (CONNACK 5 from now on), drops the connection; the next GET issues new ones. */
    public void revoke(String installationId) {
        store.run(tx -> {
            Installation inst = anyApp(installationId);
            inst.credentialsInvalid = true;
            tx.disconnect(inst.credentials.username(), inst.credentials.topic());
        });
    }

    /** Issues new credentials now (old ones get CONNACK 5) and drops the connection. */
    public MqttEndpointInfo rotate(String installationId) {
        return store.tx(tx -> {
            Installation inst = anyApp(installationId);
            MqttCredentials old = inst.credentials;
            issue(store.state(), inst, old.topic());
            tx.disconnect(old.username(), old.topic());
            return endpointInfo(inst);
        });
    }

    /** Java API: endpoint data without the not-ready 503s and without an owner check. */
    public MqttEndpointInfo endpointOf(String installationId) {
        return store.tx(tx -> endpointInfo(anyApp(installationId)));
    }

    private Installation anyApp(String installationId) {
        for (AppData app : store.state().apps.values()) {
            Installation inst = app.installations.get(installationId);
            if (inst != null) {
                if (!inst.isMqtt()) {
                    throw new IllegalArgumentException("not an MQTT installation: " + installationId);
                }
                return inst;
            }
        }
        throw new IllegalArgumentException("no such installation: " + installationId);
    }

    public List<InstallationInfo> list() {
        return store.tx(tx -> {
            List<InstallationInfo> out = new ArrayList<>();
            for (AppData app : store.state().apps.values()) {
                for (Installation i : app.installations.values()) {
                    out.add(new InstallationInfo(app.id(), i.id, i.registrationId, i.deviceType, i.owner, i.development,
                            i.credentials == null ? null : i.credentials.topic()));
                }
            }
            return out;
        });
    }
}
