package io.kiipush.gateway.internal.recovery;

import java.util.LinkedHashMap;
import java.util.Map;

import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;

/**
 * What was delivered, in bounded memory, so that a recovered notification is not delivered again: per object the
 * newest change delivered (a live content event's {@code modifiedAt} or {@code when}, a recovered object's
 * {@code _modified}), and the command IDs delivered. A recovered object version no newer than what was delivered,
 * and a command already delivered, are duplicates; anything the ledger cannot prove (it forgot the entry, the live
 * event had no time) is delivered: at-least-once. Least recently used entries are forgotten first. Confined to the
 * dispatcher thread.
 */
public final class DeliveryLedger {

    /** Default capacity per kind. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final Map<String, Long> objects;
    private final Map<String, Boolean> commands;

    /** @param capacity entries kept per kind (objects, commands) */
    public DeliveryLedger(int capacity) {
        this.objects = lru(capacity);
        this.commands = lru(capacity);
    }

    /**
     * Records a live push. Only events that tell about new content (created, updated, body updated) count: a consumer
     * that saw one has seen the object's state at that time.
     *
     * @param n the live notification
     */
    public void live(PushNotification n) {
        if (n.getKind() == NotificationKind.COMMAND) {
            String id = n.getCommandId();
            if (id != null) {
                commands.put(id, Boolean.TRUE);
            }
            return;
        }
        if (n.getKind() != NotificationKind.BUCKET_EVENT || !announcesContent(n.getType())) {
            return;
        }
        String key = objectKey(n);
        Long at = n.getLong("modifiedAt") != null ? n.getLong("modifiedAt") : n.getWhen();
        if (key != null && at != null) {
            objects.merge(key, at, Math::max);
        }
    }

    /**
     * Checks a recovered notification and records it if it is new.
     *
     * @param n the recovered notification (its {@code modifiedAt} is the object's {@code _modified})
     * @return true if it was delivered already (live or recovered) and must not be delivered again
     */
    public boolean isDuplicate(PushNotification n) {
        if (n.getKind() == NotificationKind.COMMAND) {
            String id = n.getCommandId();
            return id != null && commands.put(id, Boolean.TRUE) != null;
        }
        String key = objectKey(n);
        Long modified = n.getLong("modifiedAt");
        if (key == null || modified == null) {
            return false;
        }
        Long seen = objects.get(key);
        if (seen != null && seen >= modified) {
            return true;
        }
        objects.put(key, modified);
        return false;
    }

    /** @return entries held (objects + commands) */
    public int size() {
        return objects.size() + commands.size();
    }

    private static boolean announcesContent(String type) {
        return "DATA_OBJECT_CREATED".equals(type) || "DATA_OBJECT_UPDATED".equals(type)
                || "DATA_OBJECT_BODY_UPDATED".equals(type);
    }

    // The bucket's scope, bucket and object: the same fields in a live push and in a rebuilt one.
    static String objectKey(PushNotification n) {
        String object = n.getObjectId();
        String bucket = n.getBucketId();
        if (object == null || bucket == null) {
            return null;
        }
        return n.getScopeType() + '|' + n.getString("objectScopeUserID") + '|' + n.getString("objectScopeGroupID")
                + '|' + n.getString("objectScopeThingID") + '|' + bucket + '|' + object;
    }

    private static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<String, V>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
