package io.kiipush.emulator;

import static io.kiipush.emulator.Http.bearer;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.internal.util.Json;

/**
 * Bucket queries over real HTTP, as a catch-up client runs them: every clause type, {@code orderBy} with explicit
 * and missing {@code descending}, best-effort pages chained by {@code nextPaginationKey} (absent on the last page)
 * in every scope, the object metadata that a query by {@code _modified} relies on, Kii's errors, and the ACL rule
 * that a query returns only what the caller may read.
 */
public class BucketQueryTest {

    private static final String QUERY_TYPE = "application/vnd.kii.QueryRequest+json";

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    private KiiEmulator emu;
    private Http http;
    private KiiApp app;
    private UserInfo alice;

    @Before
    public void start() throws Exception {
        emu = KiiEmulator.builder().build().start();
        http = new Http(emu.baseUrl());
        app = emu.app();
        alice = app.registerUser("alice", "alice-pass");
    }

    @After
    public void stop() {
        emu.stop();
    }

    @Test
    public void objectMetadataMovesWithEveryChangeOnEveryReadPath() {
        Scope scope = Scope.user(alice.userId());
        KiiApp asAlice = app.asUser(alice.userId());
        String id = asAlice.createObject(scope, "notes", Map.of("n", 0));
        JsonObject created = get(scope, id);
        assertEquals(created.get("_created"), created.get("_modified"));
        assertEquals("1", created.get("_version").getAsString());

        List<JsonObject> seen = new ArrayList<>(List.of(created));
        asAlice.replaceObject(scope, "notes", id, Map.of("n", 1));
        seen.add(get(scope, id));
        asAlice.patchObject(scope, "notes", id, Map.of("m", 2));
        seen.add(get(scope, id));
        asAlice.uploadObjectBody(scope, "notes", id, new byte[] { 1, 2 }, "application/octet-stream");
        seen.add(get(scope, id));
        asAlice.deleteObjectBody(scope, "notes", id);
        seen.add(get(scope, id));
        for (int i = 1; i < seen.size(); i++) {
            JsonObject before = seen.get(i - 1);
            JsonObject after = seen.get(i);
            assertEquals("version " + i, Long.toString(i + 1), after.get("_version").getAsString());
            assertTrue("_modified moves on change " + i, after.get("_modified").getAsLong()
                    > before.get("_modified").getAsLong());
            assertEquals(created.get("_created"), after.get("_created"));
        }
        // the query and the Java API read the same metadata
        JsonObject queried = query(scope.pathPrefix(), "notes", all(), null, alice.accessToken()).get(0);
        assertEquals(seen.get(4).get("_modified"), queried.get("_modified"));
        assertEquals("5", queried.get("_version").getAsString());
        ObjectInfo info = app.objects(scope, "notes").get(0);
        assertEquals(5, info.version());
        assertEquals(queried.get("_modified").getAsLong(), info.modified());
    }

    @Test
    public void rangeOnModifiedPagesThroughEveryScopeInBothOrders() {
        String group = app.createGroup("team", alice.userId());
        ThingInfo thing = app.registerThing("query-thing", "thing-pass");
        app.addThingOwner(thing.thingId(), alice.userId());
        for (Scope scope : List.of(Scope.app(), Scope.user(alice.userId()), Scope.group(group),
                Scope.thing(thing.thingId()))) {
            KiiApp asAlice = app.asUser(alice.userId());
            for (int i = 0; i < 25; i++) {
                asAlice.createObject(scope, "events", Map.of("i", i));
            }
            List<ObjectInfo> stored = app.objects(scope, "events");
            long from = stored.get(5).modified();
            String range = "{\"type\":\"range\",\"field\":\"_modified\",\"lowerLimit\":" + from
                    + ",\"lowerIncluded\":true}";
            for (boolean descending : new boolean[] { false, true }) {
                List<JsonObject> all = new ArrayList<>();
                int pages = 0;
                String key = null;
                do {
                    JsonObject body = Json.obj("bucketQuery", Json.obj("clause", Json.parse(range), "orderBy",
                            "_modified", "descending", descending), "bestEffortLimit", 7);
                    Json.put(body, "paginationKey", key);
                    JsonObject page = post(scope.pathPrefix() + "/buckets/events/query", body, alice.accessToken());
                    page.getAsJsonArray("results").forEach(r -> all.add(r.getAsJsonObject()));
                    key = page.has("nextPaginationKey") ? page.get("nextPaginationKey").getAsString() : null;
                    pages++;
                } while (key != null);
                long expected = stored.stream().filter(o -> o.modified() >= from).count();
                assertTrue(expected >= 20);
                assertEquals(scope + " " + descending, (expected + 6) / 7, pages);
                assertEquals(expected, all.size());
                assertEquals(expected, ids(all).size());
                for (int i = 1; i < all.size(); i++) {
                    long a = all.get(i - 1).get("_modified").getAsLong();
                    long b = all.get(i).get("_modified").getAsLong();
                    assertTrue(scope + " order", descending ? a >= b : a <= b);
                }
            }
        }
    }

    @Test
    public void anObjectChangedBetweenPagesIsNotSkipped() {
        Scope scope = Scope.user(alice.userId());
        KiiApp asAlice = app.asUser(alice.userId());
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(asAlice.createObject(scope, "feed", Map.of("i", i)));
        }
        JsonObject first = post(scope.pathPrefix() + "/buckets/feed/query", Json.obj("bucketQuery", Json.obj("clause",
                Json.parse(all()), "orderBy", "_modified", "descending", false), "bestEffortLimit", 3), alice.accessToken());
        // the first object moves to the end of the order; an offset-based key would now skip the fourth one
        asAlice.patchObject(scope, "feed", created.get(0), Map.of("i", 100));
        JsonObject second = post(scope.pathPrefix() + "/buckets/feed/query", Json.obj("bucketQuery", Json.obj("clause",
                Json.parse(all()), "orderBy", "_modified", "descending", false), "bestEffortLimit", 10, "paginationKey",
                first.get("nextPaginationKey").getAsString()), alice.accessToken());
        Set<String> seen = ids(list(first));
        seen.addAll(ids(list(second)));
        assertEquals(new HashSet<>(created), seen);
        assertEquals("the changed object comes again, last", created.get(0),
                list(second).get(list(second).size() - 1).get("_id").getAsString());
        assertFalse(second.has("nextPaginationKey"));
    }

    @Test
    public void everyClauseTypeMatchesAsKiiDescribesIt() {
        Scope scope = Scope.user(alice.userId());
        KiiApp asAlice = app.asUser(alice.userId());
        asAlice.createObject(scope, "items", Map.of("name", "apple", "price", 3, "weight", 1.5, "fresh", true));
        asAlice.createObject(scope, "items", Map.of("name", "apricot", "price", 7, "weight", 2, "fresh", false));
        asAlice.createObject(scope, "items", Map.of("name", "banana", "price", 5));
        String p = scope.pathPrefix();
        String t = alice.accessToken();
        assertEquals(List.of("apricot"), names(query(p, "items", "{\"type\":\"eq\",\"field\":\"price\",\"value\":7.0}",
                "name", t)));
        assertEquals(List.of("apple", "banana"), names(query(p, "items",
                "{\"type\":\"range\",\"field\":\"price\",\"lowerLimit\":3,\"upperLimit\":7,\"upperIncluded\":false}",
                "name", t)));
        assertEquals(List.of("banana"), names(query(p, "items",
                "{\"type\":\"range\",\"field\":\"name\",\"lowerLimit\":\"b\"}", "name", t)));
        assertEquals(List.of("apple", "banana"), names(query(p, "items",
                "{\"type\":\"in\",\"field\":\"price\",\"values\":[3,5,9]}", "name", t)));
        assertEquals(List.of("apple", "apricot"), names(query(p, "items",
                "{\"type\":\"prefix\",\"field\":\"name\",\"prefix\":\"ap\"}", "name", t)));
        assertEquals(List.of("apple"), names(query(p, "items",
                "{\"type\":\"hasField\",\"field\":\"weight\",\"fieldType\":\"DECIMAL\"}", "name", t)));
        assertEquals(List.of("apricot"), names(query(p, "items",
                "{\"type\":\"hasField\",\"field\":\"weight\",\"fieldType\":\"INTEGER\"}", "name", t)));
        assertEquals(List.of("apricot"), names(query(p, "items", "{\"type\":\"and\",\"clauses\":["
                + "{\"type\":\"prefix\",\"field\":\"name\",\"prefix\":\"ap\"},"
                + "{\"type\":\"eq\",\"field\":\"fresh\",\"value\":false}]}", "name", t)));
        assertEquals(List.of("apricot", "banana"), names(query(p, "items", "{\"type\":\"or\",\"clauses\":["
                + "{\"type\":\"eq\",\"field\":\"name\",\"value\":\"banana\"},"
                + "{\"type\":\"range\",\"field\":\"price\",\"lowerLimit\":6}]}", "name", t)));
        // not(eq) does not match objects without the field (Kii's notEquals)
        assertEquals(List.of("apricot"), names(query(p, "items",
                "{\"type\":\"not\",\"clause\":{\"type\":\"eq\",\"field\":\"fresh\",\"value\":true}}", "name", t)));
        assertEquals(List.of("apple", "apricot", "banana"), names(query(p, "items", all(), "name", t)));
    }

    @Test
    public void descendingDefaultsToAscendingAndIsASetting() {
        Scope scope = Scope.user(alice.userId());
        for (int i = 0; i < 3; i++) {
            app.asUser(alice.userId()).createObject(scope, "ord", Map.of("i", i));
        }
        String noDescending = "{\"bucketQuery\":{\"clause\":{\"type\":\"all\"},\"orderBy\":\"i\"}}";
        assertEquals(List.of(0, 1, 2), numbers(post(scope.pathPrefix() + "/buckets/ord/query",
                Json.parseObject(noDescending), alice.accessToken())));
        emu.faults().setQueryDescendingByDefault(true);
        assertEquals(List.of(2, 1, 0), numbers(post(scope.pathPrefix() + "/buckets/ord/query",
                Json.parseObject(noDescending), alice.accessToken())));
        assertEquals("an explicit descending always wins", List.of(0, 1, 2), numbers(post(scope.pathPrefix()
                + "/buckets/ord/query", Json.parseObject(noDescending.replace("\"i\"}", "\"i\",\"descending\":false}")),
                alice.accessToken())));
    }

    @Test
    public void badQueriesGetKiisErrors() {
        Scope scope = Scope.user(alice.userId());
        app.asUser(alice.userId()).createObject(scope, "known", Map.of("a", 1));
        String base = scope.pathPrefix() + "/buckets/";
        assertError(404, "BUCKET_NOT_FOUND", base + "unknown/query", "{\"bucketQuery\":{\"clause\":{\"type\":\"all\"}}}");
        assertError(400, "QUERY_NOT_SUPPORTED", base + "known/query",
                "{\"bucketQuery\":{\"clause\":{\"type\":\"geobox\",\"field\":\"p\"}}}");
        assertError(400, "INVALID_INPUT_DATA", base + "known/query",
                "{\"bucketQuery\":{\"clause\":{\"type\":\"range\",\"field\":\"a\"}}}");
        assertError(400, "INVALID_INPUT_DATA", base + "known/query", "{\"bucketQuery\":{\"clause\":{\"type\":\"eq\"}}}");
        assertError(400, "INVALID_INPUT_DATA", base + "known/query", "{\"bestEffortLimit\":5}");
        assertError(400, "INVALID_INPUT_DATA", base + "known/query",
                "{\"bucketQuery\":{\"clause\":{\"type\":\"all\"}},\"paginationKey\":\"not-a-key\"}");
        assertError(400, "INVALID_BUCKET", base + "x/query", "{\"bucketQuery\":{\"clause\":{\"type\":\"all\"}}}");
        UserInfo bob = app.registerUser("bob", "bob-pass");
        Http.Resp denied = http.post("/api/apps/demoapp" + base + "known/query", QUERY_TYPE,
                "{\"bucketQuery\":{\"clause\":{\"type\":\"all\"}}}", bearer(bob.accessToken()));
        assertEquals(denied.toString(), 401, denied.status());
        assertEquals("UNAUTHORIZED", denied.errorCode());
    }

    @Test
    public void aQueryReturnsOnlyWhatTheCallerMayRead() {
        UserInfo bob = app.registerUser("bob", "bob-pass");
        Scope shared = Scope.user(alice.userId());
        app.asUser(alice.userId()).createObject(shared, "shared", Map.of("by", "alice"));
        app.asUser(alice.userId()).grantBucketAcl(shared, "shared", "QUERY_OBJECTS_IN_BUCKET", "UserID:" + bob.userId());
        app.asUser(alice.userId()).grantBucketAcl(shared, "shared", "CREATE_OBJECTS_IN_BUCKET", "UserID:" + bob.userId());
        app.asUser(bob.userId()).createObject(shared, "shared", Map.of("by", "bob"));
        String p = shared.pathPrefix();
        assertEquals("bob may query but read only his own", List.of("bob"), field(query(p, "shared", all(), "by",
                bob.accessToken()), "by"));
        assertEquals(List.of("alice", "bob"), field(query(p, "shared", all(), "by", alice.accessToken()), "by"));
        app.asUser(alice.userId()).grantBucketAcl(shared, "shared", "READ_OBJECTS_IN_BUCKET", "UserID:" + bob.userId());
        assertEquals(List.of("alice", "bob"), field(query(p, "shared", all(), "by", bob.accessToken()), "by"));

        // app-scope buckets: any authenticated user or thing queries and reads (Kii's default bucket ACL)
        app.asUser(alice.userId()).createObject(Scope.app(), "public", Map.of("by", "alice"));
        ThingInfo thing = app.registerThing("reader-thing", "thing-pass");
        assertEquals(List.of("alice"), field(query("", "public", all(), "by", thing.accessToken()), "by"));
    }

    // ------------------------------------------------------------------ helpers

    private JsonObject get(Scope scope, String id) {
        return http.get("/api/apps/demoapp" + scope.pathPrefix() + "/buckets/notes/objects/" + id,
                bearer(alice.accessToken())).json();
    }

    private static String all() {
        return "{\"type\":\"all\"}";
    }

    private List<JsonObject> query(String scopePath, String bucket, String clause, String orderBy, String token) {
        JsonObject q = Json.obj("clause", Json.parse(clause), "orderBy", orderBy, "descending", false);
        return list(post(scopePath + "/buckets/" + bucket + "/query", Json.obj("bucketQuery", q), token));
    }

    private JsonObject post(String path, JsonObject body, String token) {
        Http.Resp r = http.post("/api/apps/demoapp" + path, QUERY_TYPE, Json.text(body), bearer(token));
        assertEquals(r.toString(), 200, r.status());
        assertTrue(r.contentType(), r.contentType().startsWith("application/vnd.kii.QueryResponse+json"));
        return r.json();
    }

    private void assertError(int status, String code, String path, String body) {
        Http.Resp r = http.post("/api/apps/demoapp" + path, QUERY_TYPE, body, bearer(alice.accessToken()));
        assertEquals(path + " " + body + " -> " + r, status, r.status());
        assertEquals(r.toString(), code, r.errorCode());
        assertNotEquals(r.toString(), "", r.json().get("message").getAsString());
    }

    private static List<JsonObject> list(JsonObject page) {
        List<JsonObject> out = new ArrayList<>();
        page.getAsJsonArray("results").forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    private static Set<String> ids(List<JsonObject> objects) {
        Set<String> out = new HashSet<>();
        objects.forEach(o -> out.add(o.get("_id").getAsString()));
        return out;
    }

    private static List<String> names(List<JsonObject> objects) {
        return field(objects, "name");
    }

    private static List<String> field(List<JsonObject> objects, String name) {
        return objects.stream().map(o -> o.get(name).getAsString()).toList();
    }

    private static List<Integer> numbers(JsonObject page) {
        return list(page).stream().map(o -> o.get("i")).map(JsonElement::getAsInt).toList();
    }
}
