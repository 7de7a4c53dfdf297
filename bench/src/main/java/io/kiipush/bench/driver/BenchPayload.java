package io.kiipush.bench.driver;

import java.nio.charset.StandardCharsets;

/**
 * A Kii bucket event (docs/kii-protocol.md §6.1, key order as the emulator sends it) of about 300 bytes, with two
 * extra data fields at the end: {@code benchSeq} and {@code benchSentAt} (the publisher's nanoTime). Written into one
 * reused buffer without allocation.
 */
final class BenchPayload {

    private final byte[] prefix;
    private final byte[] middle = ",\"benchSentAt\":".getBytes(StandardCharsets.US_ASCII);
    private final byte[] buffer = new byte[1024];

    /**
     * @param appId the app
     * @param thingId the thing in whose scope the object lives
     */
    BenchPayload(String appId, String thingId) {
        String head = "{\"origin\":\"EVENT\",\"sender\":\"" + thingId + "\",\"objectScopeType\":\"APP_AND_THING\","
                + "\"objectScopeAppID\":\"" + appId + "\",\"objectScopeThingID\":\"" + thingId + "\",\"bucketID\":\"sensors\","
                + "\"bucketType\":\"rw\",\"objectID\":\"";
        String afterId = "\",\"type\":\"DATA_OBJECT_CREATED\",\"when\":" + System.currentTimeMillis() + ",\"appID\":\""
                + appId + "\",\"benchSeq\":";
        // objectID padded so that a typical message (7-digit seq, this machine's nanoTime width) is 300 bytes.
        int fixed = head.length() + afterId.length() + middle.length + 7 + Long.toString(System.nanoTime()).length() + 1;
        int pad = Math.max(4, 300 - fixed);
        StringBuilder id = new StringBuilder();
        while (id.length() < pad) {
            id.append("o.bench-0123456789abcdef");
        }
        prefix = (head + id.substring(0, pad) + afterId).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, buffer, 0, prefix.length);
    }

    byte[] buffer() {
        return buffer;
    }

    /** @return the payload length; the payload is in {@link #buffer()} */
    int fill(long seq, long sentNanos) {
        int pos = prefix.length;
        pos = digits(seq, pos);
        System.arraycopy(middle, 0, buffer, pos, middle.length);
        pos += middle.length;
        pos = digits(sentNanos, pos);
        buffer[pos++] = '}';
        return pos;
    }

    private int digits(long v, int pos) {
        if (v == 0) {
            buffer[pos] = '0';
            return pos + 1;
        }
        int len = 0;
        for (long t = v; t > 0; t /= 10) {
            len++;
        }
        for (int i = pos + len - 1; i >= pos; i--) {
            buffer[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return pos + len;
    }
}
