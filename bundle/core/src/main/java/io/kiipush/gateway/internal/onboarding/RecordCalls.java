package io.kiipush.gateway.internal.onboarding;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.recovery.KiiRecords;

/**
 * Catch-up's view of the onboarding: the current identity's token, owner and confirmed bucket subscriptions, the
 * bucket query and command list calls (docs/kii-protocol.md §14) and the last-alive time in the identity's state
 * file. The lock is held only to read or change the state, never during a call.
 */
final class RecordCalls implements KiiRecords {

    /** A snapshot of what one call needs, taken under the lock. */
    private static final class Access {
        final OnboardingSettings settings;
        final String token;
        final String owner;

        Access(OnboardingSettings settings, String token, String owner) {
            this.settings = settings;
            this.token = token;
            this.owner = owner;
        }
    }

    private final IdentityStore store;
    private final KiiHttp http;

    RecordCalls(IdentityStore store, KiiHttp http) {
        this.store = store;
        this.http = http;
    }

    @Override
    public Targets targets() {
        synchronized (store.lock) {
            IdentityStore.Identity id = store.current();
            if (id == null || !id.state.onboarded()) {
                return null;
            }
            List<Subscription> buckets = new ArrayList<>();
            for (IdentityState.Sub sub : id.state.subscriptions) {
                Subscription s = sub.parsed();
                if (sub.wanted() && s.getTarget() == Subscription.Target.BUCKET
                        && sub.state() == SubscriptionStatus.State.SUBSCRIBED) {
                    buckets.add(s);
                }
            }
            return new Targets(store.settings().appId, id.state.ownerKind, id.state.ownerId, buckets);
        }
    }

    @Override
    public Page queryBucket(Subscription bucket, Targets targets, long fromMs, long toMs, int limit,
            String paginationKey) throws OnboardingException {
        Access a = access();
        JsonObject clause = new JsonObject();
        clause.addProperty("type", "range");
        clause.addProperty("field", "_modified");
        clause.addProperty("lowerLimit", fromMs);
        clause.addProperty("lowerIncluded", true);
        clause.addProperty("upperLimit", toMs);
        clause.addProperty("upperIncluded", true);
        JsonObject bucketQuery = new JsonObject();
        bucketQuery.add("clause", clause);
        bucketQuery.addProperty("orderBy", "_modified");
        // Kii's guide and reference disagree on the default order: always say it.
        bucketQuery.addProperty("descending", false);
        JsonObject query = new JsonObject();
        query.add("bucketQuery", bucketQuery);
        query.addProperty("bestEffortLimit", limit);
        if (paginationKey != null) {
            query.addProperty("paginationKey", paginationKey);
        }
        String action = "the catch-up query of bucket " + bucket;
        KiiHttp.Response r = new KiiRestClient(a.settings, http, store::now).queryBucket(bucket, query, a.token,
                targets.ownerKind, targets.ownerId);
        if (r.status == 404 && "BUCKET_NOT_FOUND".equalsIgnoreCase(r.errorCode())) {
            return new Page(new ArrayList<>(), null); // nothing was ever written to it
        }
        return page(a, r, action, "results");
    }

    @Override
    public Page listCommands(Targets targets, int limit, String paginationKey) throws OnboardingException {
        Access a = access();
        KiiHttp.Response r = new KiiRestClient(a.settings, http, store::now).listCommands(targets.ownerId, limit,
                paginationKey, a.token);
        return page(a, r, "the catch-up list of the commands of thing " + targets.ownerId, "commands");
    }

    @Override
    public Long persistedLastAlive() {
        synchronized (store.lock) {
            IdentityStore.Identity id = store.current();
            return id == null ? null : id.state.lastAliveAt;
        }
    }

    @Override
    public void persistLastAlive(long at) {
        synchronized (store.lock) {
            IdentityStore.Identity id = store.current();
            if (id == null || store.isClosed() || !id.state.onboarded()) {
                return;
            }
            id.state.lastAliveAt = at;
            store.save(id);
        }
    }

    private Access access() throws OnboardingException {
        synchronized (store.lock) {
            IdentityStore.Identity id = store.current();
            if (id == null || !id.state.onboarded()) {
                throw new OnboardingException(ErrorKind.TRANSIENT, "the identity is not onboarded (no token)");
            }
            return new Access(store.settings(), id.state.token, id.state.owner(""));
        }
    }

    private static Page page(Access a, KiiHttp.Response r, String action, String listField)
            throws OnboardingException {
        if (!r.isSuccess()) {
            throw KiiAnswers.failure(a.settings, r, action, "the access token of " + a.owner,
                    "the bucket's or thing's ACL must let " + a.owner + " read it", false, a.token);
        }
        JsonObject json = r.json();
        JsonElement list = json == null ? null : json.get(listField);
        if (list == null || !list.isJsonArray()) {
            throw KiiAnswers.unparsable(action, "it has no '" + listField + "' array");
        }
        List<JsonObject> items = new ArrayList<>();
        for (JsonElement e : (JsonArray) list) {
            if (e.isJsonObject()) {
                items.add(e.getAsJsonObject());
            }
        }
        JsonElement next = json.get("nextPaginationKey");
        return new Page(items, next != null && next.isJsonPrimitive() ? next.getAsString() : null);
    }
}
