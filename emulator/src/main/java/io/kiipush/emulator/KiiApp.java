package io.kiipush.emulator;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import io.kiipush.emulator.internal.rest.Services;
import io.kiipush.emulator.internal.service.InstallationService;
import io.kiipush.emulator.internal.service.KiiException;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.util.Json;

/**
 * Seeding and event generation for one app, through the same service logic the REST API uses (ACL included; the
 * default actor is the app admin, which may do anything). Use {@link #asUser(String)} / {@link #asThing(String)} to
 * act as someone else: the actor becomes the {@code sender} of the pushes it causes. Thread-safe; errors surface as
 * {@link KiiApiException}.
 */
public final class KiiApp {

    private final AppCredentials credentials;
    private final Services s;
    private final Principal actor;

    KiiApp(AppCredentials credentials, Services services, Principal actor) {
        this.credentials = credentials;
        this.s = services;
        this.actor = actor;
    }

    public String id() {
        return credentials.appId();
    }

    public String key() {
        return credentials.appKey();
    }

    public AppCredentials credentials() {
        return credentials;
    }

    /** @return a view of this app that acts as the user (sender of the events it causes) */
    public KiiApp asUser(String userId) {
        return new KiiApp(credentials, s, new Principal(id(), Principal.Kind.USER, userId));
    }

    /** @return a view of this app that acts as the thing */
    public KiiApp asThing(String thingId) {
        return new KiiApp(credentials, s, new Principal(id(), Principal.Kind.THING, thingId));
    }

    /** @return a view acting as the app admin (the default) */
    public KiiApp asAdmin() {
        return new KiiApp(credentials, s, admin());
    }

    private Principal admin() {
        return new Principal(id(), Principal.Kind.ADMIN, credentials.clientId());
    }

    // ------------------------------------------------------------------ identities

    /** @return a new app-admin access token */
    public String adminToken() {
        return call(() -> s.tokens().adminToken(id()));
    }

    /** Registers a user and returns it with a fresh token. */
    public UserInfo registerUser(String loginName, String password) {
        return call(() -> {
            JsonObject u = s.accounts().registerUser(id(), Json.obj("loginName", loginName, "password", password),
                    true);
            return new UserInfo(Json.str(u, "userID"), loginName, Json.str(u, "_accessToken"));
        });
    }

    /** @return a new token for the login name (or email/phone) and password */
    public String login(String username, String password) {
        return call(() -> Json.str(s.tokens().passwordGrant(id(), username, password, null), "access_token"));
    }

    /** Registers a thing ({@code thingType} may be null) and returns it with a fresh token. */
    public ThingInfo registerThing(String vendorThingId, String password, String thingType) {
        return call(() -> {
            JsonObject t = s.things().registerThing(id(), Json.obj("_vendorThingID", vendorThingId, "_password",
                    password, "_thingType", thingType));
            return new ThingInfo(Json.str(t, "_thingID"), vendorThingId, Json.str(t, "_accessToken"));
        });
    }

    public ThingInfo registerThing(String vendorThingId, String password) {
        return registerThing(vendorThingId, password, null);
    }

    /**
     * Thing-IF onboarding by vendor thing ID (creates the thing if new, plus its MQTT installation).
     *
     * @param ownerUserId owner to add, or {@code null}
     */
    public OnboardingInfo onboardThing(String vendorThingId, String password, String ownerUserId) {
        return call(() -> {
            JsonObject body = Json.obj("vendorThingID", vendorThingId, "thingPassword", password, "owner",
                    ownerUserId == null ? null : "user:" + ownerUserId);
            var o = s.thingIf().onboard(id(), admin(),
                    ownerUserId == null ? "application/vnd.kii.OnboardingWithVendorThingIDByThing+json"
                            : "application/vnd.kii.OnboardingWithVendorThingIDByOwner+json", body);
            return new OnboardingInfo(o.thingId(), o.accessToken(), o.endpoint());
        });
    }

    /** Creates a group owned by {@code ownerUserId} with the given members; returns the group ID. */
    public String createGroup(String name, String ownerUserId, String... memberUserIds) {
        return call(() -> {
            JsonArray members = new JsonArray();
            Arrays.stream(memberUserIds).forEach(members::add);
            return Json.str(s.accounts().createGroup(id(), admin(), Json.obj("name", name, "owner", ownerUserId,
                    "members", members)), "groupID");
        });
    }

    public void addGroupMember(String groupId, String userId) {
        run(() -> s.accounts().setGroupMember(id(), admin(), groupId, userId, true));
    }

    /** Makes the user an owner of the thing. */
    public void addThingOwner(String thingId, String ownerUserId) {
        run(() -> s.things().addThingOwner(id(), admin(), thingId, "user:" + ownerUserId));
    }

    // ------------------------------------------------------------------ installations

    /** Creates (or returns the existing) MQTT installation of a user or thing. */
    public InstallationInfo installMqtt(Subscriber owner, boolean development) {
        return call(() -> {
            JsonObject body = Json.obj("deviceType", "MQTT", "development", development);
            body.addProperty(owner.kind() == Subscriber.Kind.USER ? "userID" : "thingID", owner.id());
            InstallationService.Created c = s.installations().create(id(), admin(), body);
            return s.installations().list().stream().filter(i -> i.installationId().equals(c.installationId()))
                    .findFirst().orElseThrow();
        });
    }

    /** Endpoint data of an installation, without the injected 503s. */
    public MqttEndpointInfo mqttEndpoint(String installationId) {
        return call(() -> s.installations().endpointOf(installationId));
    }

    // ------------------------------------------------------------------ subscriptions, topics, ACL

    public void createTopic(Scope scope, String topicId) {
        run(() -> s.topics().createTopic(id(), actor, scope, topicId));
    }

    public void subscribeBucket(Scope scope, String bucketId, Subscriber subscriber) {
        run(() -> s.subscriptions().subscribeBucket(id(), actor, scope, bucketId, "all", subscriber));
    }

    public void unsubscribeBucket(Scope scope, String bucketId, Subscriber subscriber) {
        run(() -> s.subscriptions().unsubscribeBucket(id(), actor, scope, bucketId, "all", subscriber));
    }

    public void subscribeTopic(Scope scope, String topicId, Subscriber subscriber) {
        run(() -> s.subscriptions().subscribeTopic(id(), actor, scope, topicId, subscriber));
    }

    public void unsubscribeTopic(Scope scope, String topicId, Subscriber subscriber) {
        run(() -> s.subscriptions().unsubscribeTopic(id(), actor, scope, topicId, subscriber));
    }

    /**
     * @param action e.g. {@code QUERY_OBJECTS_IN_BUCKET}, {@code CREATE_OBJECTS_IN_BUCKET}
     * @param subject {@code UserID:x}, {@code GroupID:x}, {@code ThingID:x}, {@code ANY_AUTHENTICATED_USER}, {@code ANONYMOUS_USER}
     */
    public void grantBucketAcl(Scope scope, String bucketId, String action, String subject) {
        run(() -> s.buckets().changeBucketAcl(id(), actor, scope, bucketId, action, subject, true));
    }

    public void revokeBucketAcl(Scope scope, String bucketId, String action, String subject) {
        run(() -> s.buckets().changeBucketAcl(id(), actor, scope, bucketId, action, subject, false));
    }

    /** @param action {@code SUBSCRIBE_TO_TOPIC} or {@code SEND_MESSAGE_TO_TOPIC} */
    public void grantTopicAcl(Scope scope, String topicId, String action, String subject) {
        run(() -> s.topics().changeTopicAcl(id(), actor, scope, topicId, action, subject, true));
    }

    public void revokeTopicAcl(Scope scope, String topicId, String action, String subject) {
        run(() -> s.topics().changeTopicAcl(id(), actor, scope, topicId, action, subject, false));
    }

    /** Grants an object ACL entry; fans out {@code DATA_OBJECT_ACL_MODIFIED}. */
    public void grantObjectAcl(Scope scope, String bucketId, String objectId, String action, String subject) {
        run(() -> s.objects().changeObjectAcl(id(), actor, scope, bucketId, objectId, action, subject, true));
    }

    /** Revokes an object ACL entry; fans out {@code DATA_OBJECT_ACL_MODIFIED}. */
    public void revokeObjectAcl(Scope scope, String bucketId, String objectId, String action, String subject) {
        run(() -> s.objects().changeObjectAcl(id(), actor, scope, bucketId, objectId, action, subject, false));
    }

    // ------------------------------------------------------------------ bucket events (Push to App)

    /** Creates an object ({@code DATA_OBJECT_CREATED}); returns its ID. */
    public String createObject(Scope scope, String bucketId, Map<String, ?> data) {
        return createObject(scope, bucketId, Json.text(Json.toElement(data)));
    }

    public String createObject(Scope scope, String bucketId, String json) {
        return call(() -> s.objects().create(id(), actor, scope, bucketId, object(json), "application/json")
                .objectId());
    }

    /** PUT: replaces ({@code DATA_OBJECT_UPDATED}) or creates ({@code DATA_OBJECT_CREATED}) the object. */
    public void replaceObject(Scope scope, String bucketId, String objectId, Map<String, ?> data) {
        run(() -> s.objects().put(id(), actor, scope, bucketId, objectId, object(Json.text(Json.toElement(data))),
                "application/json", null, null));
    }

    /** PATCH ({@code DATA_OBJECT_UPDATED}). */
    public void patchObject(Scope scope, String bucketId, String objectId, Map<String, ?> changes) {
        run(() -> s.objects().patch(id(), actor, scope, bucketId, objectId, object(Json.text(Json.toElement(changes))),
                null));
    }

    /** {@code DATA_OBJECT_DELETED}. */
    public void deleteObject(Scope scope, String bucketId, String objectId) {
        run(() -> s.objects().delete(id(), actor, scope, bucketId, objectId, null));
    }

    /** {@code DATA_OBJECT_BODY_UPDATED}. */
    public void uploadObjectBody(Scope scope, String bucketId, String objectId, byte[] body, String contentType) {
        run(() -> s.objects().putBody(id(), actor, scope, bucketId, objectId, body, contentType));
    }

    /** {@code DATA_OBJECT_BODY_DELETED}. */
    public void deleteObjectBody(Scope scope, String bucketId, String objectId) {
        run(() -> s.objects().deleteBody(id(), actor, scope, bucketId, objectId));
    }

    /** {@code BUCKET_DELETED}. */
    public void deleteBucket(Scope scope, String bucketId) {
        run(() -> s.buckets().deleteBucket(id(), actor, scope, bucketId));
    }

    // ------------------------------------------------------------------ messages and commands

    /** Sends {@code data} to a topic for MQTT receivers with Kii's default send flags. */
    public void sendTopicMessage(Scope scope, String topicId, Map<String, ?> data) {
        sendTopicMessage(scope, topicId, Json.text(Json.obj("data", Json.toElement(data), "mqtt",
                Json.obj("enabled", true))));
    }

    /** Sends a raw push message request (the body of docs/kii-protocol.md §8.1: data, mqtt, send flags ...). */
    public void sendTopicMessage(Scope scope, String topicId, String messageJson) {
        run(() -> s.topics().sendTopicMessage(id(), actor, scope, topicId, object(messageJson)));
    }

    /** Direct push to a user's MQTT installations. */
    public void pushToUser(String userId, Map<String, ?> data) {
        pushToUser(userId, Json.text(Json.obj("data", Json.toElement(data), "mqtt", Json.obj("enabled", true))));
    }

    public void pushToUser(String userId, String messageJson) {
        run(() -> s.topics().pushToUser(id(), actor, userId, object(messageJson)));
    }

    /** Direct push to a thing's MQTT installations. */
    public void pushToThing(String thingId, Map<String, ?> data) {
        pushToThing(thingId, Json.text(Json.obj("data", Json.toElement(data), "mqtt", Json.obj("enabled", true))));
    }

    public void pushToThing(String thingId, String messageJson) {
        run(() -> s.topics().pushToThing(id(), actor, thingId, object(messageJson)));
    }

    /**
     * Thing-IF command to a thing; published to its MQTT topic.
     *
     * @param issuerUserId issuer ({@code user:} is prefixed)
     * @param actionsJson the {@code actions} JSON array
     * @return the command ID
     */
    public String sendCommand(String thingId, String issuerUserId, String actionsJson) {
        return call(() -> {
            JsonElement actions = Json.parse(actionsJson);
            return s.commands().postCommand(id(), actor, "thing:" + thingId,
                    Json.obj("actions", actions, "issuer", "user:" + issuerUserId));
        });
    }

    /** @return the thing's Thing-IF commands, oldest first, with their state and results */
    public List<CommandInfo> commands(String thingId) {
        return call(() -> s.commands().list(id(), thingId).stream().map(KiiApp::commandInfo).toList());
    }

    /** @return one command of the thing, with its state and results */
    public CommandInfo command(String thingId, String commandId) {
        return call(() -> commandInfo(s.commands().getCommand(id(), admin(), "thing:" + thingId, commandId)));
    }

    /** @return the bucket's objects, oldest first, as the app admin sees them */
    public List<ObjectInfo> objects(Scope scope, String bucketId) {
        return call(() -> s.objects().list(id(), scope, bucketId).stream().map(KiiApp::objectInfo).toList());
    }

    // ------------------------------------------------------------------ plumbing

    static CommandInfo commandInfo(JsonObject c) {
        JsonElement results = c.get("actionResults");
        return new CommandInfo(Json.str(c, "commandID"), Json.str(c, "target").substring("thing:".length()),
                Json.str(c, "commandState"), Json.text(c.get("actions")), results == null ? null : Json.text(results),
                c.get("createdAt").getAsLong(), c.get("modifiedAt").getAsLong());
    }

    static ObjectInfo objectInfo(JsonObject o) {
        return new ObjectInfo(Json.str(o, "_id"), Long.parseLong(Json.str(o, "_version")), o.get("_created").getAsLong(),
                o.get("_modified").getAsLong(), Json.text(o));
    }

    private static JsonObject object(String json) {
        return Json.parseObject(json);
    }

    /** Runs a service call; Kii errors and JSON that is not strict become {@link KiiApiException}s. */
    private static <T> T call(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (JsonParseException e) {
            throw apiException(KiiException.invalidJson(e));
        } catch (KiiException e) {
            throw apiException(e);
        }
    }

    private static KiiApiException apiException(KiiException e) {
        return new KiiApiException(e.status(), e.errorCode(), e.getMessage());
    }

    private static void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }
}
