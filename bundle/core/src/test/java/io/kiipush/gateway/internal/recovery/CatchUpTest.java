package io.kiipush.gateway.internal.recovery;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.Gap;

/** Catch-up with Kii and the dispatcher replaced by fakes: windows, paging, filters, retries, watermark. */
public class CatchUpTest {

    private static final long MARGIN = CatchUpRun.SKEW_MARGIN_MS;

    @Rule
    public final Timeout timeout = Timeout.seconds(30);

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final RecordingSink sink = new RecordingSink();
    private FakeKiiRecords kii;
    private CatchUp catchUp;

    private CatchUp start(FakeKiiRecords records, CatchUpSettings settings) {
        kii = records;
        catchUp = new CatchUp(records, sink, settings, clock::get, 25_000, 1, "kii-catchup-test");
        return catchUp;
    }

    @After
    public void stop() {
        if (catchUp != null) {
            catchUp.stop(5000);
        }
    }

    private void reconnect(long downAt, long upAt) {
        catchUp.linkUp("thing:th.1", 100_000);
        catchUp.linkDown(downAt);
        catchUp.linkUp("thing:th.1", upAt);
    }

    private Gap awaitGap() {
        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.gaps.size() == 1);
        return sink.gaps.get(0);
    }

    @Test
    public void everyObjectModifiedInTheWindowIsRecoveredPageByPageInOrder() {
        FakeKiiRecords records = new FakeKiiRecords("thing", "th.1", "sensors", "thing/meters");
        for (int i = 0; i < 250; i++) {
            long t = 200_000 + i * 100;
            records.buckets.get("sensors").add(FakeKiiRecords.object("s" + i, i % 2 == 0 ? t : t - 50_000, t, 1));
        }
        records.buckets.get("sensors").add(FakeKiiRecords.object("old", 100_000, 150_000, 1)); // before the window
        records.buckets.get("meters").add(FakeKiiRecords.object("m1", 210_000, 210_000, 1));
        start(records, new CatchUpSettings(true, 86_400, 100));

        reconnect(190_000, 260_000);
        Gap gap = awaitGap();

        assertEquals(Gap.Reason.RECONNECT, gap.getReason());
        assertEquals(Gap.CatchUp.COMPLETE, gap.getCatchUp());
        assertEquals(190_000, gap.getStart());
        assertEquals(260_000, gap.getEnd());
        assertEquals(251, gap.getRecoveredObjects());
        assertEquals(0, gap.getRecoveredCommands());
        assertEquals(251, sink.recovered.size());
        List<String> queries = new ArrayList<>(kii.calls);
        queries.removeIf(c -> !c.startsWith("query"));
        long from = 190_000 - MARGIN;
        long to = 260_000 + MARGIN;
        assertEquals(List.of("query sensors " + from + ".." + to + " limit=100 key=null",
                "query sensors " + from + ".." + to + " limit=100 key=100",
                "query sensors " + from + ".." + to + " limit=100 key=200",
                "query meters " + from + ".." + to + " limit=100 key=null"), queries);

        JsonObject first = sink.recovered.get(0);
        assertEquals("s0", first.get("objectID").getAsString());
        assertEquals("DATA_OBJECT_CREATED", first.get("type").getAsString());
        assertEquals("EVENT", first.get("origin").getAsString());
        assertEquals("APP", first.get("objectScopeType").getAsString());
        assertEquals("sensors", first.get("bucketID").getAsString());
        assertEquals(200_000, first.get("modifiedAt").getAsLong());
        assertEquals("s0", first.getAsJsonObject("object").get("_id").getAsString());
        assertEquals("DATA_OBJECT_UPDATED", sink.recovered.get(1).get("type").getAsString());
        JsonObject thingScoped = sink.recovered.get(250);
        assertEquals("APP_AND_THING", thingScoped.get("objectScopeType").getAsString());
        assertEquals("th.1", thingScoped.get("objectScopeThingID").getAsString());
    }

    @Test
    public void nothingFromBeforeTheOldLinksSubackIsRecovered() {
        FakeKiiRecords records = new FakeKiiRecords("thing", "th.1", "sensors");
        records.buckets.get("sensors").add(FakeKiiRecords.object("earlier", 187_000, 187_000, 1));
        records.buckets.get("sensors").add(FakeKiiRecords.object("pushed", 189_000, 189_000, 1));
        records.commands.add(FakeKiiRecords.command("earlier", 187_500, "SENDING"));
        start(records, CatchUpSettings.DEFAULT);
        catchUp.linkUp("thing:th.1", 188_000);
        catchUp.linkDown(190_000);
        catchUp.linkUp("thing:th.1", 200_000);
        Gap gap = awaitGap();
        assertEquals("only the object changed while the old link was up (within the margin)", 1,
                gap.getRecoveredObjects());
        assertEquals("pushed", sink.recovered.get(0).get("objectID").getAsString());
        assertEquals(0, gap.getRecoveredCommands());
        assertTrue(kii.calls.get(0), kii.calls.get(0).startsWith("query sensors 188000.." + (200_000 + MARGIN)));
    }

    @Test
    public void commandsCreatedInTheWindowAndStillWaitingAreRecovered() {
        FakeKiiRecords records = new FakeKiiRecords("thing", "th.1");
        records.commands.add(FakeKiiRecords.command("before", 150_000, "SENDING"));
        records.commands.add(FakeKiiRecords.command("inside", 200_000, "SENDING"));
        records.commands.add(FakeKiiRecords.command("answered", 201_000, "DONE"));
        records.commands.add(FakeKiiRecords.command("failed", 202_000, "INCOMPLETE"));
        records.commands.add(FakeKiiRecords.command("edge", 190_000 - MARGIN, "SENDING"));
        for (int i = 0; i < 5; i++) {
            records.commands.add(FakeKiiRecords.command("c" + i, 210_000 + i, "SENDING"));
        }
        start(records, new CatchUpSettings(true, 86_400, 3));

        reconnect(190_000, 260_000);
        Gap gap = awaitGap();

        assertEquals(7, gap.getRecoveredCommands());
        List<String> ids = new ArrayList<>();
        sink.recovered.forEach(c -> ids.add(c.get("commandID").getAsString()));
        assertEquals(List.of("inside", "edge", "c0", "c1", "c2", "c3", "c4"), ids);
        JsonObject inside = sink.recovered.get(0);
        assertEquals("user:u1", inside.get("issuer").getAsString());
        assertTrue(inside.get("actions").isJsonArray());
        assertFalse("state fields are not part of a push", inside.has("commandState"));
        assertEquals("4 pages of 3", 4, kii.calls.size());
    }

    @Test
    public void aUserIdentityHasNoCommandsToList() {
        start(new FakeKiiRecords("user", "u.1", "sensors"), CatchUpSettings.DEFAULT);
        catchUp.linkUp("user:u.1", 100_000);
        catchUp.linkDown(190_000);
        catchUp.linkUp("user:u.1", 200_000);
        awaitGap();
        assertEquals(1, kii.calls.size());
        assertTrue(kii.calls.get(0), kii.calls.get(0).startsWith("query sensors"));
    }

    @Test
    public void transientFailuresAreRetriedWithBackoff() {
        FakeKiiRecords records = new FakeKiiRecords("thing", "th.1", "sensors");
        records.buckets.get("sensors").add(FakeKiiRecords.object("o1", 200_000, 200_000, 1));
        records.fail("sensors", ErrorKind.TRANSIENT, 3);
        start(records, CatchUpSettings.DEFAULT);

        reconnect(190_000, 260_000);
        Gap gap = awaitGap();

        assertEquals(Gap.CatchUp.COMPLETE, gap.getCatchUp());
        assertEquals(1, gap.getRecoveredObjects());
        assertEquals(0, catchUp.failures().count());
        assertEquals("3 failed + 1 answered + commands", 5, kii.calls.size());
    }

    @Test
    public void aSourceThatKeepsFailingIsCountedAndSkippedAndTheGapIsIncomplete() {
        FakeKiiRecords records = new FakeKiiRecords("thing", "th.1", "sensors", "meters");
        records.buckets.get("meters").add(FakeKiiRecords.object("m1", 200_000, 200_000, 1));
        records.fail("sensors", ErrorKind.AUTHENTICATION, 1);
        records.fail("commands", ErrorKind.TRANSIENT, CatchUpRun.MAX_RETRIES + 1);
        start(records, CatchUpSettings.DEFAULT);

        reconnect(190_000, 260_000);
        Gap gap = awaitGap();

        assertEquals(Gap.CatchUp.INCOMPLETE, gap.getCatchUp());
        assertEquals("the other bucket is still caught up", 1, gap.getRecoveredObjects());
        assertEquals(2, catchUp.failures().count());
        assertTrue(catchUp.failures().last(), catchUp.failures().last().startsWith("[TRANSIENT] catch-up of the "
                + "commands of thing th.1: commands failure 5"));
        assertEquals("one AUTHENTICATION call, 1 + 5 retries of the commands, one meters query", 8, kii.calls.size());
    }

    @Test
    public void aWindowLongerThanTheMaximumIsOnlyReported() {
        start(new FakeKiiRecords("thing", "th.1", "sensors"), new CatchUpSettings(true, 60, 100));
        reconnect(190_000, 190_000 + 60_001);
        Gap gap = awaitGap();
        assertEquals(Gap.Reason.WINDOW_TOO_LONG, gap.getReason());
        assertEquals(Gap.CatchUp.SKIPPED, gap.getCatchUp());
        assertEquals(List.of(), kii.calls);
    }

    @Test
    public void switchedOffOnlyTheGapIsReported() {
        start(new FakeKiiRecords("thing", "th.1", "sensors"), new CatchUpSettings(false, 86_400, 100));
        reconnect(190_000, 200_000);
        Gap gap = awaitGap();
        assertEquals(Gap.Reason.RECONNECT, gap.getReason());
        assertEquals(Gap.CatchUp.DISABLED, gap.getCatchUp());
        assertEquals(List.of(), kii.calls);
    }

    @Test
    public void aRestartCatchesUpFromThePersistedLastAliveTime() {
        FakeKiiRecords records = new FakeKiiRecords("thing", "th.1", "sensors");
        records.persistedLastAlive = 150_000L;
        records.buckets.get("sensors").add(FakeKiiRecords.object("o1", 160_000, 170_000, 2));
        start(records, CatchUpSettings.DEFAULT);

        catchUp.linkUp("thing:th.1", 200_000);
        Gap gap = awaitGap();

        assertEquals(Gap.Reason.RESTART, gap.getReason());
        assertTrue(gap.isAfterRestart());
        assertEquals(150_000, gap.getStart());
        assertEquals(1, gap.getRecoveredObjects());
        await().atMost(5, TimeUnit.SECONDS).until(() -> Long.valueOf(200_000).equals(records.persistedLastAlive));
    }

    @Test
    public void theFirstLinkOfABrandNewIdentityReportsNothingButStartsTheWatermark() {
        FakeKiiRecords records = new FakeKiiRecords("thing", "th.1", "sensors");
        start(records, CatchUpSettings.DEFAULT);
        catchUp.linkUp("thing:th.1", 200_000);
        await().atMost(5, TimeUnit.SECONDS).until(() -> records.persisted().contains(200_000L));
        catchUp.stop(5000);
        catchUp = null;
        assertEquals(List.of(), sink.gaps);
        assertEquals(List.of(), records.calls);
    }

    @Test
    public void theWatermarkIsWrittenOnUpAndDownAndPeriodicallyAtABoundedRate() {
        FakeKiiRecords records = new FakeKiiRecords("user", "u.1");
        start(records, CatchUpSettings.DEFAULT);
        catchUp.linkUp("user:u.1", 100_000);
        for (int i = 1; i <= 60; i++) {
            clock.addAndGet(1000);
            catchUp.alive(100_000 + i * 1000L);
        }
        catchUp.linkDown(165_000);
        await().atMost(5, TimeUnit.SECONDS).until(() -> records.persisted().contains(165_000L));
        assertEquals("up, two periodic writes in 60 s, down: " + records.persisted(), 4, records.persisted().size());
        assertEquals(100_000L, (long) records.persisted().get(0));
    }

    @Test
    public void whileAGapIsCaughtUpItsStartStaysPersisted() {
        FakeKiiRecords records = new FakeKiiRecords("thing", "th.1", "sensors");
        records.fail("sensors", ErrorKind.TRANSIENT, 2);
        start(records, CatchUpSettings.DEFAULT);
        sink.backlog = 1_000; // catch-up waits: the window stays open
        reconnect(190_000, 260_000);
        await().atMost(5, TimeUnit.SECONDS).until(() -> records.persisted().contains(260_000L)
                || records.persisted().size() >= 2);
        assertFalse("the SUBACK of the new link is not written while the gap is open: " + records.persisted(),
                records.persisted().contains(260_000L));
        assertEquals(190_000L, (long) records.persistedLastAlive);
        sink.backlog = 0;
        awaitGap();
        await().atMost(5, TimeUnit.SECONDS).until(() -> Long.valueOf(260_000).equals(records.persistedLastAlive));
    }

    @Test
    public void anUnonboardedIdentityMakesTheGapIncomplete() {
        FakeKiiRecords records = new FakeKiiRecords("thing", "th.1", "sensors");
        start(records, CatchUpSettings.DEFAULT);
        records.targets = null;
        reconnect(190_000, 200_000);
        assertEquals(Gap.CatchUp.INCOMPLETE, awaitGap().getCatchUp());
        assertEquals(1, catchUp.failures().count());
        assertNull(records.failures.get("sensors"));
    }
}
