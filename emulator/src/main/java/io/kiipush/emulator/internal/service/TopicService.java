package io.kiipush.emulator.internal.service;

import java.util.List;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.kiipush.emulator.PushKind;
import io.kiipush.emulator.Scope;
import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.internal.state.Acl;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.Thing;
import io.kiipush.emulator.internal.state.Topic;
import io.kiipush.emulator.internal.state.User;
import io.kiipush.emulator.internal.util.Ids;
import io.kiipush.emulator.internal.util.Json;

/** Topics, their ACLs, messages sent to them and direct pushes (docs/kii-protocol.md §5.2, §6.2, §6.3, §8.1). */
public final class TopicService {

    static final String SUBSCRIBE_TO_TOPIC = "SUBSCRIBE_TO_TOPIC";
    static final String SEND_MESSAGE_TO_TOPIC = "SEND_MESSAGE_TO_TOPIC";
    private static final Pattern TOPIC_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    private final Store store;

    public TopicService(Store store) {
        this.store = store;
    }

    // ------------------------------------------------------------------ topics

    public void createTopic(String appId, Principal p, Scope scope, String topicId) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Scope s = Access.resolve(app, scope, p);
            if (!TOPIC_ID.matcher(topicId).matches()) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "Invalid topic ID: " + topicId, "field", "topicID");
            }
            if (!Access.ownsScope(app, p, s)) {
                throw Access.denied(p, s.type() == Scope.Type.APP ? "Only the app admin may create app-scope topics"
                        : "Only the scope owner may create topics here");
            }
            String key = AppData.key(s, topicId);
            if (app.topics.containsKey(key)) {
                throw KiiException.of(KiiError.TOPIC_ALREADY_EXISTS, "The topic already exists", "topicID", topicId,
                        "objectScope", s.toString());
            }
            Topic t = new Topic(s, topicId);
            if (s.type() == Scope.Type.APP) {
                t.acl.grant(SUBSCRIBE_TO_TOPIC, Acl.ANY_AUTHENTICATED_USER);
            }
            app.topics.put(key, t);
        });
    }

    public void checkTopic(String appId, Principal p, Scope scope, String topicId) {
        store.run(tx -> topic(store.app(appId), p, scope, topicId));
    }

    public void deleteTopic(String appId, Principal p, Scope scope, String topicId) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Topic t = topic(app, p, scope, topicId);
            if (!Access.ownsScope(app, p, t.scope)) {
                throw Access.denied(p, "Only the scope owner may delete the topic");
            }
            app.topics.remove(AppData.key(t.scope, t.id));
        });
    }

    public JsonObject listTopics(String appId, Principal p, Scope scope) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Scope s = Access.resolve(app, scope, p);
            JsonArray arr = new JsonArray();
            for (Topic t : app.topics.values()) {
                if (t.scope.equals(s)) {
                    arr.add(Json.obj("topicID", t.id));
                }
            }
            return Json.obj("topics", arr);
        });
    }

    /** Under the lock: the topic, after the token and scope checks; 404 TOPIC_NOT_FOUND. */
    static Topic topic(AppData app, Principal p, Scope scope, String topicId) {
        Access.requireToken(p);
        Scope s = Access.resolve(app, scope, p);
        Topic t = app.topics.get(AppData.key(s, topicId));
        if (t == null) {
            throw KiiException.of(KiiError.TOPIC_NOT_FOUND, "Topic " + topicId + " was not found", "topicID", topicId,
                    "objectScope", s.toString());
        }
        return t;
    }

    /** POST .../topics/{t}/push/messages: validates, then fans out to MQTT subscribers; 200 {@code {pushMessageID}}. */
    public JsonObject sendTopicMessage(String appId, Principal p, Scope scope, String topicId, JsonObject msg) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Topic t = topic(app, p, scope, topicId);
            if (!Access.permitted(app, p, t.acl, SEND_MESSAGE_TO_TOPIC, t.scope, null)) {
                throw Access.denied(p, "Not allowed to send messages to topic " + topicId);
            }
            Payloads.validate(msg);
            if (Payloads.mqttEnabled(msg)) {
                String text = Payloads.checkedText(
                        Payloads.topicMessage(appId, t.scope, t.id, p, msg, System.currentTimeMillis()));
                Delivery.fanOut(app, t.subscribers, text, PushKind.PUSH_TO_USER, tx, Delivery.developmentFilter(msg));
            }
            return Json.obj("pushMessageID", Ids.uuid());
        });
    }

    /** Direct push to a user: the admin or the user itself. */
    public JsonObject pushToUser(String appId, Principal p, String userRef, JsonObject msg) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            User u = Access.user(app, userRef, p);
            if (!Access.actsFor(app, p, Subscriber.user(u.id))) {
                throw Access.denied(p, "Only the app admin may push to another user");
            }
            return direct(app, p, Subscriber.user(u.id), msg, tx);
        });
    }

    /** Direct push to a thing: the admin, the thing itself or an owner. */
    public JsonObject pushToThing(String appId, Principal p, String thingRef, JsonObject msg) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Thing t = Access.thing(app, thingRef);
            if (!Access.actsFor(app, p, Subscriber.thing(t.id))) {
                throw Access.denied(p, "Not allowed to push to this thing");
            }
            return direct(app, p, Subscriber.thing(t.id), msg, tx);
        });
    }

    private static JsonObject direct(AppData app, Principal p, Subscriber target, JsonObject msg, Tx tx) {
        Payloads.validate(msg);
        if (Payloads.mqttEnabled(msg)) {
            String text = Payloads.checkedText(Payloads.directPush(app.id(), p, msg, System.currentTimeMillis()));
            Delivery.fanOut(app, List.of(target), text, PushKind.DIRECT_PUSH, tx, Delivery.developmentFilter(msg));
        }
        return Json.obj("pushMessageID", Ids.uuid());
    }

    // ------------------------------------------------------------------ topic ACL

    public void changeTopicAcl(String appId, Principal p, Scope scope, String topicId, String action, String subject,
            boolean grant) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Topic t = topic(app, p, scope, topicId);
            if (!Access.ownsScope(app, p, t.scope)) {
                throw Access.denied(p, "Only the scope owner may change the topic ACL");
            }
            if (!action.equals(SUBSCRIBE_TO_TOPIC) && !action.equals(SEND_MESSAGE_TO_TOPIC)) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "Unknown topic ACL action " + action);
            }
            Access.applyAcl(t.acl, action, subject, grant);
        });
    }

    public JsonObject topicAcl(String appId, Principal p, Scope scope, String topicId) {
        return store.tx(tx -> topic(store.app(appId), p, scope, topicId).acl.toJson());
    }
}
