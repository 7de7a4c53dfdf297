package io.kiipush.gateway.console;

import io.kiipush.gateway.PushNotification;

/** What the page shows of one notification: its kind, type, what it is about, and the start of its raw JSON. */
final class RecentNotification {

    /** Longer payloads are cut here: the ring must stay small whatever Kii sends. */
    static final int MAX_RAW_CHARS = 1000;

    private final long receivedAt;
    private final String kind;
    private final String type;
    private final String subject;
    private final boolean recovered;
    private final String raw;
    private final boolean rawCut;

    RecentNotification(long receivedAt, String kind, String type, String subject, boolean recovered, String raw) {
        this.receivedAt = receivedAt;
        this.kind = kind;
        this.type = type == null ? "" : type;
        this.subject = subject;
        this.recovered = recovered;
        String r = raw == null ? "" : raw;
        this.rawCut = r.length() > MAX_RAW_CHARS;
        this.raw = rawCut ? r.substring(0, MAX_RAW_CHARS) : r;
    }

    /**
     * @param n a notification as the session delivers it
     * @return its summary (copies only strings: nothing keeps the notification alive)
     */
    static RecentNotification of(PushNotification n) {
        return new RecentNotification(n.getReceivedAt(), n.getKind().name(), n.getType(), subjectOf(n), n.isRecovered(),
                n.getRawJson());
    }

    // The one id that says what the notification is about, as "bucket sensors / object 42".
    private static String subjectOf(PushNotification n) {
        StringBuilder sb = new StringBuilder();
        append(sb, "bucket", n.getBucketId());
        append(sb, "object", n.getObjectId());
        append(sb, "topic", n.getTopicId());
        append(sb, "command", n.getCommandId());
        return sb.toString();
    }

    private static void append(StringBuilder sb, String label, String value) {
        if (value != null && !value.isEmpty()) {
            if (sb.length() > 0) {
                sb.append(" / ");
            }
            sb.append(label).append(' ').append(value);
        }
    }

    long receivedAt() {
        return receivedAt;
    }

    String kind() {
        return kind;
    }

    String type() {
        return type;
    }

    String subject() {
        return subject;
    }

    boolean recovered() {
        return recovered;
    }

    /** @return the raw JSON, at most {@link #MAX_RAW_CHARS} characters */
    String raw() {
        return raw;
    }

    /** @return whether {@link #raw()} was cut */
    boolean rawCut() {
        return rawCut;
    }
}
