package io.kiipush.gateway.internal.onboarding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.KiiSubscriptions;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.SubscriptionStatus;
import io.kiipush.gateway.SubscriptionStatus.State;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.EndpointSource;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.RefreshReason;
import io.kiipush.gateway.internal.endpoint.Transport;
import io.kiipush.gateway.internal.onboarding.OnboardingSettings.IdentityMode;

/**
 * The onboarding logic, free of DS: obtains, persists and refreshes the MQTT endpoint of the configured identity and
 * keeps its Kii-side subscriptions in line. Runs every network step on the executor it is given (owned by the
 * component); waits between 503 answers are scheduled, never slept.
 * <p>
 * One flow (acquire or refresh) runs at a time; concurrent calls share it. Shared state is guarded by one lock that
 * is never held during network I/O.
 */
final class OnboardingService implements EndpointSource, KiiSubscriptions, OnboardingDiagnostics {

    private static final Logger logger = LoggerFactory.getLogger(OnboardingService.class);

    /** A persisted endpoint this close to expiry is refreshed rather than handed out. */
    static final long EXPIRY_MARGIN_MS = 30_000;

    /** The state of one identity and where it is stored. */
    private static final class Identity {
        final IdentityState state;
        final long generation;
        StateStore store;

        Identity(IdentityState state, StateStore store, long generation) {
            this.state = state;
            this.store = store;
            this.generation = generation;
        }
    }

    /** What one flow works with: its identity and the settings it started with. */
    private static final class Ctx {
        final Identity id;
        final OnboardingSettings s;

        Ctx(Identity id, OnboardingSettings s) {
            this.id = id;
            this.s = s;
        }
    }

    /** The flow in progress, shared by concurrent callers. */
    private static final class Flight {
        final long generation;
        final boolean refresh;
        final CompletableFuture<ConnectTarget> future = new CompletableFuture<>();

        Flight(long generation, boolean refresh) {
            this.generation = generation;
            this.refresh = refresh;
        }
    }

    /** A flow's result: the target, and whether it came from Kii just now (then all subscriptions are re-sent). */
    private static final class Outcome {
        final ConnectTarget target;
        final boolean fresh;

        Outcome(ConnectTarget target, boolean fresh) {
            this.target = target;
            this.fresh = fresh;
        }
    }

    private final ScheduledExecutorService executor;
    private final Tuning tuning;
    private final KiiHttp http = new KiiHttp();
    private final MqttApiOnboarder mqttApi;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private OnboardingSettings settings;
    private Identity current;
    private long generation;
    private Flight inFlight;
    private final Set<CompletableFuture<ConnectTarget>> pending = new HashSet<>();
    private OnboardingException lastError;
    private long lastErrorAt;
    private String lastPersistProblem;
    private boolean closed;
    private boolean applying;
    private boolean applyAgain;
    private boolean applyAgainAll;

    OnboardingService(OnboardingSettings settings, ScheduledExecutorService executor, Tuning tuning) {
        this.executor = executor;
        this.tuning = tuning;
        this.mqttApi = new MqttApiOnboarder(tuning.stopTimeoutMs);
        synchronized (lock) {
            this.settings = settings;
            logProblems(null, settings);
            this.current = settings.isValid() ? loadIdentity(settings, generation) : null;
        }
    }

    // ================================================================== configuration

    OnboardingSettings settings() {
        synchronized (lock) {
            return settings;
        }
    }

    /**
     * Applies new settings: identity changes switch to the new identity's state, identity and connection changes
     * notify the invalidation listeners, subscription changes are applied in the background.
     *
     * @param next the new settings
     */
    void update(OnboardingSettings next) {
        boolean notify;
        boolean apply = false;
        synchronized (lock) {
            if (closed) {
                return;
            }
            OnboardingSettings prev = settings;
            settings = next;
            logProblems(prev, next);
            boolean identityChanged = !prev.sameIdentity(next);
            boolean connectionChanged = !prev.sameConnection(next);
            if (identityChanged) {
                generation++;
                // The flow in progress finishes for its own identity but is no longer shared.
                inFlight = null;
                lastError = null;
                current = next.isValid() ? loadIdentity(next, generation) : null;
                logger.info("Kii identity changed to {} {}", next.mode(), next.identityId());
            } else if (current != null) {
                if (!Objects.equals(prev.dataDir(), next.dataDir())) {
                    current.store = new StateStore(next.dataDir(), next.stateFileName());
                    logger.info("Kii onboarding state moves to {}", current.store.file());
                    save(current);
                }
                if (current.state.mergeConfigured(next.subscriptions(), now())) {
                    save(current);
                    apply = current.state.token != null && current.state.ownerId != null;
                }
            }
            notify = identityChanged || connectionChanged;
        }
        if (notify) {
            logger.info("Kii onboarding: identity or connection settings changed; previous MQTT targets are obsolete");
            for (Runnable listener : listeners) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    logger.warn("An endpoint invalidation listener failed", e);
                }
            }
        }
        if (apply) {
            scheduleApply(false);
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
        if (prev == null || !prev.problems().equals(next.problems())) {
            logger.error("Kii onboarding configuration has {} problem(s); the gateway will not connect until they "
                    + "are fixed:\n  - {}", next.problems().size(), String.join("\n  - ", next.problems()));
        }
    }

    private Identity loadIdentity(OnboardingSettings s, long gen) {
        StateStore store = new StateStore(s.dataDir(), s.stateFileName());
        IdentityState st = store.load();
        boolean dirty = false;
        if (st != null && !st.belongsTo(s)) {
            logger.warn("Kii onboarding state file {} belongs to another identity; ignoring it", store.file());
            st = null;
        }
        if (st == null) {
            st = IdentityState.fresh(s);
        } else {
            logger.info("Loaded Kii onboarding state of {} from {}: installation {}, endpoint {}", s.identityId(),
                    store.file(), st.installationId, st.endpoint == null ? "none" : "present");
            if (!st.credentialsMatch(s)) {
                logger.info("Kii credentials of {} changed since the last onboarding; onboarding again",
                        s.identityId());
                st.forgetCredentials(s);
                dirty = true;
            }
        }
        if (st.mergeConfigured(s.subscriptions(), now())) {
            dirty = true;
        }
        Identity id = new Identity(st, store, gen);
        if (dirty) {
            save(id);
        }
        return id;
    }

    // ================================================================== EndpointSource

    @Override
    public CompletableFuture<ConnectTarget> acquire() {
        return start(false, null, null);
    }

    @Override
    public CompletableFuture<ConnectTarget> refresh(ConnectTarget stale, RefreshReason reason) {
        return start(true, stale, reason);
    }

    @Override
    public void addInvalidationListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeInvalidationListener(Runnable listener) {
        listeners.remove(listener);
    }

    private CompletableFuture<ConnectTarget> start(boolean refresh, ConnectTarget stale, RefreshReason reason) {
        Flight flight;
        Ctx ctx;
        synchronized (lock) {
            if (closed) {
                return failed(stopped());
            }
            if (!settings.isValid()) {
                // Already logged when the configuration arrived; the session reports it as FAILED.
                OnboardingException e = new OnboardingException(ErrorKind.CONFIGURATION, settings.problemSummary());
                lastError = e;
                lastErrorAt = now();
                return failed(e);
            }
            if (inFlight != null && inFlight.generation == generation) {
                if (!refresh || inFlight.refresh) {
                    return inFlight.future;
                }
                // A refresh while an acquire runs: refresh only if the acquire hands out the stale endpoint again.
                return inFlight.future.handle((target, error) -> target).thenCompose(target ->
                        target != null && stale != null && !target.getEndpoint().sameConnection(stale.getEndpoint())
                                ? CompletableFuture.completedFuture(target) : refresh(stale, reason));
            }
            flight = new Flight(generation, refresh);
            inFlight = flight;
            pending.add(flight.future);
            ctx = new Ctx(current, settings);
        }
        if (refresh) {
            logger.info("Refreshing the Kii MQTT endpoint of {} ({})", ctx.s.identityId(), reason);
        }
        try {
            executor.execute(() -> run(flight, ctx, stale));
        } catch (RejectedExecutionException e) {
            finish(flight, null, stopped());
        }
        return flight.future;
    }

    private void run(Flight flight, Ctx ctx, ConnectTarget stale) {
        CompletableFuture<Outcome> work;
        try {
            work = flight.refresh ? refreshFlow(ctx, stale) : acquireFlow(ctx);
        } catch (Throwable t) {
            work = failed(t);
        }
        work.whenComplete((outcome, error) -> finish(flight, outcome, error));
    }

    private void finish(Flight flight, Outcome outcome, Throwable error) {
        OnboardingException failure = error == null ? null : classify(error);
        synchronized (lock) {
            if (inFlight == flight) {
                inFlight = null;
            }
            pending.remove(flight.future);
            if (flight.generation == generation && !closed) {
                if (failure != null) {
                    noteFailure(failure);
                } else if (lastError != null) {
                    logger.info("Kii onboarding recovered");
                    lastError = null;
                }
            }
        }
        if (failure != null) {
            flight.future.completeExceptionally(failure);
            return;
        }
        // Only queued here, so it never delays or fails the future; queued first, so a configuration change
        // arriving right after the future completes joins this pass instead of racing it.
        scheduleApply(outcome.fresh);
        flight.future.complete(outcome.target);
    }

    private void noteFailure(OnboardingException e) {
        boolean repeated = lastError != null && Objects.equals(lastError.getMessage(), e.getMessage());
        lastError = e;
        lastErrorAt = now();
        if (repeated) {
            logger.debug("Kii onboarding failed again ({}): {}", e.getKind(), e.getMessage());
        } else if (e.getKind() == ErrorKind.TRANSIENT) {
            logger.warn("Kii onboarding failed ({}): {}", e.getKind(), e.getMessage());
        } else {
            logger.error("Kii onboarding failed ({}): {}", e.getKind(), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ flows

    private CompletableFuture<Outcome> acquireFlow(Ctx ctx) throws OnboardingException {
        MqttEndpoint ep;
        String token;
        String inst;
        synchronized (lock) {
            ep = ctx.id.state.mqttEndpoint();
            token = ctx.id.state.token;
            inst = ctx.id.state.installationId;
        }
        if (ep != null && !expired(ep)) {
            logger.info("Using the persisted Kii MQTT endpoint of {}: {}", owner(ctx), describe(ep));
            return completed(new Outcome(target(ctx, ep), false));
        }
        if (ep != null) {
            logger.info("The persisted Kii MQTT endpoint of {} expired at {}; fetching a fresh one", owner(ctx),
                    Instant.ofEpochMilli(ep.expiresAt()));
        }
        if (token != null && inst != null) {
            return fetchWithRecovery(ctx, token, inst, ctx.s.mode() != IdentityMode.TOKEN);
        }
        return onboard(ctx);
    }

    private CompletableFuture<Outcome> refreshFlow(Ctx ctx, ConnectTarget stale) throws OnboardingException {
        MqttEndpoint ep;
        String token;
        String inst;
        synchronized (lock) {
            ep = ctx.id.state.mqttEndpoint();
            token = ctx.id.state.token;
            inst = ctx.id.state.installationId;
        }
        if (ep != null && !expired(ep) && stale != null && !ep.sameConnection(stale.getEndpoint())) {
            logger.info("The Kii MQTT endpoint of {} was already refreshed: {}", owner(ctx), describe(ep));
            return completed(new Outcome(target(ctx, ep), false));
        }
        if (token != null && inst != null) {
            return fetchWithRecovery(ctx, token, inst, ctx.s.mode() != IdentityMode.TOKEN);
        }
        return onboard(ctx);
    }

    /** Login / onboarding / token as the mode says, then the endpoint (from the answer or the installation). */
    private CompletableFuture<Outcome> onboard(Ctx ctx) throws OnboardingException {
        OnboardingSettings s = ctx.s;
        KiiRestClient.Grant grant;
        switch (s.mode()) {
            case THING:
                logger.info("Onboarding {} at {} (app {})", s.thingDescription(), s.restHost(), s.appId());
                grant = rest(ctx).onboardThing();
                break;
            case MQTT_API:
                grant = mqttApi.onboard(s, now());
                break;
            case USER:
                logger.info("Logging in as user '{}' at {} (app {})", s.username(), s.restHost(), s.appId());
                grant = rest(ctx).login();
                break;
            default:
                grant = new KiiRestClient.Grant(s.tokenValue(), s.tokenOwner().kind, s.tokenOwner().id, null);
                break;
        }
        MqttEndpoint ep = grant.endpoint;
        String inst;
        synchronized (lock) {
            IdentityState st = ctx.id.state;
            if (!Objects.equals(st.ownerId, grant.ownerId) && st.ownerId != null) {
                logger.warn("Kii now names the gateway {}:{} (was {}:{})", grant.ownerKind, grant.ownerId, st.ownerKind,
                        st.ownerId);
            }
            st.token = grant.token;
            st.ownerKind = grant.ownerKind;
            st.ownerId = grant.ownerId;
            st.credentialCheck = IdentityState.credentialCheck(s.credentialMaterial(), null);
            if (ep != null) {
                if (ep.getInstallationId() != null) {
                    st.installationId = ep.getInstallationId();
                }
                st.endpoint = IdentityState.Endpoint.of(ep);
            }
            inst = st.installationId;
            save(ctx.id);
        }
        if (s.mode() != IdentityMode.TOKEN) {
            logger.info("Kii accepted {} as {}:{}", s.identityId(), grant.ownerKind, grant.ownerId);
        }
        if (ep != null) {
            logger.info("Kii MQTT endpoint of {}:{} from onboarding: {}", grant.ownerKind, grant.ownerId, describe(ep));
            return completed(new Outcome(target(ctx, ep), true));
        }
        if (inst != null) {
            // Never a second installation for the same identity: reuse the one we know.
            return fetchWithRecovery(ctx, grant.token, inst, false);
        }
        return installAndFetch(ctx, grant.token, false);
    }

    private CompletableFuture<Outcome> fetchWithRecovery(Ctx ctx, String token, String inst, boolean mayReonboard) {
        return recover(fetch(ctx, token, inst), e -> {
            if (isTokenRefused(e) && mayReonboard) {
                logger.info("Kii refused the stored token of {} ({}); onboarding again", owner(ctx), code(e));
                forgetToken(ctx);
                return call(() -> onboard(ctx));
            }
            if (isInstallationGone(e)) {
                logger.info("Kii no longer knows installation {} of {}; creating a new one", inst, owner(ctx));
                synchronized (lock) {
                    ctx.id.state.installationId = null;
                    ctx.id.state.installationRegistrationId = null;
                    ctx.id.state.endpoint = null;
                    save(ctx.id);
                }
                return call(() -> installAndFetch(ctx, token, mayReonboard));
            }
            return failed(e);
        });
    }

    private CompletableFuture<Outcome> installAndFetch(Ctx ctx, String token, boolean mayReonboard)
            throws OnboardingException {
        KiiRestClient.Installation installation;
        try {
            installation = rest(ctx).createInstallation(token, owner(ctx));
        } catch (OnboardingException e) {
            if (isTokenRefused(e) && mayReonboard) {
                logger.info("Kii refused the stored token of {} ({}); onboarding again", owner(ctx), code(e));
                forgetToken(ctx);
                return onboard(ctx);
            }
            throw e;
        }
        synchronized (lock) {
            ctx.id.state.installationId = installation.id;
            ctx.id.state.installationRegistrationId = installation.registrationId;
            save(ctx.id);
        }
        logger.info("Kii push installation of {}: {}", owner(ctx), installation.id);
        return recover(fetch(ctx, token, installation.id), e -> {
            if (isTokenRefused(e) && mayReonboard) {
                forgetToken(ctx);
                return call(() -> onboard(ctx));
            }
            return failed(e);
        });
    }

    /** GET mqtt-endpoint, retried on a schedule while Kii answers 503, for at most endpoint.maxWaitSec. */
    private CompletableFuture<Outcome> fetch(Ctx ctx, String token, String inst) {
        CompletableFuture<MqttEndpoint> result = new CompletableFuture<>();
        long deadline = now() + ctx.s.maxWaitSec() * 1000L;
        attempt(ctx, token, inst, deadline, tuning.firstRetryDelayMs, 1, result);
        return result.thenApply(ep -> {
            synchronized (lock) {
                ctx.id.state.installationId = inst;
                ctx.id.state.endpoint = IdentityState.Endpoint.of(ep);
                save(ctx.id);
            }
            logger.info("Kii MQTT endpoint of {}: {}", owner(ctx), describe(ep));
            try {
                return new Outcome(target(ctx, ep), true);
            } catch (OnboardingException e) {
                throw new CompletionException(e);
            }
        });
    }

    private void attempt(Ctx ctx, String token, String inst, long deadline, long delayMs, int attempt,
            CompletableFuture<MqttEndpoint> result) {
        if (isClosed()) {
            result.completeExceptionally(stopped());
            return;
        }
        try {
            KiiRestClient.EndpointAnswer answer = rest(ctx).mqttEndpoint(token, inst, owner(ctx));
            if (answer.endpoint != null) {
                MqttEndpoint ep = answer.endpoint;
                result.complete(ep.getInstallationId() != null ? ep : new MqttEndpoint(inst, ep.getHost(),
                        ep.getPortTcp(), ep.getPortSsl(), ep.getPortWs(), ep.getPortWss(), ep.getUsername(),
                        ep.getPassword(), ep.getMqttTopic(), ep.getTtlSeconds(), ep.getFetchedAt()));
                return;
            }
            long now = now();
            if (now >= deadline) {
                result.completeExceptionally(new OnboardingException(ErrorKind.TRANSIENT, "Kii's MQTT endpoint for "
                        + "installation '" + inst + "' was still not ready after " + ctx.s.maxWaitSec() + " s ("
                        + attempt + " requests, 503 MQTT_ENDPOINT_NOT_READY; endpoint.maxWaitSec)",
                        "MQTT_ENDPOINT_NOT_READY", 503, null));
                return;
            }
            long wait = answer.retryAfterMs > 0 ? answer.retryAfterMs : delayMs;
            wait = Math.max(1, Math.min(wait, deadline - now));
            logger.debug("Kii MQTT endpoint of installation {} not ready yet (request {}); asking again in {} ms", inst,
                    attempt, wait);
            long next = Math.min(delayMs * 2, tuning.maxRetryDelayMs);
            executor.schedule(() -> attempt(ctx, token, inst, deadline, next, attempt + 1, result), wait,
                    TimeUnit.MILLISECONDS);
        } catch (OnboardingException e) {
            result.completeExceptionally(e);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(stopped());
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private ConnectTarget target(Ctx ctx, MqttEndpoint ep) throws OnboardingException {
        Transport t = ctx.s.transport();
        if (ep.portFor(t) <= 0) {
            List<String> offered = new ArrayList<>();
            for (Transport other : Transport.values()) {
                if (ep.portFor(other) > 0) {
                    offered.add(other.name());
                }
            }
            throw new OnboardingException(ErrorKind.CONFIGURATION, "the broker " + ep.getHost() + " offers no " + t
                    + " port; choose " + (offered.isEmpty() ? "another transport" : String.join(" or ", offered))
                    + " in mqtt.transport");
        }
        return new ConnectTarget(ep, t, t.isSecure() ? ctx.s.sslSocketFactory() : null, ctx.s.verifyHostname(),
                ctx.s.webSocketPath(), owner(ctx));
    }

    private void forgetToken(Ctx ctx) {
        synchronized (lock) {
            ctx.id.state.token = null;
            ctx.id.state.endpoint = null;
            save(ctx.id);
        }
    }

    private KiiRestClient rest(Ctx ctx) {
        return new KiiRestClient(ctx.s, http, tuning.clock);
    }

    private String owner(Ctx ctx) {
        synchronized (lock) {
            IdentityState st = ctx.id.state;
            return st.ownerId == null ? ctx.s.identityId() : st.ownerKind + ":" + st.ownerId;
        }
    }

    private boolean expired(MqttEndpoint ep) {
        long expiresAt = ep.expiresAt();
        return expiresAt != Long.MAX_VALUE && now() >= expiresAt - EXPIRY_MARGIN_MS;
    }

    static boolean isTokenRefused(OnboardingException e) {
        return e.getKind() == ErrorKind.AUTHENTICATION && (e.getHttpStatus() == 401 || e.getHttpStatus() == 403);
    }

    static boolean isInstallationGone(OnboardingException e) {
        return e.getHttpStatus() == 404 && e.getKind() == ErrorKind.TRANSIENT;
    }

    private static String code(OnboardingException e) {
        return e.getHttpStatus() + (e.getKiiErrorCode() == null ? "" : " " + e.getKiiErrorCode());
    }

    private static String describe(MqttEndpoint ep) {
        return "installation=" + ep.getInstallationId() + " host=" + ep.getHost() + " tcp=" + ep.getPortTcp()
                + " ssl=" + ep.getPortSsl() + " ws=" + ep.getPortWs() + " wss=" + ep.getPortWss() + " topic="
                + ep.getMqttTopic() + " expires="
                + (ep.expiresAt() == Long.MAX_VALUE ? "never" : Instant.ofEpochMilli(ep.expiresAt()).toString());
    }

    // ================================================================== KiiSubscriptions

    @Override
    public List<SubscriptionStatus> list() {
        synchronized (lock) {
            if (current == null) {
                return Collections.emptyList();
            }
            List<SubscriptionStatus> out = new ArrayList<>();
            for (Subscription s : settings.subscriptions()) {
                IdentityState.Sub sub = current.state.find(s);
                if (sub != null) {
                    out.add(sub.status());
                }
            }
            for (IdentityState.Sub sub : current.state.subscriptions) {
                if (!sub.configured && sub.runtime) {
                    out.add(sub.status());
                }
            }
            return out;
        }
    }

    @Override
    public SubscriptionStatus subscribe(Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        Identity id;
        IdentityState.Sub sub;
        String token;
        String kind;
        String owner;
        String inst;
        OnboardingSettings s;
        synchronized (lock) {
            SubscriptionStatus refused = refuse(subscription, SubscriptionStatus.Origin.RUNTIME);
            if (refused != null) {
                return refused;
            }
            id = current;
            s = settings;
            sub = id.state.find(subscription);
            if (sub == null) {
                sub = id.state.add(subscription, now());
            }
            sub.runtime = true;
            token = id.state.token;
            kind = id.state.ownerKind;
            owner = id.state.ownerId;
            inst = id.state.installationId;
            if (token == null || owner == null) {
                if (sub.state() != State.SUBSCRIBED) {
                    sub.set(State.PENDING, null, "applied after onboarding", now());
                }
                save(id);
                logger.info("Kii subscription {} recorded; applied after onboarding", subscription);
                return sub.status();
            }
            save(id);
        }
        Result result = call(new KiiRestClient(s, http, tuning.clock), true, subscription, token, kind, owner);
        synchronized (lock) {
            record(id, sub, result, inst);
            return sub.status();
        }
    }

    @Override
    public SubscriptionStatus unsubscribe(Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        Identity id;
        IdentityState.Sub sub;
        String token;
        String kind;
        String owner;
        String inst;
        OnboardingSettings s;
        synchronized (lock) {
            SubscriptionStatus refused = refuse(subscription, SubscriptionStatus.Origin.RUNTIME);
            if (refused != null) {
                return refused;
            }
            id = current;
            s = settings;
            sub = id.state.find(subscription);
            if (sub != null) {
                sub.runtime = false;
            }
            token = id.state.token;
            kind = id.state.ownerKind;
            owner = id.state.ownerId;
            inst = id.state.installationId;
            if (token == null || owner == null) {
                // Never onboarded: nothing can be subscribed on the Kii side yet.
                if (sub != null && !sub.configured) {
                    id.state.subscriptions.remove(sub);
                }
                save(id);
                return new SubscriptionStatus(subscription, State.UNSUBSCRIBED, origin(sub), null, null, now());
            }
            if (sub == null) {
                sub = id.state.add(subscription, now());
            }
            save(id);
        }
        Result result = call(new KiiRestClient(s, http, tuning.clock), false, subscription, token, kind, owner);
        synchronized (lock) {
            SubscriptionStatus status = new SubscriptionStatus(subscription, result.state, origin(sub), result.code,
                    result.message, now());
            record(id, sub, result, inst);
            return status;
        }
    }

    private static SubscriptionStatus.Origin origin(IdentityState.Sub sub) {
        return sub != null && sub.configured ? SubscriptionStatus.Origin.CONFIGURATION
                : SubscriptionStatus.Origin.RUNTIME;
    }

    /** @return a FAILED status when the subscription cannot be handled now, else {@code null} (lock held) */
    private SubscriptionStatus refuse(Subscription subscription, SubscriptionStatus.Origin origin) {
        if (closed) {
            return new SubscriptionStatus(subscription, State.FAILED, origin, "STOPPED", "onboarding stopped", now());
        }
        if (current == null) {
            return new SubscriptionStatus(subscription, State.FAILED, origin, "CONFIGURATION",
                    settings.problemSummary(), now());
        }
        String problem = settings.ownScopeProblem(subscription);
        if (problem != null) {
            return new SubscriptionStatus(subscription, State.FAILED, origin, "CONFIGURATION", problem, now());
        }
        return null;
    }

    /** The outcome of one subscription call. */
    private static final class Result {
        final State state;
        final String code;
        final String message;

        Result(State state, String code, String message) {
            this.state = state;
            this.code = code;
            this.message = message;
        }
    }

    private static Result call(KiiRestClient rest, boolean subscribe, Subscription s, String token, String kind,
            String owner) {
        try {
            KiiHttp.Response r = rest.subscription(subscribe ? "PUT" : "DELETE", s, token, kind, owner);
            if (subscribe && (r.isSuccess() || r.status == 409)) {
                return new Result(State.SUBSCRIBED, null, null);
            }
            if (!subscribe && (r.isSuccess() || r.status == 404)) {
                return new Result(State.UNSUBSCRIBED, null, null);
            }
            String code = r.errorCode() != null
                    ? KiiRestClient.clean(r.errorCode(), Collections.singletonList(token), 60)
                    : "HTTP_" + r.status;
            String message = r.kiiMessage() != null
                    ? KiiRestClient.clean(r.kiiMessage(), Collections.singletonList(token), 160)
                    : "HTTP " + r.status;
            return new Result(State.FAILED, code, message);
        } catch (OnboardingException e) {
            return new Result(State.FAILED, "NETWORK", e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Result(State.FAILED, "CONFIGURATION", e.getMessage());
        }
    }

    /** Records a call outcome (lock held) and persists it. */
    private void record(Identity id, IdentityState.Sub sub, Result result, String installation) {
        if (!id.state.subscriptions.contains(sub)) {
            return;
        }
        State previous = sub.state();
        String previousCode = sub.errorCode;
        switch (result.state) {
            case SUBSCRIBED:
                sub.set(State.SUBSCRIBED, null, null, now());
                sub.confirmedInstallationId = installation;
                if (previous != State.SUBSCRIBED) {
                    logger.info("Kii subscription {} confirmed", sub.subscription);
                }
                break;
            case UNSUBSCRIBED:
                sub.confirmedInstallationId = null;
                if (sub.wanted()) {
                    sub.set(State.UNSUBSCRIBED, null, null, now());
                } else {
                    id.state.subscriptions.remove(sub);
                }
                logger.info("Kii subscription {} removed", sub.subscription);
                break;
            default:
                sub.set(State.FAILED, result.code, result.message, now());
                if (previous != State.FAILED || !Objects.equals(previousCode, result.code)) {
                    logger.warn("Kii {} of {} failed ({}: {}); retried after the next onboarding or refresh",
                            sub.wanted() ? "subscription" : "unsubscription", sub.subscription, result.code,
                            result.message);
                }
                break;
        }
        save(id);
    }

    private void scheduleApply(boolean all) {
        synchronized (lock) {
            if (closed || current == null) {
                return;
            }
            if (applying) {
                applyAgain = true;
                applyAgainAll |= all;
                return;
            }
            applying = true;
        }
        try {
            executor.execute(() -> applyLoop(all));
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                applying = false;
            }
        }
    }

    private void applyLoop(boolean all) {
        boolean everything = all;
        while (true) {
            try {
                applyOnce(everything);
            } catch (RuntimeException e) {
                logger.error("Applying the Kii subscriptions failed unexpectedly", e);
            }
            synchronized (lock) {
                if (!applyAgain || closed) {
                    applying = false;
                    return;
                }
                everything = applyAgainAll;
                applyAgain = false;
                applyAgainAll = false;
            }
        }
    }

    /**
     * One pass over the subscriptions.
     *
     * @param all true after a fresh onboarding or refresh: every wanted subscription is sent again (409 = already
     *        subscribed); false after a restart or a configuration change: only those not yet confirmed for the
     *        current installation
     */
    private void applyOnce(boolean all) {
        Identity id;
        OnboardingSettings s;
        String token;
        String kind;
        String owner;
        String inst;
        List<IdentityState.Sub> work = new ArrayList<>();
        synchronized (lock) {
            id = current;
            s = settings;
            if (id == null || closed || id.state.token == null || id.state.ownerId == null) {
                return;
            }
            token = id.state.token;
            kind = id.state.ownerKind;
            owner = id.state.ownerId;
            inst = id.state.installationId;
            for (IdentityState.Sub sub : id.state.subscriptions) {
                if (!sub.wanted() || all || sub.state() != State.SUBSCRIBED
                        || !Objects.equals(sub.confirmedInstallationId, inst)) {
                    work.add(sub);
                }
            }
        }
        if (work.isEmpty()) {
            return;
        }
        logger.debug("Applying {} Kii subscription change(s) for {}:{}", work.size(), kind, owner);
        KiiRestClient rest = new KiiRestClient(s, http, tuning.clock);
        for (IdentityState.Sub sub : work) {
            boolean subscribe;
            Subscription subscription;
            synchronized (lock) {
                if (closed || current != id) {
                    return;
                }
                subscribe = sub.wanted();
                subscription = sub.parsed();
            }
            Result result = call(rest, subscribe, subscription, token, kind, owner);
            synchronized (lock) {
                record(id, sub, result, inst);
            }
        }
    }

    // ================================================================== diagnostics

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        synchronized (lock) {
            OnboardingSettings s = settings;
            lines.add("mode: " + s.mode());
            lines.add("identity: " + identityText(s));
            lines.add("app ID: " + s.appId());
            lines.add("REST base URL: " + s.restBase());
            if (s.mode() == IdentityMode.MQTT_API) {
                lines.add("default broker: " + s.mqttApiBrokerUri());
            }
            lines.add("MQTT transport: " + s.transport()
                    + (s.caFile().isEmpty() ? "" : " (CA file " + s.caFile() + ")"));
            if (current != null) {
                IdentityState st = current.state;
                lines.add("owner: " + (st.ownerId == null ? "not onboarded yet" : st.ownerKind + ":" + st.ownerId));
                lines.add("installation ID: " + (st.installationId == null ? "none" : st.installationId));
                MqttEndpoint ep = st.mqttEndpoint();
                lines.add("endpoint: " + (ep == null ? "none" : "host=" + ep.getHost() + " tcp=" + ep.getPortTcp()
                        + " ssl=" + ep.getPortSsl() + " ws=" + ep.getPortWs() + " wss=" + ep.getPortWss() + " topic="
                        + ep.getMqttTopic()));
                if (ep != null) {
                    lines.add("endpoint expiry: " + (ep.expiresAt() == Long.MAX_VALUE ? "never"
                            : Instant.ofEpochMilli(ep.expiresAt()).toString()) + " (fetched "
                            + Instant.ofEpochMilli(ep.getFetchedAt()) + ")");
                }
                lines.add("state file: " + current.store.file()
                        + (lastPersistProblem == null ? "" : " (last write failed: " + lastPersistProblem + ")"));
                lines.add("token present: " + (st.token == null ? "no" : "yes"));
                int subscribed = 0;
                int failed = 0;
                int other = 0;
                for (IdentityState.Sub sub : st.subscriptions) {
                    if (sub.state() == State.SUBSCRIBED) {
                        subscribed++;
                    } else if (sub.state() == State.FAILED) {
                        failed++;
                    } else {
                        other++;
                    }
                }
                lines.add("subscriptions: " + st.subscriptions.size() + " (" + subscribed + " subscribed, " + failed
                        + " failed, " + other + " pending)");
            }
            if (s.problems().isEmpty()) {
                lines.add("configuration problems: none");
            } else {
                for (String p : s.problems()) {
                    lines.add("configuration problem: " + p);
                }
            }
            lines.add("last onboarding error: " + (lastError == null ? "none" : lastError.getKind() + " at "
                    + Instant.ofEpochMilli(lastErrorAt) + ": " + lastError.getMessage()));
            lines.add("onboarding in progress: "
                    + (inFlight == null ? "no" : inFlight.refresh ? "refresh" : "acquire"));
        }
        return lines;
    }

    private static String identityText(OnboardingSettings s) {
        if (s.mode() == null) {
            return "?";
        }
        switch (s.mode()) {
            case USER:
                return "username '" + s.username() + "'";
            case TOKEN:
                return "access token of " + s.tokenOwner();
            default:
                return s.thingDescription() + (s.thingOwner() == null ? "" : " (owner " + s.thingOwner() + ")");
        }
    }

    // ================================================================== lifecycle and helpers

    /** Stops everything: pending futures fail with "onboarding stopped", network exchanges are aborted. */
    void close() {
        List<CompletableFuture<ConnectTarget>> toFail;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toFail = new ArrayList<>(pending);
            pending.clear();
            inFlight = null;
        }
        http.close();
        mqttApi.close();
        for (CompletableFuture<ConnectTarget> f : toFail) {
            f.completeExceptionally(stopped());
        }
        listeners.clear();
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Writes the identity's state (lock held); a failure is logged once and the gateway goes on. */
    private void save(Identity id) {
        try {
            id.store.save(id.state);
            if (lastPersistProblem != null) {
                logger.info("Kii onboarding state written again to {}", id.store.file());
                lastPersistProblem = null;
            }
        } catch (Exception e) {
            String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!problem.equals(lastPersistProblem)) {
                logger.warn("Cannot write the Kii onboarding state file {} ({}); the gateway keeps working but may "
                        + "onboard again after a restart: check dataDir", id.store.file(), problem);
            }
            lastPersistProblem = problem;
        }
    }

    private long now() {
        return tuning.clock.getAsLong();
    }

    static OnboardingException stopped() {
        return new OnboardingException(ErrorKind.TRANSIENT, "onboarding stopped");
    }

    private static OnboardingException classify(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof OnboardingException) {
            return (OnboardingException) e;
        }
        logger.error("Unexpected error during Kii onboarding", e);
        return new OnboardingException(ErrorKind.TRANSIENT, "internal error during onboarding ("
                + e.getClass().getSimpleName() + ")", null, 0, e);
    }

    /** A step that may throw, started as a future. */
    private interface Step<T> {
        CompletableFuture<T> run() throws OnboardingException;
    }

    private static <T> CompletableFuture<T> call(Step<T> step) {
        try {
            return step.run();
        } catch (Throwable t) {
            return failed(t);
        }
    }

    /** Java 8 has no exceptionallyCompose: continue with {@code handler} when {@code f} fails. */
    private static <T> CompletableFuture<T> recover(CompletableFuture<T> f,
            Function<OnboardingException, CompletableFuture<T>> handler) {
        return f.handle((value, error) -> error == null ? CompletableFuture.completedFuture(value)
                : handler.apply(classify(error))).thenCompose(Function.identity());
    }

    private static <T> CompletableFuture<T> completed(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static <T> CompletableFuture<T> failed(Throwable t) {
        CompletableFuture<T> f = new CompletableFuture<>();
        f.completeExceptionally(t);
        return f;
    }

    /** For tests: run {@code check} on the current identity state under the lock. */
    void inspect(Consumer<IdentityState> check) {
        synchronized (lock) {
            check.accept(current == null ? null : current.state);
        }
    }
}
