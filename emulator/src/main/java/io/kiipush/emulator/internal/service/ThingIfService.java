package io.kiipush.emulator.internal.service;

import java.util.List;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.MqttEndpointInfo;
import io.kiipush.emulator.PushKind;
import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Command;
import io.kiipush.emulator.internal.state.Installation;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.Thing;
import io.kiipush.emulator.internal.util.Ids;
import io.kiipush.emulator.internal.util.Json;

/** Thing-IF: onboarding (kii-protocol §2.4), commands (§6.4) and states. */
public final class ThingIfService {

    private static final String VENDOR_BY_THING = "application/vnd.kii.onboardingwithvendorthingidbything+json";
    private static final String ID_BY_THING = "application/vnd.kii.onboardingwiththingidbything+json";
    private static final String VENDOR_BY_OWNER = "application/vnd.kii.onboardingwithvendorthingidbyowner+json";
    private static final String ID_BY_OWNER = "application/vnd.kii.onboardingwiththingidbyowner+json";

    private final Store store;
    private final InstallationService installations;

    public ThingIfService(Store store, InstallationService installations) {
        this.store = store;
        this.installations = installations;
    }

    /** Result of an onboarding, for the Java API and the REST answer. */
    public record Onboarded(String thingId, String accessToken, MqttEndpointInfo endpoint) {

        public JsonObject toJson() {
            return Json.obj("accessToken", accessToken, "thingID", thingId, "mqttEndpoint",
                    InstallationService.endpointJson(endpoint, "ttl"));
        }
    }

    /**
     * POST /thing-if/apps/{app}/onboardings; the media type (matched case-insensitively) selects the variant.
     *
     * @param p the caller; by-thing variants accept any token of the app (Kii asks for an anonymous one)
     */
    public Onboarded onboard(String appId, Principal p, String mediaType, JsonObject body) {
        String mt = mediaType == null ? "" : mediaType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        boolean byVendor = mt.equals(VENDOR_BY_THING) || mt.equals(VENDOR_BY_OWNER);
        boolean byOwner = mt.equals(VENDOR_BY_OWNER) || mt.equals(ID_BY_OWNER);
        if (!List.of(VENDOR_BY_THING, ID_BY_THING, VENDOR_BY_OWNER, ID_BY_OWNER).contains(mt)) {
            throw KiiException.of(KiiError.UNSUPPORTED_MEDIA_TYPE, "Unsupported onboarding media type: " + mediaType);
        }
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            String owner = Json.str(body, "owner");
            if (byOwner) {
                if (owner == null) {
                    throw KiiException.of(KiiError.INVALID_INPUT_DATA, "owner is required", "field", "owner");
                }
                boolean allowed = p.isAdmin() || (p.isUser() && (owner.equals("user:" + p.id())
                        || (owner.startsWith("group:") && Access.inGroup(app, p.id(), owner.substring(6)))));
                if (!allowed) {
                    throw Access.denied(p, "The token does not belong to the owner " + owner);
                }
            }
            String password = Json.str(body, "thingPassword");
            if (password == null || password.isEmpty()) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "thingPassword is required", "field",
                        "thingPassword");
            }
            Thing t;
            if (byVendor) {
                String vid = Json.str(body, "vendorThingID");
                if (vid == null || !vid.matches("^[a-zA-Z0-9\\-_.]{1,200}$")) {
                    throw KiiException.of(KiiError.INVALID_INPUT_DATA, "vendorThingID is missing or invalid", "field",
                            "vendorThingID");
                }
                t = Access.byVendorId(app, vid);
                if (t == null) {
                    JsonObject fields = new JsonObject();
                    for (String k : new String[] {"thingType", "firmwareVersion", "layoutPosition"}) {
                        if (body.has(k)) {
                            fields.add(k, body.get(k));
                        }
                    }
                    JsonElement props = body.get("thingProperties");
                    if (props != null && props.isJsonObject()) {
                        props.getAsJsonObject().entrySet().forEach(e -> fields.add(e.getKey(), e.getValue()));
                    }
                    t = AccountService.createThing(app, vid, password, fields);
                }
            } else {
                String thingId = Json.str(body, "thingID");
                if (thingId == null) {
                    throw KiiException.of(KiiError.INVALID_INPUT_DATA, "thingID is required", "field", "thingID");
                }
                t = Access.thing(app, thingId);
            }
            if (!password.equals(t.password)) {
                throw KiiException.of(KiiError.WRONG_PASSWORD, "The thing password is wrong", "thingID", t.id);
            }
            if (owner != null) {
                AccountService.addOwner(app, t, owner, p);
            }
            Installation inst = installations.ensureMqttInstallation(app, Subscriber.thing(t.id), false);
            String token = AccountService.issueToken(store.state(), new Principal(appId, Principal.Kind.THING, t.id), 0);
            return new Onboarded(t.id, token, installations.endpointInfo(inst));
        });
    }

    // ------------------------------------------------------------------ commands

    /** POST .../targets/thing:{id}/commands: stores the command and publishes it to the thing's MQTT topic. */
    public String postCommand(String appId, Principal p, String target, JsonObject body) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Thing t = target(app, target);
            if (!(p.isAdmin() || Access.ownsThing(app, p, t) || (p.isThing() && p.id().equals(t.id)))) {
                throw Access.denied(p, "Only an owner of the thing may send it commands");
            }
            if (!body.has("actions") || !body.get("actions").isJsonArray()) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "actions must be an array", "field", "actions");
            }
            if (Json.str(body, "issuer") == null) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "issuer is required", "field", "issuer");
            }
            Command c = new Command(Ids.uuid(), t.id, body);
            String payload = Payloads.checkedText(Payloads.command(c));
            app.commands.put(c.id, c);
            PushService.fanOut(app, List.of(Subscriber.thing(t.id)), payload, PushKind.COMMAND, tx, i -> true);
            return c.id;
        });
    }

    public JsonObject getCommand(String appId, Principal p, String target, String commandId) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Thing t = readableTarget(app, p, target);
            Command c = app.commands.get(commandId);
            if (c == null || !c.thingId.equals(t.id)) {
                throw KiiException.of(KiiError.COMMAND_NOT_FOUND, "Command " + commandId + " was not found",
                        "commandID", commandId);
            }
            return commandJson(c);
        });
    }

    public JsonObject listCommands(String appId, Principal p, String target) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Thing t = readableTarget(app, p, target);
            JsonArray arr = new JsonArray();
            app.commands.values().stream().filter(c -> c.thingId.equals(t.id)).forEach(c -> arr.add(commandJson(c)));
            return Json.obj("commands", arr);
        });
    }

    public void putActionResults(String appId, Principal p, String target, String commandId, JsonObject body) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Thing t = readableTarget(app, p, target);
            Command c = app.commands.get(commandId);
            if (c == null || !c.thingId.equals(t.id)) {
                throw KiiException.of(KiiError.COMMAND_NOT_FOUND, "Command " + commandId + " was not found",
                        "commandID", commandId);
            }
            JsonElement results = body.get("actionResults");
            c.actionResults = results != null && results.isJsonArray() ? results.getAsJsonArray() : new JsonArray();
            c.state = "DONE";
            c.modified = System.currentTimeMillis();
        });
    }

    public void putStates(String appId, Principal p, String target, JsonObject body) {
        store.run(tx -> readableTarget(store.app(appId), p, target).state = body);
    }

    public JsonObject getStates(String appId, Principal p, String target) {
        return store.tx(tx -> {
            Thing t = readableTarget(store.app(appId), p, target);
            if (t.state == null) {
                throw KiiException.of(KiiError.NOT_FOUND, "The thing has no state yet", "thingID", t.id);
            }
            return t.state;
        });
    }

    private static Thing target(AppData app, String target) {
        if (target == null || !target.startsWith("thing:")) {
            throw KiiException.of(KiiError.INVALID_INPUT_DATA, "target must be thing:{thingID}", "field", "target");
        }
        return Access.thing(app, target.substring(6));
    }

    private static Thing readableTarget(AppData app, Principal p, String target) {
        Access.requireToken(p);
        Thing t = target(app, target);
        if (!(p.isAdmin() || Access.ownsThing(app, p, t) || (p.isThing() && p.id().equals(t.id)))) {
            throw Access.denied(p, "Only the thing or its owners may do this");
        }
        return t;
    }

    private static JsonObject commandJson(Command c) {
        JsonObject o = Json.obj("commandID", c.id, "target", "thing:" + c.thingId);
        c.request.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        if (c.actionResults != null) {
            o.add("actionResults", c.actionResults);
        }
        o.addProperty("commandState", c.state);
        o.addProperty("createdAt", c.created);
        o.addProperty("modifiedAt", c.modified);
        return o;
    }
}
