package io.kiipush.emulator.internal.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.kiipush.emulator.Scope;
import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.SubscriptionInfo;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Bucket;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.Topic;

/** Push subscriptions of users and things to buckets and topics, with Kii's 204/409/404 answers (docs/kii-protocol.md §5). */
public final class SubscriptionService {

    private final Store store;

    public SubscriptionService(Store store) {
        this.store = store;
    }

    // ------------------------------------------------------------------ buckets

    /** Subscribes; a missing bucket is created, as on Kii, if the subscriber may query it. */
    public void subscribeBucket(String appId, Principal p, Scope scope, String bucketSegment, String filter,
            Subscriber target) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Scope s = Access.resolve(app, scope, p);
            String name = Buckets.name(bucketSegment);
            if (!"all".equals(filter)) {
                throw filterNotFound(name, filter);
            }
            Subscriber sub = subscriberOrSelf(app, p, target);
            String key = AppData.key(s, name);
            Bucket b = app.buckets.get(key);
            Bucket candidate = b != null ? b : Buckets.create(s, name);
            Principal subP = Access.asPrincipal(appId, sub);
            if (!(p.isAdmin() || Access.permitted(app, subP, candidate.acl, Buckets.QUERY_OBJECTS, s, null))) {
                throw Access.denied(p, "The subscriber may not read bucket " + name);
            }
            if (b == null) {
                app.buckets.put(key, candidate);
            }
            add(candidate.subscribers, sub, "bucketID", name);
        });
    }

    /** 204 when subscribed; 404 {@code PUSH_SUBSCRIPTION_NOT_FOUND} or {@code FILTER_NOT_FOUND} otherwise. */
    public void checkBucketSubscription(String appId, Principal p, Scope scope, String bucketSegment, String filter,
            Subscriber target) {
        bucketSubscription(appId, p, scope, bucketSegment, filter, target, false);
    }

    public void unsubscribeBucket(String appId, Principal p, Scope scope, String bucketSegment, String filter,
            Subscriber target) {
        bucketSubscription(appId, p, scope, bucketSegment, filter, target, true);
    }

    private void bucketSubscription(String appId, Principal p, Scope scope, String bucketSegment, String filter,
            Subscriber target, boolean remove) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Subscriber sub = subscriberOrSelf(app, p, target);
            Bucket b = filteredBucket(app, p, scope, bucketSegment, filter);
            require(b.subscribers, sub, remove, "bucketID", b.name);
        });
    }

    /** @return the bucket behind {@code .../buckets/{b}/filters/{filter}}; 404 FILTER_NOT_FOUND when either is missing */
    private static Bucket filteredBucket(AppData app, Principal p, Scope scope, String bucketSegment, String filter) {
        Scope s = Access.resolve(app, scope, p);
        String name = Buckets.name(bucketSegment);
        Bucket b = app.buckets.get(AppData.key(s, name));
        if (b == null || !"all".equals(filter)) {
            throw filterNotFound(name, filter);
        }
        return b;
    }

    private static KiiException filterNotFound(String bucket, String filter) {
        return KiiException.of(KiiError.FILTER_NOT_FOUND, "The filter was not found", "bucketID", bucket, "filterID",
                filter);
    }

    // ------------------------------------------------------------------ topics

    public void subscribeTopic(String appId, Principal p, Scope scope, String topicId, Subscriber target) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Topic t = TopicService.topic(app, p, scope, topicId);
            Subscriber sub = subscriberOrSelf(app, p, target);
            if (!(p.isAdmin() || Access.permitted(app, Access.asPrincipal(appId, sub), t.acl,
                    TopicService.SUBSCRIBE_TO_TOPIC, t.scope, null))) {
                throw Access.denied(p, "The subscriber may not subscribe to topic " + topicId);
            }
            add(t.subscribers, sub, "topicID", topicId);
        });
    }

    /** 204 when subscribed; 404 {@code PUSH_SUBSCRIPTION_NOT_FOUND} or {@code TOPIC_NOT_FOUND} otherwise. */
    public void checkTopicSubscription(String appId, Principal p, Scope scope, String topicId, Subscriber target) {
        topicSubscription(appId, p, scope, topicId, target, false);
    }

    public void unsubscribeTopic(String appId, Principal p, Scope scope, String topicId, Subscriber target) {
        topicSubscription(appId, p, scope, topicId, target, true);
    }

    private void topicSubscription(String appId, Principal p, Scope scope, String topicId, Subscriber target,
            boolean remove) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Topic t = TopicService.topic(app, p, scope, topicId);
            require(t.subscribers, subscriberOrSelf(app, p, target), remove, "topicID", topicId);
        });
    }

    // ------------------------------------------------------------------ common rules

    private static void add(Set<Subscriber> subscribers, Subscriber sub, String targetKey, String target) {
        if (!subscribers.add(sub)) {
            throw KiiException.of(KiiError.PUSH_SUBSCRIPTION_ALREADY_EXISTS, "The subscription already exists",
                    targetKey, target, subjectKey(sub), sub.id());
        }
    }

    /** 404 PUSH_SUBSCRIPTION_NOT_FOUND unless subscribed; {@code remove} also ends the subscription. */
    private static void require(Set<Subscriber> subscribers, Subscriber sub, boolean remove, String targetKey,
            String target) {
        if (!(remove ? subscribers.remove(sub) : subscribers.contains(sub))) {
            throw KiiException.of(KiiError.PUSH_SUBSCRIPTION_NOT_FOUND, "The subscription was not found", targetKey,
                    target, subjectKey(sub), sub.id());
        }
    }

    private static String subjectKey(Subscriber s) {
        return s.kind() == Subscriber.Kind.USER ? "userID" : "thingID";
    }

    /** Resolves the target (or the caller for "current user/thing" paths) and checks the caller may act for it. */
    private static Subscriber subscriberOrSelf(AppData app, Principal p, Subscriber target) {
        Access.requireToken(p);
        Subscriber sub;
        if (target == null || target.id() == null || target.id().isEmpty()) {
            sub = Access.asSubscriber(p);
            if (sub == null || (target != null && target.kind() != sub.kind())) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA,
                        "The current " + (target == null ? "principal" : target.kind().name().toLowerCase())
                                + " cannot be derived from this token");
            }
        } else if (target.kind() == Subscriber.Kind.USER && "me".equals(target.id())) {
            sub = Subscriber.user(Access.user(app, "me", p).id);
        } else {
            sub = Access.resolve(app, target);
        }
        if (!Access.actsFor(app, p, sub)) {
            throw Access.denied(p, "Not allowed to act for " + sub);
        }
        return sub;
    }

    // ------------------------------------------------------------------ observation

    /** @return every subscription of every app, buckets first */
    public List<SubscriptionInfo> subscriptions() {
        return store.tx(tx -> {
            List<SubscriptionInfo> out = new ArrayList<>();
            for (AppData app : store.state().apps.values()) {
                for (Bucket b : app.buckets.values()) {
                    b.subscribers.forEach(s -> out.add(new SubscriptionInfo(app.id(), SubscriptionInfo.Target.BUCKET,
                            b.scope, b.name, s)));
                }
                for (Topic t : app.topics.values()) {
                    t.subscribers.forEach(s -> out.add(new SubscriptionInfo(app.id(), SubscriptionInfo.Target.TOPIC,
                            t.scope, t.id, s)));
                }
            }
            return out;
        });
    }
}
