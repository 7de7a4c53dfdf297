package io.kiipush.emulator.internal.service;

import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.Scope;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Bucket;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.StoredObject;
import io.kiipush.emulator.internal.util.Json;

/** Buckets: deletion, ACL and queries (docs/kii-protocol.md §8.2). */
public final class BucketService {

    private final Store store;

    public BucketService(Store store) {
        this.store = store;
    }

    private static final Set<String> ACTIONS = Set.of(Buckets.CREATE_OBJECTS, Buckets.QUERY_OBJECTS,
            Buckets.READ_OBJECTS, Buckets.DROP);

    public void deleteBucket(String appId, Principal p, Scope scope, String bucketSegment) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Scope s = Access.resolve(app, scope, p);
            Bucket b = Buckets.existing(app, s, Buckets.name(bucketSegment));
            if (!Access.permitted(app, p, b.acl, Buckets.DROP, s, null)) {
                throw Access.denied(p, "Not allowed to delete bucket " + b.name);
            }
            Buckets.publish(app, b, null, Buckets.BUCKET_DELETED, p, tx);
            app.buckets.remove(AppData.key(s, b.name));
        });
    }

    public void changeBucketAcl(String appId, Principal p, Scope scope, String bucketSegment, String action,
            String subject, boolean grant) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Scope s = Access.resolve(app, scope, p);
            String name = Buckets.name(bucketSegment);
            if (!Access.ownsScope(app, p, s)) {
                throw Access.denied(p, "Only the scope owner may change the bucket ACL");
            }
            if (!ACTIONS.contains(action)) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "Unknown bucket ACL action " + action);
            }
            Bucket b = app.buckets.computeIfAbsent(AppData.key(s, name), k -> Buckets.create(s, name));
            Access.applyAcl(b.acl, action, subject, grant);
        });
    }

    public JsonObject bucketAcl(String appId, Principal p, Scope scope, String bucketSegment) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            return Buckets.existing(app, Access.resolve(app, scope, p), Buckets.name(bucketSegment)).acl.toJson();
        });
    }

    /** Query: supports {@code all}, {@code eq}, {@code and}, {@code or}, {@code not}; everything else matches all. */
    public JsonObject query(String appId, Principal p, Scope scope, String bucketSegment, JsonObject request) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Scope s = Access.resolve(app, scope, p);
            Bucket b = Buckets.existing(app, s, Buckets.name(bucketSegment));
            if (!Access.permitted(app, p, b.acl, Buckets.QUERY_OBJECTS, s, null)) {
                throw Access.denied(p, "Not allowed to query bucket " + b.name);
            }
            JsonObject clause = null;
            if (request != null && request.has("bucketQuery") && request.get("bucketQuery").isJsonObject()) {
                JsonElement c = request.getAsJsonObject("bucketQuery").get("clause");
                clause = c != null && c.isJsonObject() ? c.getAsJsonObject() : null;
            }
            JsonArray results = new JsonArray();
            for (StoredObject o : b.objects.values()) {
                if (matches(clause, ObjectService.objectJson(o))) {
                    results.add(ObjectService.objectJson(o));
                }
            }
            return Json.obj("queryDescription", "WHERE ( 1=1 )", "results", results);
        });
    }

    private static boolean matches(JsonObject clause, JsonObject obj) {
        if (clause == null) {
            return true;
        }
        String type = Json.str(clause, "type");
        if (type == null) {
            return true;
        }
        return switch (type) {
            case "eq" -> {
                JsonElement v = obj.get(Json.str(clause, "field"));
                yield v != null && v.equals(clause.get("value"));
            }
            case "and" -> {
                for (JsonElement c : clause.getAsJsonArray("clauses")) {
                    if (!matches(c.getAsJsonObject(), obj)) {
                        yield false;
                    }
                }
                yield true;
            }
            case "or" -> {
                for (JsonElement c : clause.getAsJsonArray("clauses")) {
                    if (matches(c.getAsJsonObject(), obj)) {
                        yield true;
                    }
                }
                yield false;
            }
            case "not" -> !matches(clause.getAsJsonObject("clause"), obj);
            default -> true;
        };
    }
}
