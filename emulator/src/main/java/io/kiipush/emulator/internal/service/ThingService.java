package io.kiipush.emulator.internal.service;

import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.Thing;
import io.kiipush.emulator.internal.util.Ids;
import io.kiipush.emulator.internal.util.Json;

/** Things and their owners (docs/kii-protocol.md §2.2). */
public final class ThingService {

    private static final Pattern VENDOR_THING_ID = Pattern.compile("^[a-zA-Z0-9\\-_.]{1,200}$");

    private final Store store;

    public ThingService(Store store) {
        this.store = store;
    }

    /** Registers a thing ({@code ThingRegistration[AndAuthorization]Request}); 201 body with {@code _accessToken}. */
    public JsonObject registerThing(String appId, JsonObject body) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            String vid = Json.str(body, "_vendorThingID");
            String password = Json.str(body, "_password");
            if (vid == null || !VENDOR_THING_ID.matcher(vid).matches()) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "_vendorThingID is missing or invalid", "field",
                        "_vendorThingID");
            }
            if (password == null || password.isEmpty()) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "_password is required", "field", "_password");
            }
            if (Access.byVendorId(app, vid) != null) {
                throw KiiException.of(KiiError.THING_ALREADY_EXISTS, "The thing already exists", "vendorThingID", vid);
            }
            Thing t = createThing(app, vid, password, body);
            JsonObject out = thingJson(t);
            out.addProperty("_accessToken",
                    TokenService.issueToken(store.state(), new Principal(appId, Principal.Kind.THING, t.id), 0));
            return out;
        });
    }

    /** Creates a thing under the lock (also used by onboarding). */
    static Thing createThing(AppData app, String vendorThingId, String password, JsonObject fields) {
        Thing t = new Thing(Ids.thingId());
        t.vendorThingId = vendorThingId;
        t.password = password;
        if (fields != null) {
            for (Map.Entry<String, JsonElement> e : fields.entrySet()) {
                switch (e.getKey()) {
                    case "_vendorThingID", "_password", "vendorThingID", "thingPassword" -> { }
                    case "_thingType", "thingType" -> t.type = e.getValue().getAsString();
                    case "_vendor" -> t.vendor = e.getValue().getAsString();
                    case "_firmwareVersion", "firmwareVersion" -> t.firmwareVersion = e.getValue().getAsString();
                    case "_layoutPosition", "layoutPosition" -> t.layoutPosition = e.getValue().getAsString();
                    default -> t.fields.add(e.getKey(), e.getValue());
                }
            }
        }
        app.things.put(t.id, t);
        return t;
    }

    public JsonObject getThing(String appId, Principal p, String ref) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            return thingJson(Access.thing(app, ref));
        });
    }

    static JsonObject thingJson(Thing t) {
        JsonObject o = Json.obj("_thingID", t.id, "_vendorThingID", t.vendorThingId, "_thingType", t.type, "_vendor",
                t.vendor, "_firmwareVersion", t.firmwareVersion, "_layoutPosition", t.layoutPosition, "_created",
                t.created, "_disabled", false);
        t.fields.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        return o;
    }

    /** Adds ({@code user:ID} / {@code group:ID}) an owner; the thing itself, an existing owner or the admin may. */
    public void addThingOwner(String appId, Principal p, String thingRef, String owner) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Thing t = Access.thing(app, thingRef);
            boolean self = p != null && p.isThing() && p.id().equals(t.id);
            boolean newOwnerIsCaller = p != null && p.isUser() && owner.equals("user:" + p.id());
            if (!(self || Access.ownsThing(app, p, t) || (p != null && p.isAdmin()) || newOwnerIsCaller)) {
                throw Access.denied(p, "Not allowed to change the thing's owners");
            }
            addOwner(app, t, owner, p);
        });
    }

    static void addOwner(AppData app, Thing t, String owner, Principal p) {
        if (owner.startsWith("user:")) {
            t.ownerUsers.add(Access.user(app, owner.substring(5), p).id);
        } else if (owner.startsWith("group:")) {
            t.ownerGroups.add(Access.group(app, owner.substring(6)).id);
        } else {
            throw KiiException.of(KiiError.INVALID_INPUT_DATA, "owner must be user:{id} or group:{id}", "field",
                    "owner");
        }
    }

    public boolean isThingOwner(String appId, Principal p, String thingRef, String owner) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Thing t = Access.thing(app, thingRef);
            return owner.startsWith("user:") ? t.ownerUsers.contains(owner.substring(5))
                    : t.ownerGroups.contains(owner.substring(6));
        });
    }

    public JsonObject thingOwners(String appId, Principal p, String thingRef) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Thing t = Access.thing(app, thingRef);
            JsonArray users = new JsonArray();
            t.ownerUsers.forEach(users::add);
            JsonArray groups = new JsonArray();
            t.ownerGroups.forEach(groups::add);
            return Json.obj("users", users, "groups", groups);
        });
    }
}
