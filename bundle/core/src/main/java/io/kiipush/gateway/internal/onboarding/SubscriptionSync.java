package io.kiipush.gateway.internal.onboarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.SubscriptionStatus.State;

/**
 * Brings the Kii-side subscriptions in line with the identity's state in the background: one pass at a time on the
 * executor; a request arriving during a pass makes one more pass. Never delays or fails an endpoint request.
 */
final class SubscriptionSync {

    private static final Logger logger = LoggerFactory.getLogger(SubscriptionSync.class);

    private final IdentityStore store;
    private final SubscriptionCalls calls;
    private final Executor executor;

    // ---- guarded by store.lock ----
    private boolean running;
    private boolean again;
    private boolean againAll;

    SubscriptionSync(IdentityStore store, SubscriptionCalls calls, Executor executor) {
        this.store = store;
        this.calls = calls;
        this.executor = executor;
    }

    /**
     * @param all true after a fresh onboarding or refresh: every wanted subscription is sent again (409 = already
     *        subscribed); false after a restart or a configuration change: only those not yet confirmed for the
     *        current installation
     */
    void schedule(boolean all) {
        synchronized (store.lock) {
            if (store.isClosed() || store.current() == null) {
                return;
            }
            if (running) {
                again = true;
                againAll |= all;
                return;
            }
            running = true;
        }
        try {
            executor.execute(() -> loop(all));
        } catch (RejectedExecutionException e) {
            synchronized (store.lock) {
                running = false;
            }
        }
    }

    private void loop(boolean all) {
        boolean everything = all;
        while (true) {
            try {
                pass(everything);
            } catch (RuntimeException e) {
                logger.error("Applying the Kii subscriptions failed unexpectedly", e);
            }
            synchronized (store.lock) {
                if (!again || store.isClosed()) {
                    running = false;
                    return;
                }
                everything = againAll;
                again = false;
                againAll = false;
            }
        }
    }

    private void pass(boolean all) {
        IdentityStore.Identity id;
        OnboardingSettings s;
        SubscriptionCalls.Subscriber who;
        List<IdentityState.Sub> work = new ArrayList<>();
        synchronized (store.lock) {
            id = store.current();
            s = store.settings();
            if (id == null || store.isClosed() || !id.state.onboarded()) {
                return;
            }
            who = new SubscriptionCalls.Subscriber(id.state);
            for (IdentityState.Sub sub : id.state.subscriptions) {
                if (!sub.wanted() || all || sub.state() != State.SUBSCRIBED
                        || !Objects.equals(sub.confirmedInstallationId, who.installation)) {
                    work.add(sub);
                }
            }
        }
        if (work.isEmpty()) {
            return;
        }
        logger.debug("Applying {} Kii subscription change(s) for {}:{}", work.size(), who.kind, who.id);
        for (IdentityState.Sub sub : work) {
            boolean subscribe;
            synchronized (store.lock) {
                if (store.isClosed() || store.current() != id) {
                    return;
                }
                subscribe = sub.wanted();
            }
            calls.record(id, sub, calls.send(s, subscribe, sub.parsed(), who), who.installation);
        }
    }
}
