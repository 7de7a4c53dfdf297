package io.kiipush.emulator.internal.service;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.CloudState;
import io.kiipush.emulator.internal.state.CloudState.TokenInfo;
import io.kiipush.emulator.internal.state.Group;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.Thing;
import io.kiipush.emulator.internal.state.User;
import io.kiipush.emulator.internal.util.Ids;
import io.kiipush.emulator.internal.util.Json;

/** Tokens, users, groups and things (kii-protocol §2). */
public final class AccountService {

    private static final Pattern LOGIN_NAME = Pattern.compile("^[a-zA-Z0-9\\-_.]{3,64}$");
    private static final Pattern PASSWORD = Pattern.compile("^[\\u0020-\\u007E]{4,50}$");
    private static final Pattern VENDOR_THING_ID = Pattern.compile("^[a-zA-Z0-9\\-_.]{1,200}$");
    private static final long NEVER = Integer.MAX_VALUE;

    private final Store store;

    public AccountService(Store store) {
        this.store = store;
    }

    // ------------------------------------------------------------------ tokens

    /** Issues a token under the lock. */
    static String issueToken(CloudState state, Principal p, long expiresAt) {
        String token = Ids.accessToken();
        state.tokens.put(token, new TokenInfo(p, expiresAt));
        return token;
    }

    /**
     * @param appId the app the request addresses
     * @param token bearer token
     * @return its principal
     * @throws KiiException 403 WRONG_TOKEN when unknown, expired or issued for another app
     */
    public Principal resolveToken(String appId, String token) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            TokenInfo info = store.state().tokens.get(token);
            if (info == null || !info.principal().appId().equals(appId)
                    || (info.expiresAt() > 0 && info.expiresAt() < System.currentTimeMillis())) {
                throw KiiException.of(KiiError.WRONG_TOKEN, "The provided token is not valid", "appID", appId,
                        "accessToken", token);
            }
            Principal p = info.principal();
            boolean exists = switch (p.kind()) {
                case USER -> app.users.containsKey(p.id());
                case THING -> app.things.containsKey(p.id());
                default -> true;
            };
            if (!exists) {
                throw KiiException.of(KiiError.WRONG_TOKEN, "The provided token is not valid", "appID", appId,
                        "accessToken", token);
            }
            return p;
        });
    }

    /** Resource-owner password grant for users and ({@code VENDOR_THING_ID:}) things. */
    public JsonObject passwordGrant(String appId, String username, String password, Long expiresAt) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            if (username == null || password == null) {
                throw KiiException.invalidGrant("username and password are required");
            }
            Principal p;
            if (username.startsWith("VENDOR_THING_ID:") || username.startsWith("THING_ID:")) {
                Thing t = username.startsWith("THING_ID:") ? app.things.get(username.substring(9))
                        : Access.byVendorId(app, username.substring(16));
                if (t == null || !password.equals(t.password)) {
                    throw KiiException.invalidGrant("The thing was not found or a wrong password was provided");
                }
                p = new Principal(appId, Principal.Kind.THING, t.id);
            } else {
                User u = findLoginUser(app, username);
                if (u == null || u.password == null || !password.equals(u.password)) {
                    throw KiiException.invalidGrant("The user was not found or a wrong password was provided");
                }
                p = new Principal(appId, Principal.Kind.USER, u.id);
            }
            return tokenResponse(p, expiresAt);
        });
    }

    /** client_credentials: the app-admin client pair gives an admin token; {@code client_id = appID} gives an anonymous one. */
    public JsonObject clientCredentials(String appId, String clientId, String clientSecret, Long expiresAt) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            if (app.credentials.clientId().equals(clientId)) {
                if (!app.credentials.clientSecret().equals(clientSecret)) {
                    throw KiiException.invalidClient("The client secret is wrong");
                }
                return tokenResponse(new Principal(appId, Principal.Kind.ADMIN, clientId), expiresAt);
            }
            if (appId.equals(clientId)) {
                return tokenResponse(new Principal(appId, Principal.Kind.ANONYMOUS, null), expiresAt);
            }
            throw KiiException.invalidClient("The client was not found");
        });
    }

    /** @return an admin token for the app (Java API shortcut) */
    public String adminToken(String appId) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            return issueToken(store.state(), new Principal(appId, Principal.Kind.ADMIN, app.credentials.clientId()), 0);
        });
    }

    /** @return a token for an existing user or thing (Java API shortcut) */
    public String tokenFor(Principal p) {
        return store.tx(tx -> issueToken(store.state(), p, 0));
    }

    private JsonObject tokenResponse(Principal p, Long expiresAt) {
        long now = System.currentTimeMillis();
        long exp = expiresAt == null || expiresAt <= 0 ? 0 : expiresAt;
        String token = issueToken(store.state(), p, exp);
        long expiresIn = exp == 0 ? NEVER : Math.max(0, (exp - now) / 1000);
        return Json.obj("id", p.kind() == Principal.Kind.ANONYMOUS ? null : p.id(), "access_token", token,
                "expires_in", expiresIn, "token_type", "Bearer");
    }

    private static User findLoginUser(AppData app, String username) {
        if (username.startsWith("EMAIL:")) {
            return Access.byEmail(app, username.substring(6));
        }
        if (username.startsWith("PHONE:") || username.startsWith("+")) {
            return Access.byPhone(app, username.startsWith("PHONE:") ? username.substring(6) : username);
        }
        User u = Access.byLogin(app, username);
        if (u == null && username.contains("@")) {
            u = Access.byEmail(app, username);
        }
        return u;
    }

    // ------------------------------------------------------------------ users

    /**
     * Registers a user ({@code RegistrationRequest} or {@code RegistrationAndAuthorizationRequest}).
     *
     * @param withToken also issue {@code _accessToken}
     * @return the 201 body
     */
    public JsonObject registerUser(String appId, JsonObject body, boolean withToken) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            String login = Json.str(body, "loginName");
            String email = Json.str(body, "emailAddress");
            String phone = Json.str(body, "phoneNumber");
            String password = Json.str(body, "password");
            boolean pseudo = login == null && email == null && phone == null && password == null;
            if (pseudo && !withToken) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "loginName, emailAddress or phoneNumber is required",
                        "field", "loginName");
            }
            if (!pseudo && (password == null || !PASSWORD.matcher(password).matches())) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "The password is invalid", "field", "password");
            }
            if (login != null && !LOGIN_NAME.matcher(login).matches()) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "The login name is invalid", "field", "loginName");
            }
            if (!pseudo && login == null && email == null && phone == null) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "loginName, emailAddress or phoneNumber is required",
                        "field", "loginName");
            }
            if ((login != null && Access.byLogin(app, login) != null)
                    || (email != null && Access.byEmail(app, email) != null)
                    || (phone != null && app.users.values().stream().anyMatch(u -> phone.equals(u.phone)))) {
                throw KiiException.of(KiiError.USER_ALREADY_EXISTS, "The user already exists", "field",
                        login != null ? "loginName" : email != null ? "emailAddress" : "phoneNumber");
            }
            User u = new User(Ids.kiiId());
            u.loginName = login;
            u.email = email;
            u.phone = phone;
            u.password = password;
            u.displayName = Json.str(body, "displayName");
            u.country = Json.str(body, "country");
            for (Map.Entry<String, JsonElement> e : body.entrySet()) {
                if (!List.of("loginName", "emailAddress", "phoneNumber", "password", "displayName", "country")
                        .contains(e.getKey())) {
                    u.custom.add(e.getKey(), e.getValue());
                }
            }
            app.users.put(u.id, u);
            JsonObject out = userJson(u);
            if (withToken) {
                out.addProperty("_accessToken",
                        issueToken(store.state(), new Principal(appId, Principal.Kind.USER, u.id), 0));
            }
            return out;
        });
    }

    /** GET a user: the user itself, admin, or any authenticated principal (public profile). */
    public JsonObject getUser(String appId, Principal p, String ref) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            return userJson(Access.user(app, ref, p));
        });
    }

    public void deleteUser(String appId, Principal p, String ref) {
        store.run(tx -> {
            AppData app = store.app(appId);
            User u = Access.user(app, ref, p);
            if (!(p != null && (p.isAdmin() || (p.isUser() && p.id().equals(u.id))))) {
                throw Access.denied(p, "Only the user or the app admin may delete a user");
            }
            app.users.remove(u.id);
        });
    }

    static JsonObject userJson(User u) {
        JsonObject o = Json.obj("userID", u.id, "internalUserID", Math.abs((long) u.id.hashCode()), "loginName",
                u.loginName, "displayName", u.displayName, "emailAddress", u.email, "phoneNumber", u.phone, "country",
                u.country, "_hasPassword", u.password != null, "_disabled", false, "emailAddressVerified",
                u.email != null ? Boolean.TRUE : null, "phoneNumberVerified", u.phone != null ? Boolean.TRUE : null,
                "_created", u.created);
        u.custom.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        return o;
    }

    // ------------------------------------------------------------------ groups

    public JsonObject createGroup(String appId, Principal p, JsonObject body) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireUserThingOrAdmin(p);
            String name = Json.str(body, "name");
            if (name == null || name.isBlank()) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "name is required", "field", "name");
            }
            String owner = Json.str(body, "owner");
            if (owner == null) {
                if (!p.isUser()) {
                    throw KiiException.of(KiiError.INVALID_INPUT_DATA, "owner is required", "field", "owner");
                }
                owner = p.id();
            }
            if (!p.isAdmin() && !(p.isUser() && p.id().equals(owner))) {
                throw Access.denied(p, "A user may only create groups it owns");
            }
            Access.user(app, owner, p);
            Group g = new Group(Ids.groupId());
            g.name = name;
            g.owner = owner;
            g.members.add(owner);
            JsonArray notFound = new JsonArray();
            if (body.has("members") && body.get("members").isJsonArray()) {
                for (JsonElement m : body.getAsJsonArray("members")) {
                    String id = m.getAsString();
                    if (app.users.containsKey(id)) {
                        g.members.add(id);
                    } else {
                        notFound.add(id);
                    }
                }
            }
            app.groups.put(g.id, g);
            return Json.obj("groupID", g.id, "notFoundUsers", notFound);
        });
    }

    public JsonObject getGroup(String appId, Principal p, String groupId) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Group g = Access.group(app, groupId);
            return Json.obj("groupID", g.id, "name", g.name, "owner", g.owner, "_created", g.created);
        });
    }

    public JsonObject groupMembers(String appId, Principal p, String groupId) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Group g = Access.group(app, groupId);
            JsonArray arr = new JsonArray();
            g.members.forEach(m -> arr.add(Json.obj("userID", m)));
            return Json.obj("members", arr);
        });
    }

    public void setGroupMember(String appId, Principal p, String groupId, String userRef, boolean add) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Group g = Access.group(app, groupId);
            if (!(p != null && (p.isAdmin() || (p.isUser() && p.id().equals(g.owner))))) {
                throw Access.denied(p, "Only the group owner or the app admin may change members");
            }
            User u = Access.user(app, userRef, p);
            if (add) {
                g.members.add(u.id);
            } else if (!g.members.remove(u.id)) {
                throw KiiException.of(KiiError.USER_NOT_FOUND, "The user is not a member", "userID", u.id);
            }
        });
    }

    // ------------------------------------------------------------------ things

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
                    issueToken(store.state(), new Principal(appId, Principal.Kind.THING, t.id), 0));
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
