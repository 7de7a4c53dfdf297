package io.kiipush.emulator.internal.rest;

import com.google.gson.JsonObject;

import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.internal.service.ObjectService;
import io.kiipush.emulator.internal.util.Json;

/** Buckets, objects, topics and their push subscriptions in every scope (docs/kii-protocol.md §5, §8). */
final class ScopedRoutes {

    private static final String[] SCOPES = {"", "/users/{su}", "/groups/{sg}", "/things/{st}"};

    private ScopedRoutes() {
    }

    static void register(Router r, Services s) {
        for (String scope : SCOPES) {
            String base = "/api/apps/{app}" + scope;
            buckets(r, s, base + "/buckets/{bucket}");
            topics(r, s, base);
        }
    }

    private static void buckets(Router r, Services s, String bucket) {
        String subs = bucket + "/filters/{filter}/push/subscriptions";
        for (Subscriber.Kind kind : Subscriber.Kind.values()) {
            String seg = kind == Subscriber.Kind.USER ? "/users" : "/things";
            Router.Handler subscribeCurrent = c -> {
                s.subscriptions().subscribeBucket(c.app(), c.principal(), c.scope(), c.param("bucket"), c.param("filter"),
                        new Subscriber(kind, ""));
                return RestResponse.empty(204);
            };
            r.add("PUT", subs + seg, subscribeCurrent);
            r.add("POST", subs + seg, subscribeCurrent);
            r.add("PUT", subs + seg + "/{sub}", c -> {
                s.subscriptions().subscribeBucket(c.app(), c.principal(), c.scope(), c.param("bucket"), c.param("filter"),
                        new Subscriber(kind, c.param("sub")));
                return RestResponse.empty(204);
            });
            r.add("GET", subs + seg + "/{sub}", c -> {
                s.subscriptions().checkBucketSubscription(c.app(), c.principal(), c.scope(), c.param("bucket"),
                        c.param("filter"), new Subscriber(kind, c.param("sub")));
                return RestResponse.empty(204);
            });
            r.add("DELETE", subs + seg + "/{sub}", c -> {
                s.subscriptions().unsubscribeBucket(c.app(), c.principal(), c.scope(), c.param("bucket"), c.param("filter"),
                        new Subscriber(kind, c.param("sub")));
                return RestResponse.empty(204);
            });
        }

        r.add("DELETE", bucket, c -> {
            s.buckets().deleteBucket(c.app(), c.principal(), c.scope(), c.param("bucket"));
            return RestResponse.empty(204);
        });
        r.add("GET", bucket + "/acl", c -> RestResponse.json(200,
                s.buckets().bucketAcl(c.app(), c.principal(), c.scope(), c.param("bucket")),
                "application/vnd.kii.BucketACLRetrievalResponse+json"));
        r.add("PUT", bucket + "/acl/{action}/{subject}", c -> {
            s.buckets().changeBucketAcl(c.app(), c.principal(), c.scope(), c.param("bucket"), c.param("action"),
                    c.param("subject"), true);
            return RestResponse.empty(204);
        });
        r.add("DELETE", bucket + "/acl/{action}/{subject}", c -> {
            s.buckets().changeBucketAcl(c.app(), c.principal(), c.scope(), c.param("bucket"), c.param("action"),
                    c.param("subject"), false);
            return RestResponse.empty(204);
        });
        r.add("POST", bucket + "/query", c -> RestResponse.json(200,
                s.buckets().query(c.app(), c.principal(), c.scope(), c.param("bucket"), c.json()),
                "application/vnd.kii.QueryResponse+json"));

        String objects = bucket + "/objects";
        r.add("POST", objects, c -> {
            ObjectService.Written w = s.objects().create(c.app(), c.principal(), c.scope(), c.param("bucket"),
                    c.requiredJson(), c.request().contentType());
            return written(c, w, Json.obj("objectID", w.objectId(), "createdAt", w.createdAt(), "dataType",
                    w.dataType()), "application/vnd.kii.ObjectCreationResponse+json");
        });
        String object = objects + "/{object}";
        r.add("GET", object, c -> {
            JsonObject o = s.objects().get(c.app(), c.principal(), c.scope(), c.param("bucket"), c.param("object"));
            return RestResponse.json(200, o, Json.str(o, "_dataType"))
                    .header("ETag", "\"" + Json.str(o, "_version") + "\"");
        });
        r.add("PUT", object, c -> {
            ObjectService.Written w = s.objects().put(c.app(), c.principal(), c.scope(), c.param("bucket"),
                    c.param("object"), c.requiredJson(), c.request().contentType(), c.request().header("If-Match"),
                    c.request().header("If-None-Match"));
            return written(c, w, Json.obj("createdAt", w.createdAt(), "modifiedAt", w.modifiedAt()),
                    "application/vnd.kii.ObjectUpdateResponse+json");
        });
        Router.Handler patch = c -> {
            JsonObject o = s.objects().patch(c.app(), c.principal(), c.scope(), c.param("bucket"), c.param("object"),
                    c.requiredJson(), c.request().header("If-Match"));
            return RestResponse.json(200, o, "application/json")
                    .header("ETag", "\"" + Json.str(o, "_version") + "\"");
        };
        r.add("PATCH", object, patch);
        r.add("POST", object, c -> {
            String override = c.request().header("X-HTTP-Method-Override");
            if (override == null || !override.equalsIgnoreCase("PATCH")) {
                throw io.kiipush.emulator.internal.service.KiiException.of(
                        io.kiipush.emulator.internal.service.KiiError.METHOD_NOT_ALLOWED,
                        "POST on an object needs X-HTTP-Method-Override: PATCH");
            }
            return patch.handle(c);
        });
        r.add("DELETE", object, c -> {
            s.objects().delete(c.app(), c.principal(), c.scope(), c.param("bucket"), c.param("object"),
                    c.request().header("If-Match"));
            return RestResponse.empty(204);
        });
        r.add("PUT", object + "/body", c -> {
            long modified = s.objects().putBody(c.app(), c.principal(), c.scope(), c.param("bucket"),
                    c.param("object"), c.request().body(), c.request().contentType());
            return RestResponse.json(200, Json.obj("modifiedAt", modified),
                    "application/vnd.kii.ObjectBodyUpdateResponse+json");
        });
        r.add("GET", object + "/body", c -> {
            ObjectService.Body b = s.objects().getBody(c.app(), c.principal(), c.scope(), c.param("bucket"),
                    c.param("object"));
            return RestResponse.bytes(200, b.bytes(), b.contentType());
        });
        r.add("DELETE", object + "/body", c -> {
            s.objects().deleteBody(c.app(), c.principal(), c.scope(), c.param("bucket"), c.param("object"));
            return RestResponse.empty(204);
        });
        r.add("GET", object + "/acl", c -> RestResponse.json(200,
                s.objects().objectAcl(c.app(), c.principal(), c.scope(), c.param("bucket"), c.param("object")),
                "application/vnd.kii.ObjectACLRetrievalResponse+json"));
        r.add("PUT", object + "/acl/{action}/{subject}", c -> {
            s.objects().changeObjectAcl(c.app(), c.principal(), c.scope(), c.param("bucket"), c.param("object"),
                    c.param("action"), c.param("subject"), true);
            return RestResponse.empty(204);
        });
        r.add("DELETE", object + "/acl/{action}/{subject}", c -> {
            s.objects().changeObjectAcl(c.app(), c.principal(), c.scope(), c.param("bucket"), c.param("object"),
                    c.param("action"), c.param("subject"), false);
            return RestResponse.empty(204);
        });
    }

    private static RestResponse written(Call c, ObjectService.Written w, JsonObject body, String contentType) {
        String location = "/api/apps/" + c.app() + c.scope().pathPrefix() + "/buckets/" + w.bucketSegment()
                + "/objects/" + w.objectId();
        return RestResponse.json(w.created() ? 201 : 200, body, contentType).header("ETag", "\"" + w.version() + "\"")
                .header("Location", location);
    }

    private static void topics(Router r, Services s, String base) {
        r.add("GET", base + "/topics", c -> RestResponse.json(200,
                s.topics().listTopics(c.app(), c.principal(), c.scope()),
                "application/vnd.kii.TopicsRetrievalResponse+json"));
        String topic = base + "/topics/{topic}";
        r.add("PUT", topic, c -> {
            s.topics().createTopic(c.app(), c.principal(), c.scope(), c.param("topic"));
            return RestResponse.empty(204);
        });
        r.add("GET", topic, c -> {
            s.topics().checkTopic(c.app(), c.principal(), c.scope(), c.param("topic"));
            return RestResponse.empty(204);
        });
        r.add("DELETE", topic, c -> {
            s.topics().deleteTopic(c.app(), c.principal(), c.scope(), c.param("topic"));
            return RestResponse.empty(204);
        });
        r.add("POST", topic + "/push/messages", c -> RestResponse.json(200,
                s.topics().sendTopicMessage(c.app(), c.principal(), c.scope(), c.param("topic"), c.requiredJson()),
                "application/vnd.kii.SendPushMessageResponse+json"));
        r.add("GET", topic + "/acl", c -> RestResponse.json(200,
                s.topics().topicAcl(c.app(), c.principal(), c.scope(), c.param("topic")),
                "application/vnd.kii.TopicACLRetrievalResponse+json"));
        r.add("PUT", topic + "/acl/{action}/{subject}", c -> {
            s.topics().changeTopicAcl(c.app(), c.principal(), c.scope(), c.param("topic"), c.param("action"),
                    c.param("subject"), true);
            return RestResponse.empty(204);
        });
        r.add("DELETE", topic + "/acl/{action}/{subject}", c -> {
            s.topics().changeTopicAcl(c.app(), c.principal(), c.scope(), c.param("topic"), c.param("action"),
                    c.param("subject"), false);
            return RestResponse.empty(204);
        });

        String subs = topic + "/push/subscriptions";
        for (Subscriber.Kind kind : Subscriber.Kind.values()) {
            String seg = kind == Subscriber.Kind.USER ? "/users" : "/things";
            Router.Handler subscribeCurrent = c -> {
                s.subscriptions().subscribeTopic(c.app(), c.principal(), c.scope(), c.param("topic"), new Subscriber(kind, ""));
                return RestResponse.empty(204);
            };
            r.add("PUT", subs + seg, subscribeCurrent);
            r.add("POST", subs + seg, subscribeCurrent);
            r.add("PUT", subs + seg + "/{sub}", c -> {
                s.subscriptions().subscribeTopic(c.app(), c.principal(), c.scope(), c.param("topic"),
                        new Subscriber(kind, c.param("sub")));
                return RestResponse.empty(204);
            });
            r.add("GET", subs + seg + "/{sub}", c -> {
                s.subscriptions().checkTopicSubscription(c.app(), c.principal(), c.scope(), c.param("topic"),
                        new Subscriber(kind, c.param("sub")));
                return RestResponse.empty(204);
            });
            r.add("DELETE", subs + seg + "/{sub}", c -> {
                s.subscriptions().unsubscribeTopic(c.app(), c.principal(), c.scope(), c.param("topic"),
                        new Subscriber(kind, c.param("sub")));
                return RestResponse.empty(204);
            });
        }
    }
}
