package io.kiipush.gateway.internal.recovery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/** Kii's stored objects and commands in memory, paged like the emulator; records every call; scripted failures. */
final class FakeKiiRecords implements KiiRecords {

    final Map<String, List<JsonObject>> buckets = new LinkedHashMap<>();
    final List<JsonObject> commands = new ArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Long> persisted = new CopyOnWriteArrayList<>();
    volatile Long persistedLastAlive;
    volatile Targets targets;
    /** Failures to throw, in order, before answering normally: per bucket name or "commands". */
    final Map<String, List<OnboardingException>> failures = new LinkedHashMap<>();
    final AtomicInteger pagesServed = new AtomicInteger();

    FakeKiiRecords(String ownerKind, String ownerId, String... bucketSpecs) {
        List<Subscription> subs = new ArrayList<>();
        for (String spec : bucketSpecs) {
            Subscription s = Subscription.parse(Subscription.Target.BUCKET, spec);
            subs.add(s);
            buckets.put(s.getName(), new ArrayList<>());
        }
        targets = new Targets("app1", ownerKind, ownerId, subs);
    }

    static JsonObject object(String id, long created, long modified, int version) {
        JsonObject o = new JsonObject();
        o.addProperty("_id", id);
        o.addProperty("_created", created);
        o.addProperty("_modified", modified);
        o.addProperty("_version", Integer.toString(version));
        o.addProperty("temperature", 20 + version);
        return o;
    }

    static JsonObject command(String id, long createdAt, String state) {
        JsonObject c = new JsonObject();
        c.addProperty("commandID", id);
        c.addProperty("issuer", "user:u1");
        c.add("actions", new com.google.gson.JsonParser().parse("[{\"turnPower\":{\"power\":true}}]"));
        c.addProperty("commandState", state);
        c.addProperty("createdAt", createdAt);
        c.addProperty("modifiedAt", createdAt);
        return c;
    }

    void fail(String source, ErrorKind kind, int times) {
        List<OnboardingException> list = failures.computeIfAbsent(source, k -> new ArrayList<>());
        for (int i = 0; i < times; i++) {
            list.add(new OnboardingException(kind, source + " failure " + i));
        }
    }

    @Override
    public Targets targets() {
        return targets;
    }

    @Override
    public Page queryBucket(Subscription bucket, Targets t, long fromMs, long toMs, int limit, String paginationKey)
            throws OnboardingException {
        calls.add("query " + bucket.getName() + " " + fromMs + ".." + toMs + " limit=" + limit + " key=" + paginationKey);
        throwIfScripted(bucket.getName());
        List<JsonObject> hits = new ArrayList<>();
        for (JsonObject o : buckets.get(bucket.getName())) {
            long m = o.get("_modified").getAsLong();
            if (m >= fromMs && m <= toMs) {
                hits.add(o);
            }
        }
        hits.sort((a, b) -> Long.compare(a.get("_modified").getAsLong(), b.get("_modified").getAsLong()));
        return page(hits, limit, paginationKey);
    }

    @Override
    public Page listCommands(Targets t, int limit, String paginationKey) throws OnboardingException {
        calls.add("commands limit=" + limit + " key=" + paginationKey);
        throwIfScripted("commands");
        return page(commands, limit, paginationKey);
    }

    private void throwIfScripted(String source) throws OnboardingException {
        List<OnboardingException> list = failures.get(source);
        if (list != null && !list.isEmpty()) {
            throw list.remove(0);
        }
    }

    private Page page(List<JsonObject> all, int limit, String key) {
        pagesServed.incrementAndGet();
        int from = key == null ? 0 : Integer.parseInt(key);
        int to = Math.min(all.size(), from + limit);
        return new Page(new ArrayList<>(all.subList(from, to)), to < all.size() ? Integer.toString(to) : null);
    }

    @Override
    public Long persistedLastAlive() {
        return persistedLastAlive;
    }

    @Override
    public void persistLastAlive(long at) {
        persisted.add(at);
        persistedLastAlive = at;
    }

    List<Long> persisted() {
        return Collections.unmodifiableList(persisted);
    }
}
