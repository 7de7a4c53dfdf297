package io.kiipush.emulator.internal.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonObject;

import io.kiipush.emulator.Scope;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Bucket;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.StoredObject;

/** Buckets: deletion, ACL and queries (docs/kii-protocol.md §8.2 and "bucket query"). */
public final class BucketService {

    private final Store store;
    private final RuntimeSettings settings;

    public BucketService(Store store, RuntimeSettings settings) {
        this.store = store;
        this.settings = settings;
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

    /**
     * {@code POST .../buckets/{b}/query}: needs {@code QUERY_OBJECTS_IN_BUCKET}; the results hold only the objects the
     * caller may read (all of them with {@code READ_OBJECTS_IN_BUCKET}, else those it may read one by one).
     */
    public JsonObject query(String appId, Principal p, Scope scope, String bucketSegment, JsonObject request) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Scope s = Access.resolve(app, scope, p);
            Bucket b = Buckets.existing(app, s, Buckets.name(bucketSegment));
            if (!Access.permitted(app, p, b.acl, Buckets.QUERY_OBJECTS, s, null)) {
                throw Access.denied(p, "Not allowed to query bucket " + b.name);
            }
            ObjectQuery query = ObjectQuery.parse(request, settings.queryDescendingByDefault(), settings.maxPageSize());
            List<StoredObject> readable = new ArrayList<>();
            for (StoredObject o : b.objects.values()) {
                if (ObjectService.readable(app, p, b, o)) {
                    readable.add(o);
                }
            }
            return query.page(readable);
        });
    }
}
