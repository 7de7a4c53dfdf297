package io.kiipush.gateway.internal.recovery;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;

import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;

public class DeliveryLedgerTest {

    private final DeliveryLedger ledger = new DeliveryLedger(100);

    static PushNotification bucketEvent(String objectId, String type, Long when, Long modifiedAt, boolean recovered) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("origin", "EVENT");
        f.put("objectScopeType", "APP");
        f.put("objectScopeAppID", "app1");
        f.put("bucketID", "sensors");
        f.put("objectID", objectId);
        f.put("type", type);
        if (when != null) {
            f.put("when", when);
        }
        if (modifiedAt != null) {
            f.put("modifiedAt", modifiedAt);
        }
        return new PushNotification(NotificationKind.BUCKET_EVENT, f, "{}", 0, recovered ? 0 : 1, recovered);
    }

    static PushNotification command(String id, boolean recovered) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("commandID", id);
        f.put("actions", "[]");
        return new PushNotification(NotificationKind.COMMAND, f, "{}", 0, 0, recovered);
    }

    @Test
    public void aRecoveredVersionNoNewerThanALiveEventIsADuplicate() {
        ledger.live(bucketEvent("o1", "DATA_OBJECT_UPDATED", 2000L, null, false));
        assertTrue(ledger.isDuplicate(bucketEvent("o1", "DATA_OBJECT_UPDATED", 1990L, 1990L, true)));
        assertTrue(ledger.isDuplicate(bucketEvent("o1", "DATA_OBJECT_UPDATED", 2000L, 2000L, true)));
        assertFalse("a newer version was not delivered",
                ledger.isDuplicate(bucketEvent("o1", "DATA_OBJECT_UPDATED", 2001L, 2001L, true)));
        assertTrue("now it was", ledger.isDuplicate(bucketEvent("o1", "DATA_OBJECT_UPDATED", 2001L, 2001L, true)));
    }

    @Test
    public void eventsThatTellNothingAboutContentProveNothing() {
        ledger.live(bucketEvent("o1", "DATA_OBJECT_ACL_MODIFIED", 5000L, null, false));
        ledger.live(bucketEvent("o1", "DATA_OBJECT_DELETED", 5000L, null, false));
        assertFalse(ledger.isDuplicate(bucketEvent("o1", "DATA_OBJECT_UPDATED", 1000L, 1000L, true)));
    }

    @Test
    public void otherObjectsBucketsAndScopesAreNotConfused() {
        ledger.live(bucketEvent("o1", "DATA_OBJECT_CREATED", 5000L, null, false));
        assertFalse(ledger.isDuplicate(bucketEvent("o2", "DATA_OBJECT_CREATED", 1000L, 1000L, true)));
        Map<String, Object> f = new LinkedHashMap<>(bucketEvent("o1", "DATA_OBJECT_CREATED", 1000L, 1000L, true)
                .getFields());
        f.put("objectScopeType", "APP_AND_THING");
        f.put("objectScopeThingID", "th.1");
        assertFalse(ledger.isDuplicate(new PushNotification(NotificationKind.BUCKET_EVENT, f, "{}", 0, 0, true)));
    }

    @Test
    public void whatCannotBeProvenIsDelivered() {
        ledger.live(bucketEvent("o1", "DATA_OBJECT_CREATED", null, null, false)); // no time: nothing recorded
        assertFalse(ledger.isDuplicate(bucketEvent("o1", "DATA_OBJECT_CREATED", 1000L, 1000L, true)));
        assertFalse("no modifiedAt", ledger.isDuplicate(bucketEvent("o9", "DATA_OBJECT_CREATED", null, null, true)));
        assertFalse(ledger.isDuplicate(bucketEvent("o9", "DATA_OBJECT_CREATED", null, null, true)));
    }

    @Test
    public void commandsDeliveredLiveOrRecoveredAreNotDeliveredAgain() {
        ledger.live(command("c1", false));
        assertTrue(ledger.isDuplicate(command("c1", true)));
        assertFalse(ledger.isDuplicate(command("c2", true)));
        assertTrue(ledger.isDuplicate(command("c2", true)));
    }

    @Test
    public void memoryIsBoundedAndTheOldestEntriesAreForgotten() {
        for (int i = 0; i < 1000; i++) {
            ledger.live(command("c" + i, false));
            ledger.live(bucketEvent("o" + i, "DATA_OBJECT_CREATED", 5000L, null, false));
        }
        assertEquals(200, ledger.size());
        assertFalse("forgotten: delivered again (at-least-once)", ledger.isDuplicate(command("c0", true)));
        assertTrue(ledger.isDuplicate(command("c999", true)));
        assertTrue(ledger.isDuplicate(bucketEvent("o999", "DATA_OBJECT_CREATED", 5000L, 5000L, true)));
    }
}
