package io.kiipush.emulator.internal.service;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Group;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.User;
import io.kiipush.emulator.internal.util.Ids;
import io.kiipush.emulator.internal.util.Json;

/** Users and groups (docs/kii-protocol.md §2). */
public final class AccountService {

    private static final Pattern LOGIN_NAME = Pattern.compile("^[a-zA-Z0-9\\-_.]{3,64}$");
    private static final Pattern PASSWORD = Pattern.compile("^[\\u0020-\\u007E]{4,50}$");

    private final Store store;

    public AccountService(Store store) {
        this.store = store;
    }

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
                        TokenService.issueToken(store.state(), new Principal(appId, Principal.Kind.USER, u.id), 0));
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
}
