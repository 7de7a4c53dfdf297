package io.kiipush.gateway.internal.parse;

/**
 * The strings a parser saw recently, by content: a stream of pushes repeats the same field names and most values
 * (origin, scope, bucket, type, app and thing IDs), which then cost no allocation. Direct-mapped and bounded (a slot
 * holds the last string that hashed to it), so random input only costs misses. Not thread-safe: one per parser.
 */
final class StringCache {

    private static final int MAX_LENGTH = 64;

    private final String[] slots;

    /** @param slots number of slots, a power of two */
    StringCache(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.slots = new String[slots];
    }

    /**
     * @param text the text
     * @param start first char
     * @param end after the last char
     * @return {@code text.substring(start, end)}, or an equal string seen before
     */
    String get(String text, int start, int end) {
        int length = end - start;
        if (length > MAX_LENGTH) {
            return text.substring(start, end);
        }
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + text.charAt(i);
        }
        int slot = (h ^ (h >>> 16)) & (slots.length - 1);
        String s = slots[slot];
        if (s != null && s.length() == length && text.regionMatches(start, s, 0, length)) {
            return s;
        }
        s = text.substring(start, end);
        slots[slot] = s;
        return s;
    }
}
