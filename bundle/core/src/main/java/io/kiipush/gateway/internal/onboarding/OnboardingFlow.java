package io.kiipush.gateway.internal.onboarding;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * The onboarding flows: from what the identity's state already holds to a connect target, with the fewest Kii calls.
 * <ol>
 * <li>A persisted endpoint that has not expired is used as it is.</li>
 * <li>With a token and an installation, only the endpoint is fetched ({@link EndpointPoller}).</li>
 * <li>Otherwise the identity authenticates as its mode says (THING: Thing-IF onboarding over HTTPS; MQTT_API: the same
 * through the default broker; USER: login; TOKEN: the configured token), then creates or reuses the installation
 * and fetches the endpoint, unless the onboarding answer carried one.</li>
 * </ol>
 * Kii refusing the stored token leads to authenticating again (never for TOKEN, which nothing can renew), Kii no
 * longer knowing the installation to a new one. Every result is written to the identity's state.
 */
final class OnboardingFlow {

    private static final Logger logger = LoggerFactory.getLogger(OnboardingFlow.class);

    /** A persisted endpoint this close to expiry is refreshed rather than handed out. */
    private static final long EXPIRY_MARGIN_MS = 30_000;

    /** What one flow works with: the identity and the settings it started with, and a REST client for them. */
    static final class Context {
        final IdentityStore.Identity id;
        final OnboardingSettings s;
        final KiiRestClient rest;

        Context(IdentityStore.Identity id, OnboardingSettings s, KiiRestClient rest) {
            this.id = id;
            this.s = s;
            this.rest = rest;
        }
    }

    /** A flow's result: the target, and whether it came from Kii just now (then all subscriptions are re-sent). */
    static final class Outcome {
        final ConnectTarget target;
        final boolean fresh;

        Outcome(ConnectTarget target, boolean fresh) {
            this.target = target;
            this.fresh = fresh;
        }
    }

    private final IdentityStore store;
    private final KiiHttp http;
    private final MqttApiOnboarder mqttApi;
    private final EndpointPoller poller;

    OnboardingFlow(IdentityStore store, KiiHttp http, MqttApiOnboarder mqttApi, EndpointPoller poller) {
        this.store = store;
        this.http = http;
        this.mqttApi = mqttApi;
        this.poller = poller;
    }

    /** @return the context of a flow for that identity and those settings */
    Context context(IdentityStore.Identity id, OnboardingSettings s) {
        return new Context(id, s, new KiiRestClient(s, http, store::now));
    }

    /** @return a target for the identity: the persisted endpoint while it is valid, otherwise a fresh one */
    CompletableFuture<Outcome> acquire(Context ctx) throws OnboardingException {
        MqttEndpoint ep = read(ctx, IdentityState::mqttEndpoint);
        if (ep != null && !expired(ep)) {
            logger.info("Using the persisted Kii MQTT endpoint of {}: {}", owner(ctx), ConnectTargets.logText(ep));
            return CompletableFuture.completedFuture(new Outcome(ConnectTargets.of(ctx.s, ep, owner(ctx)), false));
        }
        if (ep != null) {
            logger.info("The persisted Kii MQTT endpoint of {} expired at {}; fetching a fresh one", owner(ctx),
                    ConnectTargets.expiry(ep));
        }
        return fetchOrOnboard(ctx);
    }

    /**
     * @param stale the target that stopped working, may be {@code null}
     * @return a fresh target; the persisted one if another flow already replaced {@code stale}
     */
    CompletableFuture<Outcome> refresh(Context ctx, ConnectTarget stale) throws OnboardingException {
        MqttEndpoint ep = read(ctx, IdentityState::mqttEndpoint);
        if (ep != null && !expired(ep) && stale != null && !ep.sameConnection(stale.getEndpoint())) {
            logger.info("The Kii MQTT endpoint of {} was already refreshed: {}", owner(ctx),
                    ConnectTargets.logText(ep));
            return CompletableFuture.completedFuture(new Outcome(ConnectTargets.of(ctx.s, ep, owner(ctx)), false));
        }
        return fetchOrOnboard(ctx);
    }

    private CompletableFuture<Outcome> fetchOrOnboard(Context ctx) throws OnboardingException {
        String token = read(ctx, st -> st.token);
        String inst = read(ctx, st -> st.installationId);
        if (token != null && inst != null) {
            return fetchWithRecovery(ctx, token, inst, ctx.s.identity.mode != IdentityMode.TOKEN);
        }
        return onboard(ctx);
    }

    /** Authenticates as the mode says, then the endpoint: from the answer, or through the installation. */
    private CompletableFuture<Outcome> onboard(Context ctx) throws OnboardingException {
        Grant grant = authenticate(ctx);
        MqttEndpoint ep = grant.endpoint;
        String inst = write(ctx, st -> {
            if (!Objects.equals(st.ownerId, grant.ownerId) && st.ownerId != null) {
                logger.warn("Kii now names the gateway {}:{} (was {}:{})", grant.ownerKind, grant.ownerId,
                        st.ownerKind, st.ownerId);
            }
            st.token = grant.token;
            st.ownerKind = grant.ownerKind;
            st.ownerId = grant.ownerId;
            st.credentialCheck = IdentityHash.credentialCheck(ctx.s.credentialMaterial(), null);
            if (ep != null) {
                if (ep.getInstallationId() != null) {
                    st.installationId = ep.getInstallationId();
                }
                st.endpoint = IdentityState.Endpoint.of(ep);
            }
        }, st -> st.installationId);
        if (ctx.s.identity.mode != IdentityMode.TOKEN) {
            logger.info("Kii accepted {} as {}:{}", ctx.s.identity.identityId(), grant.ownerKind, grant.ownerId);
        }
        if (ep != null) {
            logger.info("Kii MQTT endpoint of {}:{} from onboarding: {}", grant.ownerKind, grant.ownerId,
                    ConnectTargets.logText(ep));
            return CompletableFuture.completedFuture(new Outcome(ConnectTargets.of(ctx.s, ep, owner(ctx)), true));
        }
        if (inst != null) {
            // Never a second installation for the same identity: reuse the one we know.
            return fetchWithRecovery(ctx, grant.token, inst, false);
        }
        return installAndFetch(ctx, grant.token, false);
    }

    /** The token of each identity mode. */
    private Grant authenticate(Context ctx) throws OnboardingException {
        OnboardingSettings s = ctx.s;
        IdentityConfig id = s.identity;
        switch (id.mode) {
            case THING:
                logger.info("Onboarding {} at {} (app {})", id.thingDescription(), s.restHost(), s.appId);
                return ctx.rest.onboardThing();
            case MQTT_API:
                return mqttApi.onboard(s, store.now());
            case USER:
                logger.info("Logging in as user '{}' at {} (app {})", id.username, s.restHost(), s.appId);
                return ctx.rest.login();
            default:
                return new Grant(id.tokenValue, id.tokenOwner.kind, id.tokenOwner.id, null);
        }
    }

    private CompletableFuture<Outcome> fetchWithRecovery(Context ctx, String token, String inst,
            boolean mayReonboard) {
        return Futures.recover(fetch(ctx, token, inst), e -> {
            if (isTokenRefused(e) && mayReonboard) {
                return onboardAgain(ctx, e);
            }
            if (isInstallationGone(e)) {
                logger.info("Kii no longer knows installation {} of {}; creating a new one", inst, owner(ctx));
                write(ctx, IdentityState::forgetInstallation);
                return Futures.start(() -> installAndFetch(ctx, token, mayReonboard));
            }
            return Futures.failed(e);
        });
    }

    private CompletableFuture<Outcome> installAndFetch(Context ctx, String token, boolean mayReonboard)
            throws OnboardingException {
        KiiRestClient.Installation installation;
        try {
            installation = ctx.rest.createInstallation(token, owner(ctx));
        } catch (OnboardingException e) {
            if (isTokenRefused(e) && mayReonboard) {
                return onboardAgain(ctx, e);
            }
            throw e;
        }
        write(ctx, st -> {
            st.installationId = installation.id;
            st.installationRegistrationId = installation.registrationId;
        });
        logger.info("Kii push installation of {}: {}", owner(ctx), installation.id);
        return Futures.recover(fetch(ctx, token, installation.id),
                e -> isTokenRefused(e) && mayReonboard ? onboardAgain(ctx, e) : Futures.failed(e));
    }

    private CompletableFuture<Outcome> onboardAgain(Context ctx, OnboardingException refusal) {
        logger.info("Kii refused the stored token of {} ({}{}); onboarding again", owner(ctx),
                refusal.getHttpStatus(), refusal.getKiiErrorCode() == null ? "" : " " + refusal.getKiiErrorCode());
        write(ctx, IdentityState::forgetToken);
        return Futures.start(() -> onboard(ctx));
    }

    /** The endpoint of the installation, persisted, as a target. */
    private CompletableFuture<Outcome> fetch(Context ctx, String token, String inst) {
        return poller.poll(ctx.rest, token, inst, owner(ctx), ctx.s.maxWaitSec).thenApply(ep -> {
            write(ctx, st -> {
                st.installationId = inst;
                st.endpoint = IdentityState.Endpoint.of(ep);
            });
            logger.info("Kii MQTT endpoint of {}: {}", owner(ctx), ConnectTargets.logText(ep));
            try {
                return new Outcome(ConnectTargets.of(ctx.s, ep, owner(ctx)), true);
            } catch (OnboardingException e) {
                throw new CompletionException(e);
            }
        });
    }

    private <T> T read(Context ctx, Function<IdentityState, T> reader) {
        synchronized (store.lock) {
            return reader.apply(ctx.id.state);
        }
    }

    private void write(Context ctx, Consumer<IdentityState> change) {
        write(ctx, change, st -> null);
    }

    /** Changes the identity's state, writes it, and reads from the result, all under the lock. */
    private <T> T write(Context ctx, Consumer<IdentityState> change, Function<IdentityState, T> reader) {
        synchronized (store.lock) {
            change.accept(ctx.id.state);
            store.save(ctx.id);
            return reader.apply(ctx.id.state);
        }
    }

    private String owner(Context ctx) {
        return read(ctx, st -> st.owner(ctx.s.identity.identityId()));
    }

    private boolean expired(MqttEndpoint ep) {
        long expiresAt = ep.expiresAt();
        return expiresAt != Long.MAX_VALUE && store.now() >= expiresAt - EXPIRY_MARGIN_MS;
    }

    static boolean isTokenRefused(OnboardingException e) {
        return e.getKind() == ErrorKind.AUTHENTICATION && (e.getHttpStatus() == 401 || e.getHttpStatus() == 403);
    }

    static boolean isInstallationGone(OnboardingException e) {
        return e.getHttpStatus() == 404 && e.getKind() == ErrorKind.TRANSIENT;
    }
}
