package io.kiipush.gateway.internal.recovery;

import java.util.Collections;
import java.util.List;

import com.google.gson.JsonObject;

import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * What catch-up reads from Kii and keeps on disk, for the current identity: implemented by the onboarding (its
 * token, its state file). Every call may block on HTTP or disk; catch-up makes them on its own thread only.
 */
public interface KiiRecords {

    /** Who the identity is and what it subscribed to, as catch-up needs it. */
    final class Targets {
        /** The Kii application. */
        public final String appId;
        /** {@code thing} or {@code user}. */
        public final String ownerKind;
        /** The thing or user ID. */
        public final String ownerId;
        /** The bucket subscriptions confirmed at Kii. */
        public final List<Subscription> buckets;

        /**
         * @param appId the application
         * @param ownerKind {@code thing} or {@code user}
         * @param ownerId the owner's ID
         * @param buckets the subscribed buckets
         */
        public Targets(String appId, String ownerKind, String ownerId, List<Subscription> buckets) {
            this.appId = appId;
            this.ownerKind = ownerKind;
            this.ownerId = ownerId;
            this.buckets = Collections.unmodifiableList(buckets);
        }

        /** @return the thing ID when the identity is a thing (commands can be listed), else {@code null} */
        public String thingId() {
            return "thing".equals(ownerKind) ? ownerId : null;
        }
    }

    /** One page of a bucket query or command list. */
    final class Page {
        /** The objects or commands of the page, as Kii returned them. */
        public final List<JsonObject> items;
        /** Kii's {@code nextPaginationKey}, {@code null} on the last page. */
        public final String next;

        /**
         * @param items the page's objects or commands
         * @param next the key of the next page, {@code null} if none
         */
        public Page(List<JsonObject> items, String next) {
            this.items = Collections.unmodifiableList(items);
            this.next = next;
        }
    }

    /** @return the current identity's targets, {@code null} while it is not onboarded (no token) */
    Targets targets();

    /**
     * {@code POST .../buckets/{bucket}/query} with a range on {@code _modified}, ordered by {@code _modified}
     * ascending (docs/kii-protocol.md §14.1). A bucket Kii does not know is an empty last page.
     *
     * @param bucket the subscribed bucket
     * @param targets the identity the query is made for (resolves the gateway's own scope)
     * @param fromMs lower limit of {@code _modified}, included
     * @param toMs upper limit of {@code _modified}, included
     * @param limit {@code bestEffortLimit}
     * @param paginationKey the previous page's key, {@code null} for the first page
     * @return the page
     * @throws OnboardingException classified, on a network failure or an error answer
     */
    Page queryBucket(Subscription bucket, Targets targets, long fromMs, long toMs, int limit, String paginationKey)
            throws OnboardingException;

    /**
     * {@code GET /thing-if/apps/{app}/targets/thing:{thing}/commands} (docs/kii-protocol.md §14.2).
     *
     * @param targets the identity (a thing)
     * @param limit {@code bestEffortLimit}
     * @param paginationKey the previous page's key, {@code null} for the first page
     * @return the page
     * @throws OnboardingException classified, on a network failure or an error answer
     */
    Page listCommands(Targets targets, int limit, String paginationKey) throws OnboardingException;

    /** @return the last-alive time persisted for the current identity (ms since the epoch), {@code null} if none */
    Long persistedLastAlive();

    /** @param at the last-alive time to persist for the current identity (ms since the epoch) */
    void persistLastAlive(long at);
}
