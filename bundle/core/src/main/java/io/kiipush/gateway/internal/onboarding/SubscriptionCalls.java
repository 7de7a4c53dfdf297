package io.kiipush.gateway.internal.onboarding;

import java.util.Collections;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus.State;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * One Kii subscription call (PUT to subscribe, DELETE to unsubscribe; docs/kii-protocol.md §5) and recording its
 * outcome in the identity's state. A 409 on PUT means already subscribed, a 404 on DELETE not subscribed: both are
 * the state asked for.
 */
final class SubscriptionCalls {

    private static final Logger logger = LoggerFactory.getLogger(SubscriptionCalls.class);

    /** Who subscribes: the identity's token and Kii owner, and the installation they were confirmed under. */
    static final class Subscriber {
        final String token;
        final String kind;
        final String id;
        final String installation;

        /** @param st the identity's state (lock held) */
        Subscriber(IdentityState st) {
            this.token = st.token;
            this.kind = st.ownerKind;
            this.id = st.ownerId;
            this.installation = st.installationId;
        }
    }

    /** The outcome of one call. */
    static final class Result {
        final State state;
        final String code;
        final String message;

        Result(State state, String code, String message) {
            this.state = state;
            this.code = code;
            this.message = message;
        }
    }

    private final IdentityStore store;
    private final KiiHttp http;

    SubscriptionCalls(IdentityStore store, KiiHttp http) {
        this.store = store;
        this.http = http;
    }

    /** Makes the call; never throws. Runs without the lock. */
    Result send(OnboardingSettings s, boolean subscribe, Subscription subscription, Subscriber who) {
        try {
            KiiHttp.Response r = new KiiRestClient(s, http, store::now).subscription(subscribe, subscription,
                    who.token, who.kind, who.id);
            if (subscribe && (r.isSuccess() || r.status == 409)) {
                return new Result(State.SUBSCRIBED, null, null);
            }
            if (!subscribe && (r.isSuccess() || r.status == 404)) {
                return new Result(State.UNSUBSCRIBED, null, null);
            }
            String code = r.errorCode() != null
                    ? KiiAnswers.clean(r.errorCode(), Collections.singletonList(who.token), 60)
                    : "HTTP_" + r.status;
            String message = r.kiiMessage() != null
                    ? KiiAnswers.clean(r.kiiMessage(), Collections.singletonList(who.token), 160)
                    : "HTTP " + r.status;
            return new Result(State.FAILED, code, message);
        } catch (OnboardingException e) {
            return new Result(State.FAILED, "NETWORK", e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Result(State.FAILED, "CONFIGURATION", e.getMessage());
        }
    }

    /**
     * Records a call outcome and writes the state; a subscription dropped meanwhile is left alone.
     *
     * @param id the identity the call was made for
     * @param sub the subscription's record
     * @param result the outcome
     * @param installation the installation the call was made under
     */
    void record(IdentityStore.Identity id, IdentityState.Sub sub, Result result, String installation) {
        synchronized (store.lock) {
            if (!id.state.subscriptions.contains(sub)) {
                return;
            }
            State previous = sub.state();
            String previousCode = sub.errorCode;
            switch (result.state) {
                case SUBSCRIBED:
                    sub.set(State.SUBSCRIBED, null, null, store.now());
                    sub.confirmedInstallationId = installation;
                    if (previous != State.SUBSCRIBED) {
                        logger.info("Kii subscription {} confirmed", sub.subscription);
                    }
                    break;
                case UNSUBSCRIBED:
                    sub.confirmedInstallationId = null;
                    if (sub.wanted()) {
                        sub.set(State.UNSUBSCRIBED, null, null, store.now());
                    } else {
                        id.state.subscriptions.remove(sub);
                    }
                    logger.info("Kii subscription {} removed", sub.subscription);
                    break;
                default:
                    sub.set(State.FAILED, result.code, result.message, store.now());
                    if (previous != State.FAILED || !Objects.equals(previousCode, result.code)) {
                        logger.warn("Kii {} of {} failed ({}: {}); retried after the next onboarding or refresh",
                                sub.wanted() ? "subscription" : "unsubscription", sub.subscription, result.code,
                                result.message);
                    }
                    break;
            }
            store.save(id);
        }
    }
}
