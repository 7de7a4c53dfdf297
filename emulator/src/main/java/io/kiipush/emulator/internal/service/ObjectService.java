package io.kiipush.emulator.internal.service;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.Scope;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Bucket;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.StoredObject;
import io.kiipush.emulator.internal.util.Ids;
import io.kiipush.emulator.internal.util.Json;

/** Objects, their bodies and ACLs; every change fans out the matching Push-to-App event (docs/kii-protocol.md §8.2). */
public final class ObjectService {

    static final String DATA_OBJECT_CREATED = "DATA_OBJECT_CREATED";
    static final String DATA_OBJECT_UPDATED = "DATA_OBJECT_UPDATED";
    static final String DATA_OBJECT_DELETED = "DATA_OBJECT_DELETED";
    static final String DATA_OBJECT_BODY_UPDATED = "DATA_OBJECT_BODY_UPDATED";
    static final String DATA_OBJECT_BODY_DELETED = "DATA_OBJECT_BODY_DELETED";
    static final String DATA_OBJECT_ACL_MODIFIED = "DATA_OBJECT_ACL_MODIFIED";

    private static final String READ = "READ_EXISTING_OBJECT";
    private static final String WRITE = "WRITE_EXISTING_OBJECT";
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
            String name = Buckets.name(bucketSegment);
            Bucket b = Buckets.forWrite(app, p, s, name);
            checkSize(data);
            long now = System.currentTimeMillis();
            StoredObject o = new StoredObject(Ids.kiiId(), store.state().nextSequence(), data, dataType(contentType), p, now);
            b.objects.put(o.id, o);
            Buckets.publish(app, b, o.id, DATA_OBJECT_CREATED, p, tx);
            return written(o, true, b);
        });
    }

    public Written put(String appId, Principal p, Scope scope, String bucketSegment, String objectId, JsonObject data,
            String contentType, String ifMatch, String ifNoneMatch) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Scope s = Access.resolve(app, scope, p);
            String name = Buckets.name(bucketSegment);
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
                Bucket b = Buckets.forWrite(app, p, s, name);
                StoredObject created = new StoredObject(objectId, store.state().nextSequence(), data, dataType(contentType), p,
                        now);
                b.objects.put(objectId, created);
                Buckets.publish(app, b, objectId, DATA_OBJECT_CREATED, p, tx);
                return written(created, true, b);
            }
            requireWrite(app, p, existingBucket, o);
            if ("*".equals(ifNoneMatch)) {
                throw KiiException.of(KiiError.OBJECT_ALREADY_EXISTS, "The object already exists", "objectID", objectId);
            }
            checkVersion(o, ifMatch);
            o.data = data;
            o.dataType = dataType(contentType);
            o.changed(now);
            Buckets.publish(app, existingBucket, objectId, DATA_OBJECT_UPDATED, p, tx);
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
            l.object.changed(System.currentTimeMillis());
            Buckets.publish(app, l.bucket, objectId, DATA_OBJECT_UPDATED, p, tx);
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
            Buckets.publish(app, l.bucket, objectId, DATA_OBJECT_DELETED, p, tx);
        });
    }

    /** @return every object of a bucket, oldest first, as the admin sees them (Java API and admin endpoint) */
    public List<JsonObject> list(String appId, Scope scope, String bucketSegment) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Bucket b = Buckets.existing(app, Access.resolve(app, scope, null), Buckets.name(bucketSegment));
            return b.objects.values().stream().sorted(Comparator.comparingLong(o -> o.seq))
                    .map(ObjectService::objectJson).toList();
        });
    }

    /** @return the object JSON and its version (for ETag) */
    public JsonObject get(String appId, Principal p, Scope scope, String bucketSegment, String objectId) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Located l = locate(app, p, scope, bucketSegment, objectId);
            requireRead(app, p, l);
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
            l.object.changed(System.currentTimeMillis());
            Buckets.publish(app, l.bucket, objectId, DATA_OBJECT_BODY_UPDATED, p, tx);
            return l.object.modified;
        });
    }

    public Body getBody(String appId, Principal p, Scope scope, String bucketSegment, String objectId) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Located l = locate(app, p, scope, bucketSegment, objectId);
            requireRead(app, p, l);
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
            l.object.changed(System.currentTimeMillis());
            Buckets.publish(app, l.bucket, objectId, DATA_OBJECT_BODY_DELETED, p, tx);
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
            Access.applyAcl(l.object.acl, action, subject, grant);
            Buckets.publish(app, l.bucket, objectId, DATA_OBJECT_ACL_MODIFIED, p, tx);
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

    // ------------------------------------------------------------------ helpers (under the lock)

    private record Located(Bucket bucket, StoredObject object) {
    }

    private Located locate(AppData app, Principal p, Scope scope, String bucketSegment, String objectId) {
        Scope s = Access.resolve(app, scope, p);
        String name = Buckets.name(bucketSegment);
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

    /**
     * Reading needs {@code READ_EXISTING_OBJECT} on the object (its owner and the scope owners have it) or
     * {@code READ_OBJECTS_IN_BUCKET} on the bucket; {@code QUERY_OBJECTS_IN_BUCKET} alone is not enough (Kii's
     * "ACL customization examples").
     */
    static boolean readable(AppData app, Principal p, Bucket b, StoredObject o) {
        return Access.permitted(app, p, o.acl, READ, b.scope, o.owner)
                || Access.permitted(app, p, b.acl, Buckets.READ_OBJECTS, b.scope, null);
    }

    private static void requireRead(AppData app, Principal p, Located l) {
        if (!readable(app, p, l.bucket, l.object)) {
            throw Access.denied(p, "Not allowed to read the object");
        }
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
}
