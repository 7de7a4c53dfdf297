package io.kiipush.gateway;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Manages the Kii-side push subscriptions of the gateway's identity at runtime: which buckets and Kii topics deliver
 * notifications to the gateway's MQTT topic.
 * <p>
 * Subscriptions listed in the onboarding configuration are applied automatically after onboarding and after every
 * endpoint refresh; this service adds and removes others at runtime. Runtime subscriptions are persisted with the
 * gateway's state and survive restarts. Failures never affect the MQTT session.
 * <p>
 * {@link #subscribe(Subscription)} and {@link #unsubscribe(Subscription)} make one HTTPS call to Kii Cloud (bounded
 * by the configured HTTP timeouts); do not call them from a time-critical thread. Provided by this bundle; consumers
 * call it.
 */
@ProviderType
public interface KiiSubscriptions {

    /**
     * @return every configured and runtime subscription with its state, configured ones first
     */
    List<SubscriptionStatus> list();

    /**
     * Subscribes the gateway's identity. If the gateway is not onboarded yet the subscription is recorded as
     * {@link SubscriptionStatus.State#PENDING} and applied after onboarding.
     *
     * @param subscription what to subscribe
     * @return the resulting status; {@link SubscriptionStatus.State#FAILED} carries Kii's error code
     */
    SubscriptionStatus subscribe(Subscription subscription);

    /**
     * Unsubscribes the gateway's identity and forgets the subscription. A subscription that is also listed in the
     * configuration is re-applied after the next refresh unless it is removed from the configuration too.
     *
     * @param subscription what to unsubscribe
     * @return the resulting status ({@link SubscriptionStatus.State#UNSUBSCRIBED} or {@link SubscriptionStatus.State#FAILED})
     */
    SubscriptionStatus unsubscribe(Subscription subscription);
}
