package io.kiipush.gateway.internal.onboarding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.KiiSubscriptions;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.SubscriptionStatus.Origin;
import io.kiipush.gateway.SubscriptionStatus.State;

/**
 * {@link KiiSubscriptions} at runtime: configured subscriptions first, then runtime ones, each with its last known
 * state. A runtime change is recorded (so it survives a restart) and sent to Kii at once when the identity is
 * onboarded, otherwise after the onboarding.
 */
final class SubscriptionManager implements KiiSubscriptions {

    private static final Logger logger = LoggerFactory.getLogger(SubscriptionManager.class);

    private final IdentityStore store;
    private final SubscriptionCalls calls;

    SubscriptionManager(IdentityStore store, SubscriptionCalls calls) {
        this.store = store;
        this.calls = calls;
    }

    @Override
    public List<SubscriptionStatus> list() {
        synchronized (store.lock) {
            IdentityStore.Identity id = store.current();
            if (id == null) {
                return Collections.emptyList();
            }
            List<SubscriptionStatus> out = new ArrayList<>();
            for (Subscription s : store.settings().subscriptions) {
                IdentityState.Sub sub = id.state.find(s);
                if (sub != null) {
                    out.add(sub.status());
                }
            }
            for (IdentityState.Sub sub : id.state.subscriptions) {
                if (!sub.configured && sub.runtime) {
                    out.add(sub.status());
                }
            }
            return out;
        }
    }

    @Override
    public SubscriptionStatus subscribe(Subscription subscription) {
        return change(subscription, true);
    }

    @Override
    public SubscriptionStatus unsubscribe(Subscription subscription) {
        return change(subscription, false);
    }

    private SubscriptionStatus change(Subscription subscription, boolean subscribe) {
        Objects.requireNonNull(subscription, "subscription");
        Change c;
        synchronized (store.lock) {
            SubscriptionStatus refused = refuse(subscription);
            if (refused != null) {
                return refused;
            }
            c = new Change(subscription);
            SubscriptionStatus notYet = subscribe ? c.recordSubscribe() : c.recordUnsubscribe();
            store.save(c.id);
            if (notYet != null) {
                return notYet;
            }
        }
        SubscriptionCalls.Result result = calls.send(c.s, subscribe, subscription, c.who);
        calls.record(c.id, c.sub, result, c.who.installation);
        return new SubscriptionStatus(subscription, result.state, c.origin, result.code, result.message, store.now());
    }

    /** A runtime change (lock held while it is recorded): the identity, settings, record and subscriber it concerns. */
    private final class Change {
        final Subscription subscription;
        final IdentityStore.Identity id = store.current();
        final OnboardingSettings s = store.settings();
        final SubscriptionCalls.Subscriber who = new SubscriptionCalls.Subscriber(id.state);
        IdentityState.Sub sub;
        final Origin origin;

        Change(Subscription subscription) {
            this.subscription = subscription;
            sub = id.state.find(subscription);
            origin = origin(sub);
        }

        /** @return the status when nothing can be sent to Kii yet, else {@code null} */
        SubscriptionStatus recordSubscribe() {
            if (sub == null) {
                sub = id.state.add(subscription, store.now());
            }
            sub.runtime = true;
            if (id.state.onboarded()) {
                return null;
            }
            if (sub.state() != State.SUBSCRIBED) {
                sub.set(State.PENDING, null, "applied after onboarding", store.now());
            }
            logger.info("Kii subscription {} recorded; applied after onboarding", subscription);
            return sub.status();
        }

        /** @return the status when nothing can be subscribed on the Kii side yet, else {@code null} */
        SubscriptionStatus recordUnsubscribe() {
            if (sub != null) {
                sub.runtime = false;
            }
            if (!id.state.onboarded()) {
                if (sub != null && !sub.configured) {
                    id.state.subscriptions.remove(sub);
                }
                return new SubscriptionStatus(subscription, State.UNSUBSCRIBED, origin, null, null, store.now());
            }
            if (sub == null) {
                sub = id.state.add(subscription, store.now());
            }
            return null;
        }
    }

    private static Origin origin(IdentityState.Sub sub) {
        return sub != null && sub.configured ? Origin.CONFIGURATION : Origin.RUNTIME;
    }

    /** @return a FAILED status when the subscription cannot be handled now, else {@code null} (lock held) */
    private SubscriptionStatus refuse(Subscription subscription) {
        if (store.isClosed()) {
            return failed(subscription, "STOPPED", "onboarding stopped");
        }
        OnboardingSettings s = store.settings();
        if (store.current() == null) {
            return failed(subscription, "CONFIGURATION", s.problemSummary());
        }
        String problem = s.ownScopeProblem(subscription);
        return problem == null ? null : failed(subscription, "CONFIGURATION", problem);
    }

    private SubscriptionStatus failed(Subscription subscription, String code, String message) {
        return new SubscriptionStatus(subscription, State.FAILED, Origin.RUNTIME, code, message, store.now());
    }
}
