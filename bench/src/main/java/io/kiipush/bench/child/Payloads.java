package io.kiipush.bench.child;

/** Reads the publisher's timestamp from a raw payload, as cheaply as a hand-written consumer would. */
public final class Payloads {

    private Payloads() {
    }

    /**
     * @param payload the bench payload, whose last field is {@code "benchSentAt":<digits>}
     * @return the embedded nanoTime, or 0 if the payload does not end that way
     */
    public static long sentAt(byte[] payload) {
        int end = payload.length - 1;
        while (end >= 0 && payload[end] != '}') {
            end--;
        }
        int i = end - 1;
        long value = 0;
        long scale = 1;
        while (i >= 0 && payload[i] >= '0' && payload[i] <= '9') {
            value += (payload[i] - '0') * scale;
            scale *= 10;
            i--;
        }
        return scale == 1 ? 0 : value;
    }
}
