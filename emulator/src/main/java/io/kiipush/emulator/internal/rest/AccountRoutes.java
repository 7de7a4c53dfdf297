package io.kiipush.emulator.internal.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.google.gson.JsonObject;

import io.kiipush.emulator.MqttEndpointInfo;
import io.kiipush.emulator.internal.service.InstallationService;
import io.kiipush.emulator.internal.service.KiiError;
import io.kiipush.emulator.internal.service.KiiException;
import io.kiipush.emulator.internal.util.Json;

/** Tokens, users, groups, things and installations (docs/kii-protocol.md §2, §3). */
final class AccountRoutes {

    private static final String API = "/api/apps/{app}";

    private AccountRoutes() {
    }

    static void register(Router r, Services s) {
        r.add("POST", "/api/oauth2/token", c -> token(c, s, appFromHeaders(c)));
        r.add("POST", API + "/oauth2/token", c -> token(c, s, c.app()));

        r.add("POST", API + "/users", c -> {
            String ct = c.request().contentType();
            boolean withToken = ct != null && ct.toLowerCase().contains("registrationandauthorizationrequest");
            JsonObject body = s.accounts().registerUser(c.app(), c.json(), withToken);
            return RestResponse.json(201, body, "application/vnd.kii.RegistrationResponse+json")
                    .header("Location", "/api/apps/" + c.app() + "/users/" + Json.str(body, "userID"));
        });
        r.add("GET", API + "/users/{user}", c -> RestResponse.json(200,
                s.accounts().getUser(c.app(), c.principal(), c.param("user")),
                "application/vnd.kii.UserDataRetrievalResponse+json"));
        r.add("DELETE", API + "/users/{user}", c -> {
            s.accounts().deleteUser(c.app(), c.principal(), c.param("user"));
            return RestResponse.empty(204);
        });
        r.add("POST", API + "/users/{user}/push/messages", c -> RestResponse.json(200,
                s.topics().pushToUser(c.app(), c.principal(), c.param("user"), c.requiredJson()),
                "application/vnd.kii.SendPushMessageResponse+json"));

        r.add("POST", API + "/groups", c -> {
            JsonObject body = s.accounts().createGroup(c.app(), c.principal(), c.requiredJson());
            return RestResponse.json(201, body, "application/vnd.kii.GroupCreationResponse+json")
                    .header("Location", "/api/apps/" + c.app() + "/groups/" + Json.str(body, "groupID"));
        });
        r.add("GET", API + "/groups/{group}", c -> RestResponse.json(200,
                s.accounts().getGroup(c.app(), c.principal(), c.param("group")),
                "application/vnd.kii.GroupRetrievalResponse+json"));
        r.add("GET", API + "/groups/{group}/members", c -> RestResponse.json(200,
                s.accounts().groupMembers(c.app(), c.principal(), c.param("group")),
                "application/vnd.kii.MembersRetrievalResponse+json"));
        r.add("PUT", API + "/groups/{group}/members/{user}", c -> {
            s.accounts().setGroupMember(c.app(), c.principal(), c.param("group"), c.param("user"), true);
            return RestResponse.empty(204);
        });
        r.add("DELETE", API + "/groups/{group}/members/{user}", c -> {
            s.accounts().setGroupMember(c.app(), c.principal(), c.param("group"), c.param("user"), false);
            return RestResponse.empty(204);
        });

        r.add("POST", API + "/things", c -> {
            JsonObject body = s.things().registerThing(c.app(), c.requiredJson());
            return RestResponse.json(201, body, "application/vnd.kii.ThingRegistrationAndAuthorizationResponse+json")
                    .header("Location", "/api/apps/" + c.app() + "/things/" + Json.str(body, "_thingID"));
        });
        r.add("GET", API + "/things/{thing}", c -> RestResponse.json(200,
                s.things().getThing(c.app(), c.principal(), c.param("thing")),
                "application/vnd.kii.ThingRetrievalResponse+json"));
        r.add("POST", API + "/things/{thing}/push/messages", c -> RestResponse.json(200,
                s.topics().pushToThing(c.app(), c.principal(), c.param("thing"), c.requiredJson()),
                "application/vnd.kii.SendPushMessageResponse+json"));
        r.add("PUT", API + "/things/{thing}/ownership/{owner}", c -> {
            s.things().addThingOwner(c.app(), c.principal(), c.param("thing"), c.param("owner"));
            return RestResponse.empty(204);
        });
        r.add("GET", API + "/things/{thing}/ownership/{owner}", c -> {
            if (!s.things().isThingOwner(c.app(), c.principal(), c.param("thing"), c.param("owner"))) {
                throw KiiException.of(KiiError.NOT_FOUND, "Not an owner", "owner", c.param("owner"));
            }
            return RestResponse.empty(204);
        });
        r.add("GET", API + "/things/{thing}/ownership", c -> RestResponse.json(200,
                s.things().thingOwners(c.app(), c.principal(), c.param("thing"))));
        r.add("POST", API + "/things/{thing}/ownership", c -> {
            JsonObject body = c.requiredJson();
            String owner = Json.str(body, "userID") != null ? "user:" + Json.str(body, "userID")
                    : "group:" + Json.str(body, "groupID");
            s.things().addThingOwner(c.app(), c.principal(), c.param("thing"), owner);
            return RestResponse.empty(204);
        });

        r.add("POST", API + "/installations", c -> {
            InstallationService.Created created = s.installations().create(c.app(), c.principal(), c.json());
            return RestResponse.json(201,
                    Json.obj("installationID", created.installationId(), "installationRegistrationID",
                            created.registrationId()),
                    "application/vnd.kii.InstallationCreationResponse+json")
                    .header("Location", "/api/apps/" + c.app() + "/installations/" + created.installationId());
        });
        r.add("GET", API + "/installations/{inst}", c -> RestResponse.json(200,
                s.installations().get(c.app(), c.principal(), c.param("inst")),
                "application/vnd.kii.InstallationRetrievalResponse+json"));
        r.add("DELETE", API + "/installations/{inst}", c -> {
            s.installations().delete(c.app(), c.principal(), c.param("inst"));
            return RestResponse.empty(204);
        });
        r.add("GET", API + "/installations/{inst}/mqtt-endpoint", c -> {
            MqttEndpointInfo e = s.installations().endpoint(c.app(), c.principal(), c.param("inst"), true);
            return RestResponse.json(200, InstallationService.endpointJson(e, "X-MQTT-TTL"),
                    "application/vnd.kii.MQTTEndpointResponse+json")
                    .header("X-MQTT-TTL", Long.toString(e.ttlSeconds()));
        });
    }

    private static RestResponse token(Call c, Services s, String appId) {
        if (appId == null) {
            throw KiiException.of(KiiError.APP_NOT_FOUND, "The application could not be determined from the request");
        }
        JsonObject body = c.requiredJson();
        String grant = Json.str(body, "grant_type");
        Long expiresAt = body.has("expiresAt") && body.get("expiresAt").isJsonPrimitive()
                ? body.get("expiresAt").getAsLong() : null;
        JsonObject answer;
        if ("client_credentials".equals(grant)) {
            String[] basic = basic(c.request());
            String clientId = Json.str(body, "client_id") != null ? Json.str(body, "client_id")
                    : basic != null ? basic[0] : null;
            String secret = Json.str(body, "client_secret") != null ? Json.str(body, "client_secret")
                    : basic != null ? basic[1] : null;
            answer = s.tokens().clientCredentials(appId, clientId, secret, expiresAt);
        } else if (grant == null || "password".equals(grant)) {
            answer = s.tokens().passwordGrant(appId, Json.str(body, "username"), Json.str(body, "password"),
                    expiresAt);
        } else {
            throw KiiException.invalidGrant("Unsupported grant_type " + grant);
        }
        return RestResponse.json(200, answer, "application/json");
    }

    /** The app of {@code /api/oauth2/token}: X-Kii-AppID, else the Basic user name. */
    static String appFromHeaders(Call c) {
        String id = c.request().header("X-Kii-AppID");
        if (id != null) {
            return id;
        }
        String[] basic = basic(c.request());
        return basic == null ? null : basic[0];
    }

    /** @return {@code [user, password]} of a Basic Authorization header, or {@code null} */
    static String[] basic(RestRequest request) {
        String auth = request.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? new String[] {decoded, ""}
                    : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
