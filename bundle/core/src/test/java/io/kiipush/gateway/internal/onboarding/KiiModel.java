package io.kiipush.gateway.internal.onboarding;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;

/**
 * A scripted, in-memory stand-in for Kii Cloud: by default it behaves like Kii for the calls onboarding makes
 * (tokens, Thing-IF onboarding over HTTPS and through the default broker, one MQTT installation per owner,
 * mqtt-endpoint, push subscriptions); a test queues or installs other answers per method and path. Every request is
 * recorded. All secrets it issues contain {@code S3CRET} so leak checks can search for one marker. {@link KiiStub}
 * serves it over real sockets, {@link FakeKiiHttp} and {@link FakeApiExchange} without any.
 */
class KiiModel {

    static final String APP = "app1";
    static final String APP_KEY = "appkey-S3CRET-a1";
    static final String VENDOR_THING_ID = "vt-1";
    static final String THING_PASSWORD = "thingpw-S3CRET-b2";
    static final String USERNAME = "bob";
    static final String USER_PASSWORD = "userpw-S3CRET-c3";
    static final String USER_ID = "user-1";
    static final String OWNER_TOKEN = "ownertok-S3CRET-d4";
    static final String MQTT_HOST = "mqtt.test.invalid";

    /** One recorded request. */
    static final class Req {
        final String method;
        final String path;
        final Map<String, List<String>> headers;
        final String body;
        final long receivedAt = System.currentTimeMillis();

        Req(String method, String path, Map<String, List<String>> headers, String body) {
            this.method = method;
            this.path = path;
            this.headers = headers;
            this.body = body;
        }

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        JsonObject json() {
            return KiiJson.parseObject(body);
        }

        String bearer() {
            String a = header("Authorization");
            return a != null && a.startsWith("Bearer ") ? a.substring(7) : null;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A scripted answer. */
    static final class Reply {
        final int status;
        final String body;
        final Map<String, String> headers = new LinkedHashMap<>();
        boolean hang;

        Reply(int status, String body) {
            this.status = status;
            this.body = body;
        }

        static Reply of(int status, String body) {
            return new Reply(status, body);
        }

        static Reply error(int status, String code, String message) {
            JsonObject o = new JsonObject();
            o.addProperty("errorCode", code);
            o.addProperty("message", message);
            return new Reply(status, o.toString());
        }

        /** Never answers (until the stub closes): provokes a read timeout. */
        static Reply hang() {
            Reply r = new Reply(200, "");
            r.hang = true;
            return r;
        }

        Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    private static final class Rule {
        final String method;
        final Pattern path;
        final Deque<Reply> queue;
        final Function<Req, Reply> behaviour;

        Rule(String method, Pattern path, Deque<Reply> queue, Function<Req, Reply> behaviour) {
            this.method = method;
            this.path = path;
            this.queue = queue;
            this.behaviour = behaviour;
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    final List<Req> requests = new CopyOnWriteArrayList<>();

    // Emulated Kii state, guarded by "this".
    private final Map<String, String> tokens = new HashMap<>();
    private final Map<String, String> installationOf = new HashMap<>();
    private final Map<String, String> ownerOf = new HashMap<>();
    private final Set<String> subscriptions = new HashSet<>();
    private final AtomicInteger counter = new AtomicInteger();
    volatile boolean onboardingIncludesEndpoint = true;
    volatile long ttlSeconds = 2147483647L;
    volatile boolean offerWss = true;

    /** Answers the next matching requests with {@code replies}, in order; afterwards the default behaviour resumes. */
    KiiModel enqueue(String method, String pathRegex, Reply... replies) {
        Deque<Reply> q = new ArrayDeque<>();
        Collections.addAll(q, replies);
        rules.add(0, new Rule(method, Pattern.compile(pathRegex), q, null));
        return this;
    }

    /** Answers every matching request with {@code behaviour} (null from it: default behaviour). */
    KiiModel always(String method, String pathRegex, Function<Req, Reply> behaviour) {
        rules.add(0, new Rule(method, Pattern.compile(pathRegex), null, behaviour));
        return this;
    }

    List<Req> requests(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        List<Req> out = new ArrayList<>();
        for (Req r : requests) {
            if (r.method.equals(method) && p.matcher(r.path).matches()) {
                out.add(r);
            }
        }
        return out;
    }

    int count(String method, String pathRegex) {
        return requests(method, pathRegex).size();
    }

    /** Kii forgets every token it issued (as if they were revoked): the next use gets 403 WRONG_TOKEN. */
    synchronized void revokeTokens() {
        tokens.clear();
    }

    /** Kii forgets every installation: the next mqtt-endpoint gets 404 INSTALLATION_NOT_FOUND. */
    synchronized void dropInstallations() {
        installationOf.clear();
        ownerOf.clear();
    }

    synchronized boolean isSubscribed(String pathSuffix) {
        for (String s : subscriptions) {
            if (s.endsWith(pathSuffix)) {
                return true;
            }
        }
        return false;
    }

    synchronized void issueToken(String token, String owner) {
        tokens.put(token, owner);
    }

    /**
     * Records the request and answers it: a scripted answer if one matches, else Kii's behaviour.
     *
     * @param req the request
     * @return the answer
     */
    Reply answer(Req req) {
        requests.add(req);
        Reply reply = scripted(req);
        return reply != null ? reply : emulate(req);
    }

    private Reply scripted(Req req) {
        for (Rule rule : rules) {
            if (!rule.method.equals(req.method) || !rule.path.matcher(req.path).matches()) {
                continue;
            }
            if (rule.queue != null) {
                synchronized (rule.queue) {
                    Reply r = rule.queue.poll();
                    if (r != null) {
                        return r;
                    }
                }
            } else {
                Reply r = rule.behaviour.apply(req);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static final Pattern TOKEN = Pattern.compile("/api/apps/([^/]+)/oauth2/token");
    private static final Pattern ONBOARD = Pattern.compile("/thing-if/apps/([^/]+)/onboardings");
    private static final Pattern INSTALL = Pattern.compile("/api/apps/([^/]+)/installations");
    private static final Pattern ENDPOINT = Pattern.compile("/api/apps/([^/]+)/installations/([^/]+)/mqtt-endpoint");
    private static final Pattern SUBSCRIPTION = Pattern.compile("/api/apps/([^/]+)/.*/subscriptions/(users|things)/[^/]+");

    private synchronized Reply emulate(Req req) {
        Matcher m;
        if ((m = TOKEN.matcher(req.path)).matches() && req.method.equals("POST")) {
            if (!m.group(1).equals(APP)) {
                return Reply.error(404, "APP_NOT_FOUND", "The application was not found");
            }
            JsonObject b = req.json();
            String grant = b == null ? null : KiiJson.string(b, "grant_type");
            if ("client_credentials".equals(grant)) {
                if (!APP_KEY.equals(KiiJson.string(b, "client_secret"))) {
                    return Reply.error(400, "invalid_client", "The client credentials are wrong");
                }
                return tokenReply(issue("anon"), null);
            }
            if ("password".equals(grant) && USERNAME.equals(KiiJson.string(b, "username"))
                    && USER_PASSWORD.equals(KiiJson.string(b, "password"))) {
                return tokenReply(issue("user:" + USER_ID), USER_ID);
            }
            return Reply.error(400, "invalid_grant", "The user was not found or a wrong password was provided");
        }
        if ((m = ONBOARD.matcher(req.path)).matches() && req.method.equals("POST")) {
            if (!m.group(1).equals(APP)) {
                return Reply.error(404, "APP_NOT_FOUND", "The application was not found");
            }
            String caller = tokens.get(req.bearer());
            if (caller == null && !OWNER_TOKEN.equals(req.bearer())) {
                return Reply.error(403, "WRONG_TOKEN", "The provided token is not valid");
            }
            JsonObject b = req.json();
            String vendor = KiiJson.string(b, "vendorThingID");
            String thing = KiiJson.string(b, "thingID");
            if (!THING_PASSWORD.equals(KiiJson.string(b, "thingPassword"))) {
                return Reply.error(400, "invalid_grant", "The thing password is wrong");
            }
            String thingId = thing != null ? thing : "th." + vendor;
            String owner = "thing:" + thingId;
            JsonObject o = new JsonObject();
            o.addProperty("accessToken", issue(owner));
            o.addProperty("thingID", thingId);
            if (onboardingIncludesEndpoint) {
                JsonObject ep = endpointJson(installationFor(owner));
                ep.remove("X-MQTT-TTL");
                ep.addProperty("ttl", ttlSeconds);
                o.add("mqttEndpoint", ep);
            }
            return Reply.of(200, o.toString());
        }
        if ((m = ENDPOINT.matcher(req.path)).matches() && req.method.equals("GET")) {
            String caller = tokens.get(req.bearer());
            if (caller == null) {
                return Reply.error(403, "WRONG_TOKEN", "The provided token is not valid");
            }
            String owner = ownerOf.get(m.group(2));
            if (owner == null) {
                return Reply.error(404, "INSTALLATION_NOT_FOUND", "Installation " + m.group(2) + " was not found");
            }
            return Reply.of(200, endpointJson(m.group(2)).toString()).header("X-MQTT-TTL", String.valueOf(ttlSeconds));
        }
        if ((m = INSTALL.matcher(req.path)).matches() && req.method.equals("POST")) {
            String caller = tokens.get(req.bearer());
            if (caller == null) {
                return Reply.error(403, "WRONG_TOKEN", "The provided token is not valid");
            }
            String id = installationFor(caller);
            JsonObject o = new JsonObject();
            o.addProperty("installationID", id);
            o.addProperty("installationRegistrationID", "reg-" + id);
            return Reply.of(201, o.toString());
        }
        if ((m = SUBSCRIPTION.matcher(req.path)).matches()) {
            if (tokens.get(req.bearer()) == null) {
                return Reply.error(403, "WRONG_TOKEN", "The provided token is not valid");
            }
            if (req.method.equals("PUT")) {
                return subscriptions.add(req.path) ? Reply.of(204, "")
                        : Reply.error(409, "PUSH_SUBSCRIPTION_ALREADY_EXISTS", "Already subscribed");
            }
            if (req.method.equals("DELETE")) {
                return subscriptions.remove(req.path) ? Reply.of(204, "")
                        : Reply.error(404, "PUSH_SUBSCRIPTION_NOT_FOUND", "Not subscribed");
            }
        }
        return Reply.error(404, "NOT_FOUND", "No such resource " + req.path);
    }

    private String issue(String owner) {
        String token = "tok-S3CRET-" + counter.incrementAndGet();
        tokens.put(token, owner);
        return token;
    }

    private static Reply tokenReply(String token, String id) {
        JsonObject o = new JsonObject();
        if (id != null) {
            o.addProperty("id", id);
        }
        o.addProperty("access_token", token);
        o.addProperty("expires_in", 2147483647);
        o.addProperty("token_type", "Bearer");
        return Reply.of(200, o.toString());
    }

    /** @return the owner's MQTT installation, created if needed (for answers made outside this stub) */
    synchronized String installation(String owner) {
        return installationFor(owner);
    }

    /** One MQTT installation per owner, as Kii does (docs/kii-protocol.md §3.1). */
    private String installationFor(String owner) {
        String id = installationOf.get(owner);
        if (id == null) {
            id = "inst" + counter.incrementAndGet();
            installationOf.put(owner, id);
            ownerOf.put(id, owner);
        }
        return id;
    }

    /** @return true for the application credentials Kii's default broker accepts at CONNECT (docs/kii-protocol.md §7) */
    static boolean acceptsAtDefaultBroker(String clientId, String username, String password) {
        return "anonymous".equals(clientId) && ("type=oauth2&client_id=" + APP).equals(username)
                && ("client_secret=" + APP_KEY).equals(password);
    }

    /**
     * Kii's default broker answering an API-via-MQTT onboarding request: checks the thing password, answers 200 with
     * token, thing ID and (optionally) the endpoint; the token is then valid for the REST calls too.
     *
     * @param request the request payload
     * @param includeEndpoint whether the answer carries the MQTT endpoint
     * @param eol the line end of the answer
     * @return the response payload
     */
    synchronized String answerOverMqtt(String request, boolean includeEndpoint, String eol) {
        JsonObject b = apiBody(request);
        String id = apiHeader(request, "X-Kii-RequestID");
        if (b == null || !THING_PASSWORD.equals(KiiJson.string(b, "thingPassword"))) {
            return "400" + eol + "Content-Type: application/vnd.kii.InvalidGrantException+json" + eol
                    + (id == null ? "" : "X-Kii-RequestID: " + id + eol) + eol
                    + "{\"errorCode\":\"invalid_grant\",\"message\":\"The thing password is wrong\"}";
        }
        String thingId = "th." + KiiJson.string(b, "vendorThingID");
        String owner = "thing:" + thingId;
        String token = "mqtttok-S3CRET-" + counter.incrementAndGet();
        tokens.put(token, owner);
        JsonObject o = new JsonObject();
        o.addProperty("accessToken", token);
        o.addProperty("thingID", thingId);
        if (includeEndpoint) {
            JsonObject ep = endpointJson(installationFor(owner));
            ep.remove("X-MQTT-TTL");
            ep.addProperty("ttl", 2147483647L);
            o.add("mqttEndpoint", ep);
        }
        return "200" + eol + "Content-Type: application/vnd.kii.OnboardingResponse+json" + eol
                + (id == null ? "" : "X-Kii-RequestID: " + id + eol) + eol + o;
    }

    /** @return the JSON body of an API-via-MQTT request */
    static JsonObject apiBody(String request) {
        int blank = request.indexOf("\r\n\r\n");
        return KiiJson.parseObject(request.substring(blank + 4));
    }

    /** @return a header of an API-via-MQTT request, {@code null} if absent */
    static String apiHeader(String request, String name) {
        for (String line : request.split("\r\n")) {
            if (line.toLowerCase().startsWith(name.toLowerCase() + ":")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return null;
    }

    JsonObject endpointJson(String installationId) {
        JsonObject ep = new JsonObject();
        ep.addProperty("installationID", installationId);
        ep.addProperty("username", APP + "-mqttuser-S3CRET-" + installationId);
        // Every answer carries a new password, as a refresh would: tests can tell old from new endpoints.
        ep.addProperty("password", "mqttpw-S3CRET-" + installationId + "-" + counter.incrementAndGet());
        ep.addProperty("mqttTopic", "topic-" + installationId);
        ep.addProperty("host", MQTT_HOST);
        ep.addProperty("portTCP", 1883);
        ep.addProperty("portSSL", 8883);
        ep.addProperty("portWS", 12470);
        if (offerWss) {
            ep.addProperty("portWSS", 12473);
        }
        ep.addProperty("X-MQTT-TTL", ttlSeconds);
        return ep;
    }
}
