package io.kiipush.gateway.internal.session;

/**
 * Hears when a link subscribed, is alive and went down, for gap detection. Called on the session thread; must not
 * block.
 */
interface LinkObserver {

    LinkObserver NONE = new LinkObserver() {
    };

    /**
     * @param identity who the link belongs to, e.g. {@code thing:th.1}
     * @param subackAt SUBACK time, ms since the epoch
     */
    default void up(String identity, long subackAt) {
    }

    /** @param lastAliveAt the connected link's last inbound packet, ms since the epoch (every 30 s) */
    default void alive(long lastAliveAt) {
    }

    /** @param lastAliveAt the link that was connected went down; its last inbound packet, ms since the epoch */
    default void down(long lastAliveAt) {
    }
}
