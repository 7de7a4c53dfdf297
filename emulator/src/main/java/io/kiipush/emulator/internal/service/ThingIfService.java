package io.kiipush.emulator.internal.service;

import java.util.List;
import java.util.Locale;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.MqttEndpointInfo;
import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Installation;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.Thing;
import io.kiipush.emulator.internal.util.Json;

/** Thing-IF onboarding (docs/kii-protocol.md §2.4) and target states. */
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
                    t = ThingService.createThing(app, vid, password, fields);
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
                ThingService.addOwner(app, t, owner, p);
            }
            Installation inst = installations.ensureMqttInstallation(app, Subscriber.thing(t.id), false);
            String token = TokenService.issueToken(store.state(), new Principal(appId, Principal.Kind.THING, t.id), 0);
            return new Onboarded(t.id, token, installations.endpointInfo(inst));
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

    /** @return the thing of a {@code thing:{id}} target; 400 for other target forms, 404 for an unknown thing */
    static Thing target(AppData app, String target) {
        if (target == null || !target.startsWith("thing:")) {
            throw KiiException.of(KiiError.INVALID_INPUT_DATA, "target must be thing:{thingID}", "field", "target");
        }
        return Access.thing(app, target.substring(6));
    }

    /** @return the target, once {@code p} is the thing itself, an owner or the app admin */
    static Thing readableTarget(AppData app, Principal p, String target) {
        Access.requireToken(p);
        Thing t = target(app, target);
        if (!(p.isAdmin() || Access.ownsThing(app, p, t) || (p.isThing() && p.id().equals(t.id)))) {
            throw Access.denied(p, "Only the thing or its owners may do this");
        }
        return t;
    }
}
