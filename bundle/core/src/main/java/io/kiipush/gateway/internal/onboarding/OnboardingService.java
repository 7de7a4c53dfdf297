package io.kiipush.gateway.internal.onboarding;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The onboarding logic of one Kii identity, free of DS and built with {@code new}: wires the
 * {@link IdentityStore} (state and lock), the {@link OnboardingFlow}s, the single-flight {@link EndpointRequests},
 * the {@link SubscriptionManager} with its background {@link SubscriptionSync}, and the {@link OnboardingStatusLines};
 * applies configuration changes to them and stops them. Every network step runs on the executor it is given.
 */
final class OnboardingService {

    private static final Logger logger = LoggerFactory.getLogger(OnboardingService.class);

    private final IdentityStore store;
    private final KiiHttp http;
    private final MqttApiOnboarder mqttApi;
    private final EndpointRequests endpoints;
    private final SubscriptionSync sync;
    private final SubscriptionManager subscriptions;
    private final OnboardingStatusLines diagnostics;
    private final ThingCommandCalls commands;
    private final RecordCalls records;

    /**
     * @param settings the initial settings
     * @param executor runs the flows, the endpoint waits and the subscription calls; owned by the caller
     * @param tuning retry delays, clock and stop timeout
     * @param http the HTTP transport to Kii
     * @param mqttApi the exchange of API via MQTT (MQTT_API mode)
     */
    OnboardingService(OnboardingSettings settings, ScheduledExecutorService executor, Tuning tuning, KiiHttp http,
            ApiExchange mqttApi) {
        logProblems(null, settings);
        this.store = new IdentityStore(settings, tuning.clock);
        this.http = http;
        this.mqttApi = new MqttApiOnboarder(mqttApi);
        SubscriptionCalls calls = new SubscriptionCalls(store, http);
        this.sync = new SubscriptionSync(store, calls, executor);
        this.subscriptions = new SubscriptionManager(store, calls);
        OnboardingFlow flow = new OnboardingFlow(store, http, this.mqttApi,
                new EndpointPoller(executor, tuning, store::isClosed));
        this.endpoints = new EndpointRequests(store, flow, executor, sync::schedule);
        this.diagnostics = new OnboardingStatusLines(store, endpoints);
        this.commands = new ThingCommandCalls(store, http);
        this.records = new RecordCalls(store, http);
    }

    ThingCommandCalls commands() {
        return commands;
    }

    RecordCalls records() {
        return records;
    }

    EndpointRequests endpoints() {
        return endpoints;
    }

    SubscriptionManager subscriptions() {
        return subscriptions;
    }

    OnboardingStatusLines diagnostics() {
        return diagnostics;
    }

    OnboardingSettings settings() {
        return store.settings();
    }

    /**
     * Applies new settings: identity changes switch to the new identity's state, identity and connection changes
     * make previous targets obsolete, subscription changes are applied in the background.
     *
     * @param next the new settings
     */
    void update(OnboardingSettings next) {
        IdentityStore.Change change;
        synchronized (store.lock) {
            if (store.isClosed()) {
                return;
            }
            logProblems(store.settings(), next);
            change = store.update(next);
            if (change.identity) {
                endpoints.identityChanged();
            }
        }
        if (change.identity || change.connection) {
            endpoints.invalidate();
        }
        if (change.subscriptions) {
            sync.schedule(false);
        }
    }

    /** Stops everything: pending futures fail with "onboarding stopped", network exchanges are aborted. */
    void close() {
        if (!store.close()) {
            return;
        }
        http.close();
        mqttApi.close();
        endpoints.close();
    }

    /** For tests: run {@code check} on the current identity state under the lock. */
    void inspect(Consumer<IdentityState> check) {
        synchronized (store.lock) {
            IdentityStore.Identity id = store.current();
            check.accept(id == null ? null : id.state);
        }
    }

    /** Configuration problems are logged once, when they appear or change. */
    private static void logProblems(OnboardingSettings prev, OnboardingSettings next) {
        if (next.isValid()) {
            if (prev != null && !prev.isValid()) {
                logger.info("Kii onboarding configuration is valid again");
            }
            return;
        }
        if (prev == null || !prev.problems.equals(next.problems)) {
            logger.error("Kii onboarding configuration has {} problem(s); the gateway will not connect until they "
                    + "are fixed:\n  - {}", next.problems.size(), String.join("\n  - ", next.problems));
        }
    }
}
