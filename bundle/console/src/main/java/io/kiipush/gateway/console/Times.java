package io.kiipush.gateway.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times on the page: UTC with seconds and how long ago, "-" for the status's "never" (0). */
final class Times {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    /**
     * @param at ms since the epoch, 0 = never
     * @param now the page's time, ms since the epoch
     * @return e.g. {@code 2026-12-07 01:10:07Z (42 s ago)}, or {@code -}
     */
    static String format(long at, long now) {
        if (at <= 0) {
            return "-";
        }
        return utc(at) + " (" + ago(now - at) + ")";
    }

    /**
     * @param at ms since the epoch
     * @return e.g. {@code 2026-12-07 01:10:07Z}
     */
    static String utc(long at) {
        return UTC.format(Instant.ofEpochMilli(at));
    }

    /**
     * @param at ms since the epoch, 0 = never
     * @return ISO-8601 UTC for scripts, {@code null} for never
     */
    static String iso(long at) {
        return at <= 0 ? null : Instant.ofEpochMilli(at).toString();
    }

    private static String ago(long ms) {
        if (ms < 0) {
            return "in " + span(-ms);
        }
        return span(ms) + " ago";
    }

    private static String span(long ms) {
        long s = ms / 1000;
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        if (s < 172800) {
            return (s / 3600) + " h";
        }
        return (s / 86400) + " d";
    }
}
