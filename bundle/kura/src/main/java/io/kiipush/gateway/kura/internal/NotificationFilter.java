package io.kiipush.gateway.kura.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;

/**
 * Which notifications a Kii subscriber receives: by kind, by bucket (bucket events only) and by topic (topic
 * messages only). An empty list lets everything through. Read from a subscriber's configuration or the map given to
 * {@code CloudEndpoint.registerSubscriber}; each value is a comma-separated string or a list of strings.
 */
public final class NotificationFilter {

    /** Kinds to receive: BUCKET_EVENT, TOPIC_MESSAGE, DIRECT_PUSH, COMMAND; empty = all. */
    public static final String KINDS = "kinds";
    /** Bucket IDs whose bucket events to receive; empty = all. */
    public static final String BUCKETS = "buckets";
    /** Topic IDs whose topic messages to receive; empty = all. */
    public static final String TOPICS = "topics";

    /** Lets everything through. */
    public static final NotificationFilter ALL = new NotificationFilter(EnumSet.allOf(NotificationKind.class),
            Collections.<String>emptySet(), Collections.<String>emptySet());

    private final Set<NotificationKind> kinds;
    private final Set<String> buckets;
    private final Set<String> topics;

    private NotificationFilter(Set<NotificationKind> kinds, Set<String> buckets, Set<String> topics) {
        this.kinds = kinds;
        this.buckets = buckets;
        this.topics = topics;
    }

    /**
     * @param properties the subscription properties, may be {@code null} (= everything)
     * @return the filter
     * @throws IllegalArgumentException naming the property and the fix, if a kind is unknown or a value has the
     *         wrong type
     */
    public static NotificationFilter parse(Map<String, ?> properties) {
        if (properties == null) {
            return ALL;
        }
        Set<NotificationKind> kinds = EnumSet.noneOf(NotificationKind.class);
        for (String name : list(properties, KINDS)) {
            try {
                kinds.add(NotificationKind.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(KINDS + ": unknown kind '" + name
                        + "'; use BUCKET_EVENT, TOPIC_MESSAGE, DIRECT_PUSH or COMMAND, or leave it empty for all", e);
            }
        }
        if (kinds.isEmpty()) {
            kinds = EnumSet.allOf(NotificationKind.class);
        }
        return new NotificationFilter(kinds, new LinkedHashSet<>(list(properties, BUCKETS)),
                new LinkedHashSet<>(list(properties, TOPICS)));
    }

    /**
     * @param notification a notification
     * @return whether a subscriber with this filter receives it
     */
    public boolean matches(PushNotification notification) {
        NotificationKind kind = notification.getKind();
        if (!kinds.contains(kind)) {
            return false;
        }
        if (kind == NotificationKind.BUCKET_EVENT && !buckets.isEmpty()) {
            return buckets.contains(notification.getBucketId());
        }
        if (kind == NotificationKind.TOPIC_MESSAGE && !topics.isEmpty()) {
            return topics.contains(notification.getTopicId());
        }
        return true;
    }

    @Override
    public String toString() {
        return "kinds=" + kinds + " buckets=" + (buckets.isEmpty() ? "all" : buckets) + " topics="
                + (topics.isEmpty() ? "all" : topics);
    }

    private static List<String> list(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        List<String> raw = new ArrayList<>();
        if (value == null) {
            return raw;
        } else if (value instanceof String) {
            raw.add((String) value);
        } else if (value instanceof String[]) {
            Collections.addAll(raw, (String[]) value);
        } else if (value instanceof Collection) {
            for (Object o : (Collection<?>) value) {
                raw.add(String.valueOf(o));
            }
        } else {
            throw new IllegalArgumentException(key + ": expected a comma-separated string or a list of strings, got "
                    + value.getClass().getSimpleName());
        }
        List<String> items = new ArrayList<>();
        for (String entry : raw) {
            if (entry == null) {
                continue;
            }
            for (String item : entry.split(",")) {
                if (!item.trim().isEmpty()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }
}
