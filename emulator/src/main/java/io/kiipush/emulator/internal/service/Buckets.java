package io.kiipush.emulator.internal.service;

import io.kiipush.emulator.PushKind;
import io.kiipush.emulator.Scope;
import io.kiipush.emulator.internal.state.Acl;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Bucket;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.util.Json;

/**
 * Bucket names, default ACLs, lookups and the Push-to-App event of a change, shared by the bucket, object and
 * subscription services. Under the state lock.
 */
final class Buckets {

    static final String CREATE_OBJECTS = "CREATE_OBJECTS_IN_BUCKET";
    static final String QUERY_OBJECTS = "QUERY_OBJECTS_IN_BUCKET";
    static final String READ_OBJECTS = "READ_OBJECTS_IN_BUCKET";
    static final String DROP = "DROP_BUCKET_WITH_ALL_CONTENT";
    static final String BUCKET_DELETED = "BUCKET_DELETED";

    private Buckets() {
    }

    /** @return a bucket's name from a path segment ({@code rw:} dropped, {@code CRYPTO:} kept); 400 INVALID_BUCKET */
    static String name(String segment) {
        String name = segment.startsWith("rw:") ? segment.substring(3) : segment;
        String plain = name.startsWith("CRYPTO:") ? name.substring(7) : name;
        if (!plain.matches("^[a-zA-Z0-9_-]{2,64}$")) {
            throw KiiException.of(KiiError.INVALID_BUCKET, "Invalid bucket ID: " + segment, "bucketID", segment);
        }
        return name;
    }

    /**
     * @return a new bucket with Kii's default ACL for its scope ("Bucket Access Control" in Kii's guides): in the
     *         app scope any authenticated user creates, queries, reads and drops, anonymous users query and read;
     *         elsewhere only the scope owners, who need no entry
     */
    static Bucket create(Scope scope, String name) {
        Bucket b = new Bucket(scope, name);
        if (scope.type() == Scope.Type.APP) {
            for (String action : new String[] { CREATE_OBJECTS, QUERY_OBJECTS, READ_OBJECTS, DROP }) {
                b.acl.grant(action, Acl.ANY_AUTHENTICATED_USER);
            }
            b.acl.grant(QUERY_OBJECTS, Acl.ANONYMOUS_USER);
            b.acl.grant(READ_OBJECTS, Acl.ANONYMOUS_USER);
        }
        return b;
    }

    /** @return the existing bucket; 404 BUCKET_NOT_FOUND otherwise */
    static Bucket existing(AppData app, Scope scope, String name) {
        Bucket b = app.buckets.get(AppData.key(scope, name));
        if (b == null) {
            throw KiiException.of(KiiError.BUCKET_NOT_FOUND, "Bucket " + name + " was not found", "bucketID", name);
        }
        return b;
    }

    /** @return the bucket, created (and kept) when missing, once {@code p} may create objects in it */
    static Bucket forWrite(AppData app, Principal p, Scope s, String name) {
        String key = AppData.key(s, name);
        Bucket b = app.buckets.get(key);
        Bucket candidate = b != null ? b : create(s, name);
        if (!Access.permitted(app, p, candidate.acl, CREATE_OBJECTS, s, null)) {
            throw Access.denied(p, "Not allowed to create objects in bucket " + name);
        }
        if (b == null) {
            app.buckets.put(key, candidate);
        }
        return candidate;
    }

    /** Fans the Push-to-App event of a change out to the bucket's subscribers. */
    static void publish(AppData app, Bucket b, String objectId, String type, Principal actor, Tx tx) {
        if (b.subscribers.isEmpty()) {
            return;
        }
        String payload = Json.text(Payloads.bucketEvent(app.id(), b, objectId, type, actor, System.currentTimeMillis()));
        Delivery.fanOut(app, b.subscribers, payload, PushKind.PUSH_TO_APP, tx);
    }
}
