package io.kiipush.gateway.internal.recovery;

/** Where catch-up hands what it recovered: the session's dispatcher, so it reaches listeners like a live push. */
public interface RecoverySink {

    /**
     * Queues a rebuilt push; the dispatcher parses it, drops it if the ledger proves it a duplicate, else delivers it
     * marked as recovered.
     *
     * @param payload the rebuilt payload
     * @param tally the gap it belongs to
     */
    void recovered(byte[] payload, GapTally tally);

    /** @param tally a gap, queued after every recovered notification of its window */
    void gap(GapTally tally);

    /** @return recovered notifications queued and not yet delivered (catch-up waits while there are many) */
    int recoveredBacklog();

    /** @return the payload size limit ({@code payload.maxBytes}) */
    int maxPayloadBytes();
}
