package io.kiipush.gateway.internal.recovery;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Turns link ups and downs into gap windows: from the last-alive time of the link that went down (or, for the first
 * link of an identity in this run, the last-alive time persisted by the previous run) to the SUBACK of the new link.
 * The first link of a brand-new identity (nothing persisted) has no gap. Confined to the catch-up thread.
 */
final class GapTracker {

    private String identity;
    private long upAt = -1;
    private long downAt = -1;

    /**
     * The connected link went down, last known alive at {@code lastAliveAt}; only the first down after an up counts
     * (the attempts that follow never carried pushes).
     */
    void linkDown(long lastAliveAt) {
        if (downAt < 0 && identity != null) {
            // Never before the link's own SUBACK: what changed earlier was pushed to an earlier link or gap.
            downAt = Math.max(lastAliveAt, upAt);
        }
    }

    /**
     * A link subscribed.
     *
     * @param linkIdentity who the link belongs to (another identity than the previous link's is a fresh start)
     * @param subackAt when it subscribed, ms since the epoch
     * @param persisted the last-alive time persisted for the identity, asked only for its first link in this run
     * @return the window to report, or {@code null} when there is none
     */
    GapWindow linkUp(String linkIdentity, long subackAt, Supplier<Long> persisted) {
        GapWindow window = null;
        if (identity != null && Objects.equals(identity, linkIdentity)) {
            if (downAt >= 0) {
                window = new GapWindow(downAt, subackAt, false, upAt);
            }
        } else {
            Long before = persisted.get();
            if (before != null && before > 0) {
                window = new GapWindow(before, subackAt, true);
            }
        }
        identity = linkIdentity;
        upAt = subackAt;
        downAt = -1;
        return window;
    }
}
