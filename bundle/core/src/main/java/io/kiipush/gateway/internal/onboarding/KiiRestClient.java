package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.USER_PASSWORD;
import static io.kiipush.gateway.internal.config.ConfigField.USER_USERNAME;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * The Kii Cloud REST calls of onboarding (docs/kii-protocol.md §2, §3, §5) for one settings snapshot. Every method
 * makes one call and either returns the parsed answer or throws a classified {@link OnboardingException}
 * ({@link KiiAnswers}) whose message tells a gateway operator what to check; none of them contains a secret.
 */
final class KiiRestClient {

    static final String JSON = "application/json";
    static final String INSTALLATION_REQUEST = "application/vnd.kii.InstallationCreationRequest+json";
    static final String QUERY_REQUEST = "application/vnd.kii.QueryRequest+json";

    /** A created (or, for MQTT, the owner's existing) push installation. */
    static final class Installation {
        final String id;
        final String registrationId;

        Installation(String id, String registrationId) {
            this.id = id;
            this.registrationId = registrationId;
        }
    }

    /** One answer of the mqtt-endpoint call: the endpoint, or "not ready yet" with an optional retry hint. */
    static final class EndpointAnswer {
        final MqttEndpoint endpoint;
        final long retryAfterMs;

        EndpointAnswer(MqttEndpoint endpoint, long retryAfterMs) {
            this.endpoint = endpoint;
            this.retryAfterMs = retryAfterMs;
        }
    }

    private final OnboardingSettings settings;
    private final KiiHttp http;
    private final LongSupplier clock;

    KiiRestClient(OnboardingSettings settings, KiiHttp http, LongSupplier clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ authentication

    /** @return an anonymous (application) token: client_credentials grant */
    String anonymousToken() throws OnboardingException {
        JsonObject body = new JsonObject();
        body.addProperty("grant_type", "client_credentials");
        body.addProperty("client_id", settings.appId);
        body.addProperty("client_secret", settings.appKey);
        String action = "the anonymous token request of app '" + settings.appId + "'";
        KiiHttp.Response r = http.send("POST", apiUrl("/oauth2/token"), appHeaders(JSON), bytes(body), settings,
                action);
        if (!r.isSuccess()) {
            throw KiiAnswers.failure(settings, r, action, OnboardingPeers.applicationCredentials(settings),
                    OnboardingPeers.applicationCredentialsFix(), true, null);
        }
        return requireToken(r, action);
    }

    /** @return the user's token and user ID: password grant */
    Grant login() throws OnboardingException {
        IdentityConfig id = settings.identity;
        JsonObject body = new JsonObject();
        body.addProperty("grant_type", "password");
        body.addProperty("username", id.username);
        body.addProperty("password", id.userPassword);
        String action = "the login of user '" + id.username + "'";
        KiiHttp.Response r = http.send("POST", apiUrl("/oauth2/token"), appHeaders(JSON), bytes(body), settings,
                action);
        if (!r.isSuccess()) {
            throw KiiAnswers.failure(settings, r, action, "the user credentials for username '" + id.username + "'",
                    "check " + USER_USERNAME + " and " + USER_PASSWORD, true, null);
        }
        String token = requireToken(r, action);
        String userId = KiiJson.string(r.json(), "id", "userID");
        if (userId == null) {
            throw KiiAnswers.unparsable(action, "it has no user 'id'");
        }
        return new Grant(token, "user", userId, null);
    }

    /** Thing-IF onboarding over HTTPS, by the thing itself (anonymous token) or by its owner (owner token). */
    Grant onboardThing() throws OnboardingException {
        IdentityConfig id = settings.identity;
        String token = id.thingOwner != null ? id.ownerToken : anonymousToken();
        KiiHttp.Response r = http.send("POST", settings.restBase + "/thing-if/apps/" + settings.appId
                + "/onboardings", bearerHeaders(token, ThingOnboarding.mediaType(id)),
                bytes(ThingOnboarding.body(id)), settings, "the onboarding of " + id.thingDescription());
        if (!r.isSuccess()) {
            throw KiiAnswers.onboardingFailure(settings, r.status, r.errorCode(), r.kiiMessage(), settings.restHost());
        }
        return ThingOnboarding.grant(id, r.json(), r.header("X-MQTT-TTL"), clock.getAsLong());
    }

    // ------------------------------------------------------------------ installation and endpoint

    /** @return the owner's MQTT installation (Kii returns the existing one for the same owner) */
    Installation createInstallation(String token, String owner) throws OnboardingException {
        JsonObject body = new JsonObject();
        body.addProperty("deviceType", "MQTT");
        body.addProperty("development", settings.development);
        String action = "the creation of the push installation of " + owner;
        KiiHttp.Response r = http.send("POST", apiUrl("/installations"), bearerHeaders(token, INSTALLATION_REQUEST),
                bytes(body), settings, action);
        if (!r.isSuccess()) {
            throw tokenRefused(r, action, owner, token);
        }
        String id = r.json() == null ? null : KiiJson.string(r.json(), "installationID");
        if (id == null) {
            throw KiiAnswers.unparsable(action, "it has no 'installationID'");
        }
        return new Installation(id, KiiJson.string(r.json(), "installationRegistrationID"));
    }

    /**
     * One mqtt-endpoint request. A 503 is not a failure but "not ready yet".
     *
     * @param token the installation owner's token
     * @param installationId the installation
     * @param owner who the token belongs to, for messages
     * @return the endpoint, or a not-ready answer
     */
    EndpointAnswer mqttEndpoint(String token, String installationId, String owner) throws OnboardingException {
        String action = "the MQTT endpoint request of installation '" + installationId + "'";
        KiiHttp.Response r = http.send("GET", apiUrl("/installations/" + installationId + "/mqtt-endpoint"),
                bearerHeaders(token, null), null, settings, action);
        if (r.status == 503) {
            long retryAfterSec = r.json() == null ? -1 : KiiJson.number(r.json(), -1, "retryAfter");
            if (retryAfterSec < 0 && r.header("Retry-After") != null) {
                try {
                    retryAfterSec = Long.parseLong(r.header("Retry-After").trim());
                } catch (NumberFormatException e) {
                    retryAfterSec = -1;
                }
            }
            return new EndpointAnswer(null, retryAfterSec < 0 ? -1 : retryAfterSec * 1000);
        }
        if (r.status == 404 && !"APP_NOT_FOUND".equalsIgnoreCase(r.errorCode())) {
            String code = r.errorCode() == null ? "INSTALLATION_NOT_FOUND" : r.errorCode();
            throw new OnboardingException(ErrorKind.TRANSIENT, "Kii no longer knows installation '" + installationId
                    + "' " + KiiAnswers.detail(r.status, r.errorCode(), r.kiiMessage(), settings.secrets())
                    + "; a new installation is needed", code, 404, null);
        }
        if (!r.isSuccess()) {
            throw tokenRefused(r, action, owner, token);
        }
        try {
            if (r.json() == null) {
                throw new IllegalArgumentException("it is not a JSON object");
            }
            return new EndpointAnswer(KiiJson.endpoint(r.json(), r.header("X-MQTT-TTL"), installationId,
                    clock.getAsLong()), -1);
        } catch (IllegalArgumentException e) {
            throw KiiAnswers.unparsable(action, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ push subscriptions

    /**
     * PUT (subscribe) or DELETE (unsubscribe) one push subscription; the caller interprets the status.
     *
     * @param subscribe true to subscribe (PUT), false to unsubscribe (DELETE)
     * @param subscription the bucket or topic
     * @param token the subscriber's token
     * @param ownerKind {@code user} or {@code thing}: the subscriber
     * @param ownerId the subscriber's ID
     * @return the answer
     * @throws OnboardingException on a network failure
     */
    KiiHttp.Response subscription(boolean subscribe, Subscription subscription, String token, String ownerKind,
            String ownerId) throws OnboardingException {
        return http.send(subscribe ? "PUT" : "DELETE", subscriptionUrl(subscription, ownerKind, ownerId),
                bearerHeaders(token, null), subscribe ? new byte[0] : null, settings,
                (subscribe ? "the subscription to " : "the unsubscription from ") + subscription);
    }

    /**
     * @return the subscription URL for a subscriber (docs/kii-protocol.md §5)
     * @throws IllegalArgumentException if an own scope cannot be resolved for this subscriber
     */
    String subscriptionUrl(Subscription s, String ownerKind, String ownerId) {
        StringBuilder url = scopeUrl(s, ownerKind, ownerId);
        if (s.getTarget() == Subscription.Target.BUCKET) {
            url.append("/buckets/").append(s.getName()).append("/filters/all/push/subscriptions");
        } else {
            url.append("/topics/").append(s.getName()).append("/push/subscriptions");
        }
        return url.append("user".equals(ownerKind) ? "/users/" : "/things/").append(ownerId).toString();
    }

    // ------------------------------------------------------------------ catch-up (docs/kii-protocol.md §14)

    /**
     * One page of a bucket query.
     *
     * @param bucket the bucket
     * @param query the QueryRequest body
     * @param token the identity's token
     * @param ownerKind {@code user} or {@code thing}: resolves the gateway's own scope
     * @param ownerId the identity's ID
     * @return the answer, whatever its status
     * @throws OnboardingException on a network failure
     */
    KiiHttp.Response queryBucket(Subscription bucket, JsonObject query, String token, String ownerKind,
            String ownerId) throws OnboardingException {
        String url = scopeUrl(bucket, ownerKind, ownerId).append("/buckets/").append(bucket.getName())
                .append("/query").toString();
        return http.send("POST", url, bearerHeaders(token, QUERY_REQUEST), bytes(query), settings,
                "the catch-up query of bucket " + bucket);
    }

    /**
     * One page of a thing's command list.
     *
     * @param thingId the thing
     * @param limit {@code bestEffortLimit}
     * @param paginationKey the previous page's key, {@code null} for the first
     * @param token the thing's token
     * @return the answer, whatever its status
     * @throws OnboardingException on a network failure
     */
    KiiHttp.Response listCommands(String thingId, int limit, String paginationKey, String token)
            throws OnboardingException {
        StringBuilder url = new StringBuilder(settings.restBase).append("/thing-if/apps/").append(settings.appId)
                .append("/targets/thing:").append(thingId).append("/commands?bestEffortLimit=").append(limit);
        if (paginationKey != null) {
            try {
                url.append("&paginationKey=").append(java.net.URLEncoder.encode(paginationKey, "UTF-8"));
            } catch (java.io.UnsupportedEncodingException e) {
                throw new IllegalStateException(e); // UTF-8 is always there
            }
        }
        return http.send("GET", url.toString(), bearerHeaders(token, null), null, settings,
                "the catch-up list of the commands of thing " + thingId);
    }

    // The scope part of a bucket or topic URL (docs/kii-protocol.md §5): app, /users/ID, /groups/ID or /things/ID.
    private StringBuilder scopeUrl(Subscription s, String ownerKind, String ownerId) {
        StringBuilder url = new StringBuilder(apiUrl(""));
        switch (s.getScope()) {
            case USER:
                url.append("/users/").append(scopeId(s, "user", ownerKind, ownerId));
                break;
            case GROUP:
                url.append("/groups/").append(s.getScopeId());
                break;
            case THING:
                url.append("/things/").append(scopeId(s, "thing", ownerKind, ownerId));
                break;
            default:
                break;
        }
        return url;
    }

    private static String scopeId(Subscription s, String kind, String ownerKind, String ownerId) {
        if (s.getScopeId() != null) {
            return s.getScopeId();
        }
        if (!kind.equals(ownerKind)) {
            throw new IllegalArgumentException("'" + s.spec() + "' means the gateway's own " + kind + " scope, but "
                    + "the gateway is a " + ownerKind + ": write " + kind + ":" + kind.toUpperCase(Locale.ROOT)
                    + "_ID/" + s.getName());
        }
        return ownerId;
    }

    // ------------------------------------------------------------------ helpers

    private OnboardingException tokenRefused(KiiHttp.Response r, String action, String owner, String token) {
        return KiiAnswers.failure(settings, r, action, "the access token of " + owner, KiiAnswers.tokenFix(settings),
                false, token);
    }

    private static String requireToken(KiiHttp.Response r, String action) throws OnboardingException {
        String token = r.json() == null ? null : KiiJson.string(r.json(), "access_token", "accessToken");
        if (token == null) {
            throw KiiAnswers.unparsable(action, "it has no 'access_token'");
        }
        return token;
    }

    private String apiUrl(String path) {
        return settings.restBase + "/api/apps/" + settings.appId + path;
    }

    private Map<String, String> appHeaders(String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        String basic = settings.appId + ":" + settings.appKey;
        h.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        h.put("X-Kii-AppID", settings.appId);
        h.put("X-Kii-AppKey", settings.appKey);
        h.put("Content-Type", contentType);
        return h;
    }

    private static Map<String, String> bearerHeaders(String token, String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + token);
        if (contentType != null) {
            h.put("Content-Type", contentType);
        }
        return h;
    }

    private static byte[] bytes(JsonObject body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
