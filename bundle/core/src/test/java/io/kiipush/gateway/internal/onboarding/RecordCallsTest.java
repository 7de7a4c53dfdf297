package io.kiipush.gateway.internal.onboarding;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.recovery.KiiRecords;

/** The onboarding's side of catch-up: the query request, answers and failures, targets, the persisted time. */
public class RecordCallsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final KiiModel kii = new KiiModel();
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);
    private Path dir;
    private OnboardingService service;

    @Before
    public void setUp() throws Exception {
        dir = tmp.newFolder("data").toPath();
    }

    @After
    public void tearDown() {
        if (service != null) {
            service.close();
        }
        executor.shutdownNow();
    }

    private KiiRecords onboarded() throws Exception {
        Map<String, Object> c = Fixtures.asThing(Fixtures.base("http://kii.test", dir));
        c.put("subscriptions.buckets", new String[] { "sensors", "thing/meters", "group:g1/shared" });
        service = new OnboardingService(Fixtures.settings(c), executor, Fixtures.FAST, new FakeKiiHttp(kii),
                new FakeApiExchange(kii));
        assertNull("not onboarded yet", service.records().targets());
        Fixtures.get(service.endpoints().acquire());
        await().atMost(5, TimeUnit.SECONDS).until(() -> service.subscriptions().list().stream()
                .filter(s -> s.getState() == SubscriptionStatus.State.SUBSCRIBED).count() == 3);
        return service.records();
    }

    @Test
    public void theQueryAsksForARangeOfModifiedTimesInAscendingOrderPageByPage() throws Exception {
        KiiRecords records = onboarded();
        KiiRecords.Targets targets = records.targets();
        assertEquals("thing", targets.ownerKind);
        assertEquals(3, targets.buckets.size());
        kii.enqueue("POST", ".*/query", KiiModel.Reply.of(200, "{\"queryDescription\":\"x\",\"results\":["
                + "{\"_id\":\"o1\",\"_created\":5,\"_modified\":7}],\"nextPaginationKey\":\"k2\"}"),
                KiiModel.Reply.of(200, "{\"results\":[{\"_id\":\"o2\",\"_created\":8,\"_modified\":8}]}"),
                KiiModel.Reply.of(200, "{\"results\":[]}"), KiiModel.Reply.of(200, "{\"results\":[]}"));

        Subscription meters = targets.buckets.get(1);
        KiiRecords.Page first = records.queryBucket(meters, targets, 1000, 2000, 50, null);
        KiiRecords.Page second = records.queryBucket(meters, targets, 1000, 2000, 50, first.next);

        assertEquals("o1", first.items.get(0).get("_id").getAsString());
        assertEquals("k2", first.next);
        assertEquals("o2", second.items.get(0).get("_id").getAsString());
        assertNull(second.next);
        KiiModel.Req req = kii.requests("POST", ".*/query").get(0);
        assertEquals("/api/apps/app1/things/" + targets.ownerId + "/buckets/meters/query", req.path);
        assertEquals("application/vnd.kii.QueryRequest+json", req.header("Content-Type"));
        assertTrue(req.header("Authorization").startsWith("Bearer "));
        JsonObject body = req.json();
        JsonObject q = body.getAsJsonObject("bucketQuery");
        assertEquals("_modified", q.get("orderBy").getAsString());
        assertFalse(q.get("descending").getAsBoolean());
        JsonObject clause = q.getAsJsonObject("clause");
        assertEquals("range", clause.get("type").getAsString());
        assertEquals("_modified", clause.get("field").getAsString());
        assertEquals(1000, clause.get("lowerLimit").getAsLong());
        assertTrue(clause.get("lowerIncluded").getAsBoolean());
        assertEquals(2000, clause.get("upperLimit").getAsLong());
        assertTrue(clause.get("upperIncluded").getAsBoolean());
        assertEquals(50, body.get("bestEffortLimit").getAsInt());
        assertFalse("no key on the first page", body.has("paginationKey"));
        assertEquals("k2", kii.requests("POST", ".*/query").get(1).json().get("paginationKey").getAsString());

        records.queryBucket(targets.buckets.get(2), targets, 1000, 2000, 50, null);
        records.queryBucket(targets.buckets.get(0), targets, 1000, 2000, 50, null);
        assertEquals("/api/apps/app1/groups/g1/buckets/shared/query", kii.requests("POST", ".*/query").get(2).path);
        assertEquals("/api/apps/app1/buckets/sensors/query", kii.requests("POST", ".*/query").get(3).path);
    }

    @Test
    public void aBucketKiiDoesNotKnowIsEmptyAndARefusalIsClassifiedWithoutTheToken() throws Exception {
        KiiRecords records = onboarded();
        KiiRecords.Targets targets = records.targets();
        kii.enqueue("POST", ".*/query", KiiModel.Reply.error(404, "BUCKET_NOT_FOUND", "no such bucket"),
                KiiModel.Reply.error(403, "WRONG_TOKEN", "The provided token is not valid"),
                KiiModel.Reply.of(200, "{\"no\":\"results\"}"));
        KiiRecords.Page empty = records.queryBucket(targets.buckets.get(0), targets, 0, 1, 10, null);
        assertTrue(empty.items.isEmpty());
        assertNull(empty.next);
        try {
            records.queryBucket(targets.buckets.get(0), targets, 0, 1, 10, null);
            fail("refused");
        } catch (OnboardingException e) {
            assertEquals(ErrorKind.AUTHENTICATION, e.getKind());
            String token = kii.requests("POST", ".*/query").get(1).header("Authorization").substring(7);
            assertFalse(e.getMessage(), e.getMessage().contains(token));
        }
        try {
            records.queryBucket(targets.buckets.get(0), targets, 0, 1, 10, null);
            fail("unusable answer");
        } catch (OnboardingException e) {
            assertEquals(ErrorKind.TRANSIENT, e.getKind());
            assertTrue(e.getMessage(), e.getMessage().contains("no 'results' array"));
        }
    }

    @Test
    public void theLastAliveTimeIsKeptInTheStateFileAcrossARestart() throws Exception {
        KiiRecords records = onboarded();
        assertNull(records.persistedLastAlive());
        records.persistLastAlive(1234L);
        assertEquals(Long.valueOf(1234L), records.persistedLastAlive());
        service.close();

        Map<String, Object> c = Fixtures.asThing(Fixtures.base("http://kii.test", dir));
        c.put("subscriptions.buckets", new String[] { "sensors", "thing/meters", "group:g1/shared" });
        service = new OnboardingService(Fixtures.settings(c), executor, Fixtures.FAST, new FakeKiiHttp(kii),
                new FakeApiExchange(kii));
        assertEquals(Long.valueOf(1234L), service.records().persistedLastAlive());
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            Path state = files.filter(p -> p.getFileName().toString().endsWith(".json")).findFirst().get();
            assertTrue(new String(Files.readAllBytes(state), "UTF-8").contains("\"lastAliveAt\": 1234"));
            if (state.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions
                        .toString(Files.getPosixFilePermissions(state)));
            }
        }
    }
}
