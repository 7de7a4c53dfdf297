package io.kiipush.gateway.internal.onboarding;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.Subscription;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * The Kii Cloud REST calls of onboarding (kii-protocol §2, §3, §5) for one settings snapshot. Every method makes one
 * call and either returns the parsed answer or throws a classified {@link OnboardingException} whose message tells
 * a gateway operator what to check; none of them contains a secret.
 */
final class KiiRestClient {

    private static final Logger logger = LoggerFactory.getLogger(KiiRestClient.class);

    static final String JSON = "application/json";
    static final String INSTALLATION_REQUEST = "application/vnd.kii.InstallationCreationRequest+json";
    private static final String MEDIA_PREFIX = "application/vnd.kii.";

    /** What an authentication (login, anonymous token, onboarding) gives: a token and who it belongs to. */
    static final class Grant {
        final String token;
        final String ownerKind;
        final String ownerId;
        final MqttEndpoint endpoint;

        Grant(String token, String ownerKind, String ownerId, MqttEndpoint endpoint) {
            this.token = token;
            this.ownerKind = ownerKind;
            this.ownerId = ownerId;
            this.endpoint = endpoint;
        }

        @Override
        public String toString() {
            return "Grant[" + ownerKind + ":" + ownerId + (endpoint == null ? "" : " " + endpoint) + "]";
        }
    }

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
        body.addProperty("client_id", settings.appId());
        body.addProperty("client_secret", settings.appKey());
        String action = "the anonymous token request of app '" + settings.appId() + "'";
        KiiHttp.Response r = http.send("POST", apiUrl("/oauth2/token"), appHeaders(JSON), bytes(body), settings,
                action);
        if (!r.isSuccess()) {
            throw failure(r, action, "Kii refused the application credentials of app '" + settings.appId() + "'",
                    "check app.id and app.key", true, null);
        }
        return requireToken(r, action, "access_token");
    }

    /** @return the user's token and user ID: password grant */
    Grant login() throws OnboardingException {
        JsonObject body = new JsonObject();
        body.addProperty("grant_type", "password");
        body.addProperty("username", settings.username());
        body.addProperty("password", settings.userPassword());
        String action = "the login of user '" + settings.username() + "'";
        KiiHttp.Response r = http.send("POST", apiUrl("/oauth2/token"), appHeaders(JSON), bytes(body), settings,
                action);
        if (!r.isSuccess()) {
            throw failure(r, action, "Kii refused the user credentials for username '" + settings.username() + "'",
                    "check user.username and user.password", true, null);
        }
        String token = requireToken(r, action, "access_token");
        String userId = KiiJson.string(r.json(), "id", "userID");
        if (userId == null) {
            throw unparsable(action, "it has no user 'id'");
        }
        return new Grant(token, "user", userId, null);
    }

    /** Thing-IF onboarding over HTTPS, by the thing itself (anonymous token) or by its owner (owner token). */
    Grant onboardThing() throws OnboardingException {
        String token = settings.thingOwner() != null ? settings.ownerToken() : anonymousToken();
        String action = "the onboarding of " + settings.thingDescription();
        KiiHttp.Response r = http.send("POST", settings.restBase() + "/thing-if/apps/" + settings.appId()
                + "/onboardings", bearerHeaders(token, onboardingMediaType(settings)),
                bytes(onboardingBody(settings)), settings, action);
        if (!r.isSuccess()) {
            throw onboardingFailure(settings, r.status, r.errorCode(), r.kiiMessage(), settings.restHost());
        }
        return onboardingGrant(settings, r.json(), r.header("X-MQTT-TTL"), clock.getAsLong());
    }

    // ------------------------------------------------------------------ installation and endpoint

    /** @return the owner's MQTT installation (Kii returns the existing one for the same owner) */
    Installation createInstallation(String token, String owner) throws OnboardingException {
        JsonObject body = new JsonObject();
        body.addProperty("deviceType", "MQTT");
        body.addProperty("development", settings.development());
        String action = "the creation of the push installation of " + owner;
        KiiHttp.Response r = http.send("POST", apiUrl("/installations"), bearerHeaders(token, INSTALLATION_REQUEST),
                bytes(body), settings, action);
        if (!r.isSuccess()) {
            throw failure(r, action, "Kii refused the access token of " + owner, tokenFix(), false, token);
        }
        String id = r.json() == null ? null : KiiJson.string(r.json(), "installationID");
        if (id == null) {
            throw unparsable(action, "it has no 'installationID'");
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
                    + "' " + detail(r, token) + "; a new installation is needed", code, 404, null);
        }
        if (!r.isSuccess()) {
            throw failure(r, action, "Kii refused the access token of " + owner, tokenFix(), false, token);
        }
        try {
            if (r.json() == null) {
                throw new IllegalArgumentException("it is not a JSON object");
            }
            return new EndpointAnswer(KiiJson.endpoint(r.json(), r.header("X-MQTT-TTL"), installationId,
                    clock.getAsLong()), -1);
        } catch (IllegalArgumentException e) {
            throw unparsable(action, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ push subscriptions

    /**
     * PUT (subscribe) or DELETE (unsubscribe) one push subscription; the caller interprets the status.
     *
     * @param method {@code PUT} or {@code DELETE}
     * @param subscription the bucket or topic
     * @param token the subscriber's token
     * @param ownerKind {@code user} or {@code thing}: the subscriber
     * @param ownerId the subscriber's ID
     * @return the answer
     * @throws OnboardingException on a network failure
     */
    KiiHttp.Response subscription(String method, Subscription subscription, String token, String ownerKind,
            String ownerId) throws OnboardingException {
        String url = subscriptionUrl(subscription, ownerKind, ownerId);
        return http.send(method, url, bearerHeaders(token, null), "PUT".equals(method) ? new byte[0] : null, settings,
                ("PUT".equals(method) ? "the subscription to " : "the unsubscription from ") + subscription);
    }

    /**
     * @return the subscription URL for a subscriber (kii-protocol §5)
     * @throws IllegalArgumentException if an own scope cannot be resolved for this subscriber
     */
    String subscriptionUrl(Subscription s, String ownerKind, String ownerId) {
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
        if (s.getTarget() == Subscription.Target.BUCKET) {
            url.append("/buckets/").append(s.getName()).append("/filters/all/push/subscriptions");
        } else {
            url.append("/topics/").append(s.getName()).append("/push/subscriptions");
        }
        return url.append("user".equals(ownerKind) ? "/users/" : "/things/").append(ownerId).toString();
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

    // ------------------------------------------------------------------ onboarding request and answer (also MQTT_API)

    static String onboardingMediaType(OnboardingSettings s) {
        boolean vendor = !s.vendorThingId().isEmpty();
        boolean byOwner = s.thingOwner() != null;
        return MEDIA_PREFIX + "OnboardingWith" + (vendor ? "VendorThingID" : "ThingID") + "By"
                + (byOwner ? "Owner" : "Thing") + "+json";
    }

    static JsonObject onboardingBody(OnboardingSettings s) {
        JsonObject body = new JsonObject();
        boolean vendor = !s.vendorThingId().isEmpty();
        if (vendor) {
            body.addProperty("vendorThingID", s.vendorThingId());
        } else {
            body.addProperty("thingID", s.thingId());
        }
        body.addProperty("thingPassword", s.thingPassword());
        if (s.thingOwner() != null) {
            body.addProperty("owner", s.thingOwner().toString());
        }
        if (vendor && !s.thingType().isEmpty()) {
            body.addProperty("thingType", s.thingType());
        }
        if (vendor && !s.firmwareVersion().isEmpty()) {
            body.addProperty("firmwareVersion", s.firmwareVersion());
        }
        body.addProperty("layoutPosition", s.layoutPosition());
        return body;
    }

    /** Reads a successful onboarding answer (REST or API via MQTT). */
    static Grant onboardingGrant(OnboardingSettings s, JsonObject o, String ttlHeader, long now)
            throws OnboardingException {
        String action = "the onboarding of " + s.thingDescription();
        if (o == null) {
            throw unparsable(action, "it is not a JSON object");
        }
        String token = KiiJson.string(o, "accessToken", "access_token");
        String thingId = KiiJson.string(o, "thingID");
        if (token == null || thingId == null) {
            throw unparsable(action, "it has no " + (token == null ? "'accessToken'" : "'thingID'"));
        }
        MqttEndpoint endpoint = null;
        JsonObject ep = KiiJson.object(o, "mqttEndpoint");
        if (ep != null) {
            try {
                endpoint = KiiJson.endpoint(ep, ttlHeader, null, now);
            } catch (IllegalArgumentException e) {
                // Tolerated: the endpoint is then fetched through the installation, as the thing SDKs do anyway.
                logger.debug("Onboarding answer has an incomplete mqttEndpoint ({}); fetching it separately",
                        e.getMessage());
            }
        }
        return new Grant(token, "thing", thingId, endpoint);
    }

    /** Classifies a refused onboarding (REST or API via MQTT). */
    static OnboardingException onboardingFailure(OnboardingSettings s, int status, String code, String message,
            String host) {
        String detail = detail(status, code, message, s.secrets());
        String thing = s.thingDescription();
        if (status == 404 && "APP_NOT_FOUND".equalsIgnoreCase(code)) {
            return appNotFound(s, host, detail, code);
        }
        if (status == 404 && code != null && code.toUpperCase(Locale.ROOT).startsWith("THING_NOT_FOUND")) {
            return new OnboardingException(ErrorKind.CONFIGURATION, "Kii knows no thing with " + thing + " " + detail
                    + ": check thing.id (or use thing.vendorThingId to register a new thing)", code, status, null);
        }
        if (status == 400 || status == 401 || status == 403 || status == 409) {
            String message2 = s.thingOwner() == null
                    ? "Kii refused the thing credentials for " + thing + " " + detail + ": check thing.password"
                            + (status == 409 ? " (the vendorThingID may be registered with another password)" : "")
                    : "Kii refused the onboarding of " + thing + " by owner " + s.thingOwner() + " " + detail
                            + ": check thing.ownerToken and thing.password";
            return new OnboardingException(ErrorKind.AUTHENTICATION, message2, code, status, null);
        }
        return generic(s, status, code, detail, "the onboarding of " + thing, host);
    }

    // ------------------------------------------------------------------ helpers

    private OnboardingException failure(KiiHttp.Response r, String action, String refusal, String fix,
            boolean credentialCall, String token) {
        String detail = detail(r, token);
        if (r.status == 404 && "APP_NOT_FOUND".equalsIgnoreCase(r.errorCode())) {
            return appNotFound(settings, settings.restHost(), detail, r.errorCode());
        }
        if (r.status == 401 || r.status == 403 || (r.status == 400 && credentialCall)) {
            return new OnboardingException(ErrorKind.AUTHENTICATION, refusal + " " + detail + ": " + fix,
                    r.errorCode(), r.status, null);
        }
        return generic(settings, r.status, r.errorCode(), detail, action, settings.restHost());
    }

    private static OnboardingException generic(OnboardingSettings s, int status, String code, String detail,
            String action, String host) {
        if (status == 400) {
            return new OnboardingException(ErrorKind.CONFIGURATION, "Kii rejected " + action + " as invalid " + detail
                    + ": check the thing/user fields of the configuration", code, status, null);
        }
        if (status == 404) {
            return new OnboardingException(ErrorKind.CONFIGURATION, host + " answered " + action + " with " + detail
                    + ": check site" + (s.site() == OnboardingSettings.Site.CUSTOM ? " and site.url" : "")
                    + " and app.id", code, status, null);
        }
        if (status == 429) {
            return new OnboardingException(ErrorKind.TRANSIENT, "Kii is rate-limiting application '" + s.appId()
                    + "' (429) during " + action + "; retrying later", code, status, null);
        }
        if (status >= 500) {
            return new OnboardingException(ErrorKind.TRANSIENT, "Kii answered " + action + " with a server error "
                    + detail, code, status, null);
        }
        return new OnboardingException(ErrorKind.TRANSIENT, "unexpected answer to " + action + " " + detail, code,
                status, null);
    }

    private static OnboardingException appNotFound(OnboardingSettings s, String host, String detail, String code) {
        return new OnboardingException(ErrorKind.CONFIGURATION, "Kii has no application '" + s.appId() + "' at "
                + host + " " + detail + ": check app.id and site", code, 404, null);
    }

    static OnboardingException unparsable(String action, String why) {
        return new OnboardingException(ErrorKind.TRANSIENT, "Kii's answer to " + action + " cannot be used (" + why
                + ")");
    }

    private String tokenFix() {
        return settings.mode() == OnboardingSettings.IdentityMode.TOKEN
                ? "enter a valid token in token.value (a pre-issued token cannot be renewed automatically)"
                : "the gateway onboards again";
    }

    /** @param token the bearer token of the call, also kept out of the text; may be {@code null} */
    private String detail(KiiHttp.Response r, String token) {
        List<String> secrets = new ArrayList<>(settings.secrets());
        if (token != null && token.length() >= 3) {
            secrets.add(token);
        }
        return detail(r.status, r.errorCode(), r.kiiMessage(), secrets);
    }

    /** @return e.g. {@code (403 WRONG_TOKEN: The provided token is not valid)}, secrets removed, bounded length */
    static String detail(int status, String code, String message, List<String> secrets) {
        StringBuilder sb = new StringBuilder("(").append(status);
        if (code != null) {
            sb.append(' ').append(clean(code, secrets, 60));
        }
        if (message != null) {
            sb.append(": ").append(clean(message, secrets, 160));
        }
        return sb.append(')').toString();
    }

    /** Server text goes into messages: strip line breaks, drop anything that equals a secret, bound its size. */
    static String clean(String text, List<String> secrets, int max) {
        String s = text.replace('\r', ' ').replace('\n', ' ');
        for (String secret : secrets) {
            s = s.replace(secret, "***");
        }
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }

    private String requireToken(KiiHttp.Response r, String action, String field) throws OnboardingException {
        String token = r.json() == null ? null : KiiJson.string(r.json(), field, "accessToken");
        if (token == null) {
            throw unparsable(action, "it has no '" + field + "'");
        }
        return token;
    }

    private String apiUrl(String path) {
        return settings.restBase() + "/api/apps/" + settings.appId() + path;
    }

    private Map<String, String> appHeaders(String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        String basic = settings.appId() + ":" + settings.appKey();
        h.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        h.put("X-Kii-AppID", settings.appId());
        h.put("X-Kii-AppKey", settings.appKey());
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
