package io.kiipush.emulator.internal.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.kiipush.emulator.PushKind;
import io.kiipush.emulator.Scope;
import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.SubscriptionInfo;
import io.kiipush.emulator.internal.state.Acl;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Bucket;
import io.kiipush.emulator.internal.state.Installation;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.Thing;
import io.kiipush.emulator.internal.state.Topic;
import io.kiipush.emulator.internal.state.User;
import io.kiipush.emulator.internal.util.Ids;
import io.kiipush.emulator.internal.util.Json;

/** Push subscriptions, topics, topic messages and direct push, plus the fan-out to MQTT topics (kii-protocol §5, §8). */
public final class PushService {

    static final String SUBSCRIBE_TO_TOPIC = "SUBSCRIBE_TO_TOPIC";
    static final String SEND_MESSAGE_TO_TOPIC = "SEND_MESSAGE_TO_TOPIC";
    static final String QUERY_OBJECTS_IN_BUCKET = "QUERY_OBJECTS_IN_BUCKET";
    private static final Pattern TOPIC_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    private final Store store;

    public PushService(Store store) {
        this.store = store;
    }

    // ------------------------------------------------------------------ fan-out (under the lock)

    /** Publishes {@code payload} to the MQTT topic of every MQTT installation the subscribers own. */
    static void fanOut(AppData app, Collection<Subscriber> subscribers, String payload, PushKind kind, Tx tx,
            Predicate<Installation> filter) {
        Set<String> topics = new LinkedHashSet<>();
        for (Subscriber s : subscribers) {
            for (Installation i : app.installations.values()) {
                if (i.isMqtt() && i.owner.equals(s) && filter.test(i)) {
                    topics.add(i.credentials.topic());
                }
            }
        }
        for (String t : topics) {
            tx.publish(t, payload, kind);
        }
    }

    private static Predicate<Installation> developmentFilter(JsonObject msg) {
        boolean dev = Payloads.toDevelopment(msg);
        boolean prod = Payloads.toProduction(msg);
        return i -> i.development ? dev : prod;
    }

    // ------------------------------------------------------------------ bucket subscriptions

    /** Under the lock: a bucket's name from a path segment ({@code rw:} dropped, {@code CRYPTO:} kept). */
    static String bucketName(String segment) {
        String name = segment.startsWith("rw:") ? segment.substring(3) : segment;
        String plain = name.startsWith("CRYPTO:") ? name.substring(7) : name;
        if (!plain.matches("^[a-zA-Z0-9_-]{2,64}$")) {
            throw KiiException.of(KiiError.INVALID_BUCKET, "Invalid bucket ID: " + segment, "bucketID", segment);
        }
        return name;
    }

    /** Under the lock: the default ACL Kii gives a new bucket in this scope (inferred). */
    static Bucket newBucket(Scope scope, String name) {
        Bucket b = new Bucket(scope, name);
        if (scope.type() == Scope.Type.APP) {
            b.acl.grant("CREATE_OBJECTS_IN_BUCKET", Acl.ANY_AUTHENTICATED_USER);
            b.acl.grant(QUERY_OBJECTS_IN_BUCKET, Acl.ANY_AUTHENTICATED_USER);
        }
        return b;
    }

    public void subscribeBucket(String appId, Principal p, Scope scope, String bucketSegment, String filter,
            Subscriber target) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Scope s = Access.resolve(app, scope, p);
            String name = bucketName(bucketSegment);
            requireAllFilter(filter, name);
            Subscriber sub = subscriberOrSelf(app, p, target);
            String key = AppData.key(s, name);
            Bucket b = app.buckets.get(key);
            Bucket candidate = b != null ? b : newBucket(s, name);
            Principal subP = Access.asPrincipal(appId, sub);
            if (!(p.isAdmin() || Access.permitted(app, subP, candidate.acl, QUERY_OBJECTS_IN_BUCKET, s, null))) {
                throw Access.denied(p, "The subscriber may not read bucket " + name);
            }
            if (b == null) {
                app.buckets.put(key, candidate);
            }
            if (!candidate.subscribers.add(sub)) {
                throw KiiException.of(KiiError.PUSH_SUBSCRIPTION_ALREADY_EXISTS, "The subscription already exists",
                        "bucketID", name, subjectKey(sub), sub.id());
            }
        });
    }

    public void checkBucketSubscription(String appId, Principal p, Scope scope, String bucketSegment, String filter,
            Subscriber target) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Scope s = Access.resolve(app, scope, p);
            String name = bucketName(bucketSegment);
            Subscriber sub = subscriberOrSelf(app, p, target);
            Bucket b = app.buckets.get(AppData.key(s, name));
            if (b == null || !"all".equals(filter)) {
                throw filterNotFound(name, filter);
            }
            if (!b.subscribers.contains(sub)) {
                throw KiiException.of(KiiError.PUSH_SUBSCRIPTION_NOT_FOUND, "The subscription was not found",
                        "bucketID", name, subjectKey(sub), sub.id());
            }
        });
    }

    public void unsubscribeBucket(String appId, Principal p, Scope scope, String bucketSegment, String filter,
            Subscriber target) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Scope s = Access.resolve(app, scope, p);
            String name = bucketName(bucketSegment);
            Subscriber sub = subscriberOrSelf(app, p, target);
            if (!Access.actsFor(app, p, sub)) {
                throw Access.denied(p, "Not allowed to unsubscribe " + sub);
            }
            Bucket b = app.buckets.get(AppData.key(s, name));
            if (b == null || !"all".equals(filter)) {
                throw filterNotFound(name, filter);
            }
            if (!b.subscribers.remove(sub)) {
                throw KiiException.of(KiiError.PUSH_SUBSCRIPTION_NOT_FOUND, "The subscription was not found",
                        "bucketID", name, subjectKey(sub), sub.id());
            }
        });
    }

    private static void requireAllFilter(String filter, String bucket) {
        if (!"all".equals(filter)) {
            throw filterNotFound(bucket, filter);
        }
    }

    private static KiiException filterNotFound(String bucket, String filter) {
        return KiiException.of(KiiError.FILTER_NOT_FOUND, "The filter was not found", "bucketID", bucket, "filterID",
                filter);
    }

    private static String subjectKey(Subscriber s) {
        return s.kind() == Subscriber.Kind.USER ? "userID" : "thingID";
    }

    /** Resolves the target (or the caller for "current user/thing" paths) and checks the caller may act for it. */
    private static Subscriber subscriberOrSelf(AppData app, Principal p, Subscriber target) {
        Subscriber sub;
        if (target == null || target.id() == null || target.id().isEmpty()) {
            sub = Access.asSubscriber(p);
            if (sub == null || (target != null && target.kind() != sub.kind())) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA,
                        "The current " + (target == null ? "principal" : target.kind().name().toLowerCase())
                                + " cannot be derived from this token");
            }
        } else {
            if (target.kind() == Subscriber.Kind.USER && "me".equals(target.id())) {
                sub = Subscriber.user(Access.user(app, "me", p).id);
            } else {
                sub = Access.resolve(app, target);
            }
        }
        if (!Access.actsFor(app, p, sub)) {
            throw Access.denied(p, "Not allowed to act for " + sub);
        }
        return sub;
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

    private static Topic topic(AppData app, Principal p, Scope scope, String topicId) {
        Access.requireToken(p);
        Scope s = Access.resolve(app, scope, p);
        Topic t = app.topics.get(AppData.key(s, topicId));
        if (t == null) {
            throw KiiException.of(KiiError.TOPIC_NOT_FOUND, "Topic " + topicId + " was not found", "topicID", topicId,
                    "objectScope", s.toString());
        }
        return t;
    }

    public void subscribeTopic(String appId, Principal p, Scope scope, String topicId, Subscriber target) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Topic t = topic(app, p, scope, topicId);
            Subscriber sub = subscriberOrSelf(app, p, target);
            if (!(p.isAdmin() || Access.permitted(app, Access.asPrincipal(appId, sub), t.acl, SUBSCRIBE_TO_TOPIC,
                    t.scope, null))) {
                throw Access.denied(p, "The subscriber may not subscribe to topic " + topicId);
            }
            if (!t.subscribers.add(sub)) {
                throw KiiException.of(KiiError.PUSH_SUBSCRIPTION_ALREADY_EXISTS, "The subscription already exists",
                        "topicID", topicId, subjectKey(sub), sub.id());
            }
        });
    }

    public void checkTopicSubscription(String appId, Principal p, Scope scope, String topicId, Subscriber target) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Topic t = topic(app, p, scope, topicId);
            Subscriber sub = subscriberOrSelf(app, p, target);
            if (!t.subscribers.contains(sub)) {
                throw KiiException.of(KiiError.PUSH_SUBSCRIPTION_NOT_FOUND, "The subscription was not found",
                        "topicID", topicId, subjectKey(sub), sub.id());
            }
        });
    }

    public void unsubscribeTopic(String appId, Principal p, Scope scope, String topicId, Subscriber target) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Topic t = topic(app, p, scope, topicId);
            Subscriber sub = subscriberOrSelf(app, p, target);
            if (!t.subscribers.remove(sub)) {
                throw KiiException.of(KiiError.PUSH_SUBSCRIPTION_NOT_FOUND, "The subscription was not found",
                        "topicID", topicId, subjectKey(sub), sub.id());
            }
        });
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
                fanOut(app, t.subscribers, text, PushKind.PUSH_TO_USER, tx, developmentFilter(msg));
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
            fanOut(app, List.of(target), text, PushKind.DIRECT_PUSH, tx, developmentFilter(msg));
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
            ObjectService.applyAcl(t.acl, action, subject, grant);
        });
    }

    public JsonObject topicAcl(String appId, Principal p, Scope scope, String topicId) {
        return store.tx(tx -> topic(store.app(appId), p, scope, topicId).acl.toJson());
    }

    // ------------------------------------------------------------------ observation

    public List<SubscriptionInfo> subscriptions() {
        return store.tx(tx -> {
            List<SubscriptionInfo> out = new ArrayList<>();
            for (AppData app : store.state().apps.values()) {
                collect(out, app.id(), app.buckets.values(), SubscriptionInfo.Target.BUCKET, b -> b.scope,
                        b -> b.name, b -> b.subscribers);
                collect(out, app.id(), app.topics.values(), SubscriptionInfo.Target.TOPIC, t -> t.scope, t -> t.id,
                        t -> t.subscribers);
            }
            return out;
        });
    }

    private static <T> void collect(List<SubscriptionInfo> out, String appId, Collection<T> items,
            SubscriptionInfo.Target target, Function<T, Scope> scope, Function<T, String> name,
            Function<T, Set<Subscriber>> subs) {
        for (T item : items) {
            for (Subscriber s : subs.apply(item)) {
                out.add(new SubscriptionInfo(appId, target, scope.apply(item), name.apply(item), s));
            }
        }
    }
}
