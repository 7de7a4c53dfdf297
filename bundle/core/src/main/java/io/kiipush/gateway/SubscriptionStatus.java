package io.kiipush.gateway;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where one Kii-side subscription stands: an immutable value.
 */
@ProviderType
public final class SubscriptionStatus {

    /** State of a subscription on the Kii side. */
    public enum State {
        /** Not applied yet (the gateway is not onboarded yet, or a retry is due after the next onboarding or refresh). */
        PENDING,
        /** Kii confirmed the subscription (HTTP 204, or 409: already subscribed). */
        SUBSCRIBED,
        /** Kii refused it; {@link SubscriptionStatus#getErrorCode()} holds Kii's error code. Retried after the next onboarding or refresh. */
        FAILED,
        /** Removed on the Kii side (HTTP 204, or 404: was not subscribed). */
        UNSUBSCRIBED
    }

    /** Where a subscription comes from. */
    public enum Origin {
        /** Listed in the onboarding configuration; removing it there unsubscribes it. */
        CONFIGURATION,
        /** Added at runtime through {@link KiiSubscriptions} or the shell; kept until removed the same way. */
        RUNTIME
    }

    private final Subscription subscription;
    private final State state;
    private final Origin origin;
    private final String errorCode;
    private final String message;
    private final long updatedAt;

    /**
     * @param subscription the subscription
     * @param state its state
     * @param origin where it comes from
     * @param errorCode Kii's error code (or {@code HTTP_<status>}, or {@code NETWORK}) when {@link State#FAILED}, else {@code null}
     * @param message a message for an operator, may be {@code null}
     * @param updatedAt when the state was last set, ms since the epoch
     */
    public SubscriptionStatus(Subscription subscription, State state, Origin origin, String errorCode, String message, long updatedAt) {
        this.subscription = Objects.requireNonNull(subscription, "subscription");
        this.state = Objects.requireNonNull(state, "state");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.errorCode = errorCode;
        this.message = message;
        this.updatedAt = updatedAt;
    }

    /** @return the subscription */
    public Subscription getSubscription() {
        return subscription;
    }

    /** @return its state */
    public State getState() {
        return state;
    }

    /** @return where it comes from */
    public Origin getOrigin() {
        return origin;
    }

    /** @return Kii's error code when {@link State#FAILED}, otherwise {@code null} */
    public String getErrorCode() {
        return errorCode;
    }

    /** @return a message for an operator, or {@code null} */
    public String getMessage() {
        return message;
    }

    /** @return when the state was last set, ms since the epoch */
    public long getUpdatedAt() {
        return updatedAt;
    }

    @Override
    public String toString() {
        return subscription + " " + state + " (" + origin.name().toLowerCase(java.util.Locale.ROOT) + ")"
                + (errorCode == null ? "" : " " + errorCode) + (message == null ? "" : ": " + message);
    }
}
