package io.kiipush.emulator.internal.service;

import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.PushKind;
import io.kiipush.emulator.Scope;
import io.kiipush.emulator.internal.state.Acl;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Bucket;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.StoredObject;
import io.kiipush.emulator.internal.util.Ids;
import io.kiipush.emulator.internal.util.Json;

/** Buckets, objects, bodies and their ACLs; every change fans out the matching Push-to-App event (kii-protocol §8.2). */
public final class ObjectService {

    public static final String DATA_OBJECT_CREATED = "DATA_OBJECT_CREATED";
    public static final String DATA_OBJECT_UPDATED = "DATA_OBJECT_UPDATED";
    public static final String DATA_OBJECT_DELETED = "DATA_OBJECT_DELETED";
    public static final String DATA_OBJECT_BODY_UPDATED = "DATA_OBJECT_BODY_UPDATED";
    public static final String DATA_OBJECT_BODY_DELETED = "DATA_OBJECT_BODY_DELETED";
    public static final String DATA_OBJECT_ACL_MODIFIED = "DATA_OBJECT_ACL_MODIFIED";
    public static final String BUCKET_DELETED = "BUCKET_DELETED";

    private static final String CREATE = "CREATE_OBJECTS_IN_BUCKET";
    private static final String QUERY = PushService.QUERY_OBJECTS_IN_BUCKET;
    private static final String DROP = "DROP_BUCKET_WITH_ALL_CONTENT";
    private static final String READ = "READ_EXISTING_OBJECT";
    private static final String WRITE = "WRITE_EXISTING_OBJECT";
    private static final Set<String> BUCKET_ACTIONS = Set.of(CREATE, QUERY, DROP, "READ_OBJECTS_IN_BUCKET");
    private static final Set<String> OBJECT_ACTIONS = Set.of(READ, WRITE);
    private static final int MAX_OBJECT_CHARS = 65534;

    private final Store store;

    public ObjectService(Store store) {
        this.store = store;
    }

    /** What a write returns to the REST layer. */
    public record Written(String objectId, long version, long createdAt, long modifiedAt, boolean created,
            String dataType, String bucketSegment) {
    }

    /** An object body. */
    public record Body(byte[] bytes, String contentType) {
    }

    // ------------------------------------------------------------------ objects

    public Written create(String appId, Principal p, Scope scope, String bucketSegment, JsonObject data,
            String contentType) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Scope s = Access.resolve(app, scope, p);
            String name = PushService.bucketName(bucketSegment);
            Bucket b = bucketForWrite(app, p, s, name);
            checkSize(data);
            long now = System.currentTimeMillis();
            StoredObject o = new StoredObject(Ids.kiiId(), data, dataType(contentType), p, now);
            b.objects.put(o.id, o);
            event(app, b, o.id, DATA_OBJECT_CREATED, p, tx);
            return written(o, true, b);
        });
    }

    public Written put(String appId, Principal p, Scope scope, String bucketSegment, String objectId, JsonObject data,
            String contentType, String ifMatch, String ifNoneMatch) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Scope s = Access.resolve(app, scope, p);
            String name = PushService.bucketName(bucketSegment);
            if (!objectId.matches("^[a-zA-Z0-9_.-]{2,100}$")) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "Invalid object ID " + objectId, "field", "objectID");
            }
            checkSize(data);
            Bucket existingBucket = app.buckets.get(AppData.key(s, name));
            StoredObject o = existingBucket == null ? null : existingBucket.objects.get(objectId);
            long now = System.currentTimeMillis();
            if (o == null) {
                if (ifMatch != null) {
                    throw notFound(objectId);
                }
                Bucket b = bucketForWrite(app, p, s, name);
                StoredObject created = new StoredObject(objectId, data, dataType(contentType), p, now);
                b.objects.put(objectId, created);
                event(app, b, objectId, DATA_OBJECT_CREATED, p, tx);
                return written(created, true, b);
            }
            requireWrite(app, p, existingBucket, o);
            if ("*".equals(ifNoneMatch)) {
                throw KiiException.of(KiiError.OBJECT_ALREADY_EXISTS, "The object already exists", "objectID", objectId);
            }
            checkVersion(o, ifMatch);
            o.data = data;
            o.dataType = dataType(contentType);
            o.modified = now;
            o.version++;
            event(app, existingBucket, objectId, DATA_OBJECT_UPDATED, p, tx);
            return written(o, false, existingBucket);
        });
    }

    public JsonObject patch(String appId, Principal p, Scope scope, String bucketSegment, String objectId,
            JsonObject partial, String ifMatch) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Located l = locate(app, p, scope, bucketSegment, objectId);
            requireWrite(app, p, l.bucket, l.object);
            checkVersion(l.object, ifMatch);
            for (Map.Entry<String, JsonElement> e : partial.entrySet()) {
                l.object.data.add(e.getKey(), e.getValue());
            }
            checkSize(l.object.data);
            l.object.modified = System.currentTimeMillis();
            l.object.version++;
            event(app, l.bucket, objectId, DATA_OBJECT_UPDATED, p, tx);
            return objectJson(l.object);
        });
    }

    public void delete(String appId, Principal p, Scope scope, String bucketSegment, String objectId, String ifMatch) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Located l = locate(app, p, scope, bucketSegment, objectId);
            requireWrite(app, p, l.bucket, l.object);
            checkVersion(l.object, ifMatch);
            l.bucket.objects.remove(objectId);
            event(app, l.bucket, objectId, DATA_OBJECT_DELETED, p, tx);
        });
    }

    /** @return the object JSON and its version (for ETag) */
    public JsonObject get(String appId, Principal p, Scope scope, String bucketSegment, String objectId) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Located l = locate(app, p, scope, bucketSegment, objectId);
            if (!(Access.permitted(app, p, l.object.acl, READ, l.bucket.scope, l.object.owner)
                    || Access.permitted(app, p, l.bucket.acl, QUERY, l.bucket.scope, null))) {
                throw Access.denied(p, "Not allowed to read the object");
            }
            return objectJson(l.object);
        });
    }

    public long putBody(String appId, Principal p, Scope scope, String bucketSegment, String objectId, byte[] body,
            String contentType) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Located l = locate(app, p, scope, bucketSegment, objectId);
            requireWrite(app, p, l.bucket, l.object);
            l.object.body = body;
            l.object.bodyType = contentType == null ? "application/octet-stream" : contentType;
            l.object.modified = System.currentTimeMillis();
            event(app, l.bucket, objectId, DATA_OBJECT_BODY_UPDATED, p, tx);
            return l.object.modified;
        });
    }

    public Body getBody(String appId, Principal p, Scope scope, String bucketSegment, String objectId) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Located l = locate(app, p, scope, bucketSegment, objectId);
            if (l.object.body == null) {
                throw KiiException.of(KiiError.OBJECT_BODY_NOT_FOUND, "The object has no body", "objectID", objectId);
            }
            return new Body(l.object.body, l.object.bodyType);
        });
    }

    public void deleteBody(String appId, Principal p, Scope scope, String bucketSegment, String objectId) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Located l = locate(app, p, scope, bucketSegment, objectId);
            requireWrite(app, p, l.bucket, l.object);
            if (l.object.body == null) {
                throw KiiException.of(KiiError.OBJECT_BODY_NOT_FOUND, "The object has no body", "objectID", objectId);
            }
            l.object.body = null;
            l.object.bodyType = null;
            event(app, l.bucket, objectId, DATA_OBJECT_BODY_DELETED, p, tx);
        });
    }

    public void changeObjectAcl(String appId, Principal p, Scope scope, String bucketSegment, String objectId,
            String action, String subject, boolean grant) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Located l = locate(app, p, scope, bucketSegment, objectId);
            requireWrite(app, p, l.bucket, l.object);
            if (!OBJECT_ACTIONS.contains(action)) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "Unknown object ACL action " + action);
            }
            applyAcl(l.object.acl, action, subject, grant);
            event(app, l.bucket, objectId, DATA_OBJECT_ACL_MODIFIED, p, tx);
        });
    }

    public JsonObject objectAcl(String appId, Principal p, Scope scope, String bucketSegment, String objectId) {
        return store.tx(tx -> {
            Located l = locate(store.app(appId), p, scope, bucketSegment, objectId);
            JsonObject acl = l.object.acl.toJson();
            if (l.object.owner != null && l.object.owner.isUserOrThing()) {
                String key = l.object.owner.isUser() ? "userID" : "thingID";
                for (String a : OBJECT_ACTIONS) {
                    if (!acl.has(a)) {
                        acl.add(a, new JsonArray());
                    }
                    acl.getAsJsonArray(a).add(Json.obj(key, l.object.owner.id()));
                }
            }
            return acl;
        });
    }

    // ------------------------------------------------------------------ buckets

    public void deleteBucket(String appId, Principal p, Scope scope, String bucketSegment) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Scope s = Access.resolve(app, scope, p);
            String name = PushService.bucketName(bucketSegment);
            Bucket b = app.buckets.get(AppData.key(s, name));
            if (b == null) {
                throw KiiException.of(KiiError.BUCKET_NOT_FOUND, "Bucket " + name + " was not found", "bucketID", name);
            }
            if (!Access.permitted(app, p, b.acl, DROP, s, null)) {
                throw Access.denied(p, "Not allowed to delete bucket " + name);
            }
            event(app, b, null, BUCKET_DELETED, p, tx);
            app.buckets.remove(AppData.key(s, name));
        });
    }

    public void changeBucketAcl(String appId, Principal p, Scope scope, String bucketSegment, String action,
            String subject, boolean grant) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Scope s = Access.resolve(app, scope, p);
            String name = PushService.bucketName(bucketSegment);
            if (!Access.ownsScope(app, p, s)) {
                throw Access.denied(p, "Only the scope owner may change the bucket ACL");
            }
            if (!BUCKET_ACTIONS.contains(action)) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "Unknown bucket ACL action " + action);
            }
            Bucket b = app.buckets.computeIfAbsent(AppData.key(s, name), k -> PushService.newBucket(s, name));
            applyAcl(b.acl, action, subject, grant);
        });
    }

    public JsonObject bucketAcl(String appId, Principal p, Scope scope, String bucketSegment) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Scope s = Access.resolve(app, scope, p);
            String name = PushService.bucketName(bucketSegment);
            Bucket b = app.buckets.get(AppData.key(s, name));
            if (b == null) {
                throw KiiException.of(KiiError.BUCKET_NOT_FOUND, "Bucket " + name + " was not found", "bucketID", name);
            }
            return b.acl.toJson();
        });
    }

    /** Query: supports {@code all}, {@code eq}, {@code and}, {@code or}, {@code not}; everything else matches all. */
    public JsonObject query(String appId, Principal p, Scope scope, String bucketSegment, JsonObject request) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Scope s = Access.resolve(app, scope, p);
            String name = PushService.bucketName(bucketSegment);
            Bucket b = app.buckets.get(AppData.key(s, name));
            if (b == null) {
                throw KiiException.of(KiiError.BUCKET_NOT_FOUND, "Bucket " + name + " was not found", "bucketID", name);
            }
            if (!Access.permitted(app, p, b.acl, QUERY, s, null)) {
                throw Access.denied(p, "Not allowed to query bucket " + name);
            }
            JsonObject clause = null;
            if (request != null && request.has("bucketQuery") && request.get("bucketQuery").isJsonObject()) {
                JsonElement c = request.getAsJsonObject("bucketQuery").get("clause");
                clause = c != null && c.isJsonObject() ? c.getAsJsonObject() : null;
            }
            JsonArray results = new JsonArray();
            for (StoredObject o : b.objects.values()) {
                if (matches(clause, objectJson(o))) {
                    results.add(objectJson(o));
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

    // ------------------------------------------------------------------ helpers (under the lock)

    private record Located(Bucket bucket, StoredObject object) {
    }

    private Located locate(AppData app, Principal p, Scope scope, String bucketSegment, String objectId) {
        Scope s = Access.resolve(app, scope, p);
        String name = PushService.bucketName(bucketSegment);
        Bucket b = app.buckets.get(AppData.key(s, name));
        StoredObject o = b == null ? null : b.objects.get(objectId);
        if (o == null) {
            throw notFound(objectId);
        }
        return new Located(b, o);
    }

    private static KiiException notFound(String objectId) {
        return KiiException.of(KiiError.OBJECT_NOT_FOUND, "Object " + objectId + " was not found", "objectID",
                objectId);
    }

    private static Bucket bucketForWrite(AppData app, Principal p, Scope s, String name) {
        String key = AppData.key(s, name);
        Bucket b = app.buckets.get(key);
        Bucket candidate = b != null ? b : PushService.newBucket(s, name);
        if (!Access.permitted(app, p, candidate.acl, CREATE, s, null)) {
            throw Access.denied(p, "Not allowed to create objects in bucket " + name);
        }
        if (b == null) {
            app.buckets.put(key, candidate);
        }
        return candidate;
    }

    private static void requireWrite(AppData app, Principal p, Bucket b, StoredObject o) {
        if (!Access.permitted(app, p, o.acl, WRITE, b.scope, o.owner)) {
            throw Access.denied(p, "Not allowed to modify the object");
        }
    }

    private static void checkVersion(StoredObject o, String ifMatch) {
        if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.replace("\"", "").equals(Long.toString(o.version))) {
            throw KiiException.of(KiiError.OBJECT_VERSION_IS_STALE, "The object version is stale", "objectID", o.id,
                    "currentVersion", Long.toString(o.version));
        }
    }

    private static void checkSize(JsonObject data) {
        if (Json.text(data).length() > MAX_OBJECT_CHARS) {
            throw KiiException.of(KiiError.INVALID_INPUT_DATA, "The object exceeds " + MAX_OBJECT_CHARS + " characters");
        }
    }

    private static String dataType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "application/json";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    }

    private static Written written(StoredObject o, boolean created, Bucket b) {
        return new Written(o.id, o.version, o.created, o.modified, created, o.dataType, b.name.startsWith("CRYPTO:")
                ? b.name : "rw:" + b.name);
    }

    static JsonObject objectJson(StoredObject o) {
        JsonObject out = Json.copy(o.data);
        out.addProperty("_id", o.id);
        out.addProperty("_created", o.created);
        out.addProperty("_modified", o.modified);
        if (o.owner != null && o.owner.isUserOrThing()) {
            out.addProperty("_owner", o.owner.id());
        }
        out.addProperty("_version", Long.toString(o.version));
        out.addProperty("_dataType", o.dataType);
        return out;
    }

    private static void event(AppData app, Bucket b, String objectId, String type, Principal actor, Tx tx) {
        if (b.subscribers.isEmpty()) {
            return;
        }
        String payload = Json.text(Payloads.bucketEvent(app.id(), b, objectId, type, actor, System.currentTimeMillis()));
        PushService.fanOut(app, b.subscribers, payload, PushKind.PUSH_TO_APP, tx, i -> true);
    }

    /** Grants or revokes; the path subject forms {@code UserID:ANY_AUTHENTICATED_USER} etc. are normalised. */
    static void applyAcl(Acl acl, String action, String subject, boolean grant) {
        String s = subject;
        if (s.equals("UserID:" + Acl.ANY_AUTHENTICATED_USER) || s.equals("UserID:" + Acl.ANONYMOUS_USER)) {
            s = s.substring(7);
        }
        if (!(s.equals(Acl.ANY_AUTHENTICATED_USER) || s.equals(Acl.ANONYMOUS_USER) || s.startsWith("UserID:")
                || s.startsWith("GroupID:") || s.startsWith("ThingID:"))) {
            throw KiiException.of(KiiError.INVALID_INPUT_DATA, "Unknown ACL subject " + subject);
        }
        if (grant) {
            acl.grant(action, s);
        } else if (!acl.revoke(action, s)) {
            throw KiiException.of(KiiError.ACL_NOT_FOUND, "The ACL entry was not found", "subject", subject);
        }
    }
}
