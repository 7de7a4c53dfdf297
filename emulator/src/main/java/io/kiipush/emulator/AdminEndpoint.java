package io.kiipush.emulator;

import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.internal.rest.RestRequest;
import io.kiipush.emulator.internal.rest.RestResponse;
import io.kiipush.emulator.internal.service.InstallationService;
import io.kiipush.emulator.internal.util.Json;

/** The admin HTTP endpoint under {@code /_emulator} (no authentication: bind the emulator to loopback). */
final class AdminEndpoint implements Function<RestRequest, RestResponse> {

    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(AdminEndpoint.class);

    private final KiiEmulator emu;

    AdminEndpoint(KiiEmulator emu) {
        this.emu = emu;
    }

    @Override
    public RestResponse apply(RestRequest r) {
        try {
            return route(r.method(), r.path().substring("/_emulator".length()), r);
        } catch (KiiApiException e) {
            return RestResponse.json(e.status(), Json.obj("error", e.getMessage(), "errorCode", e.errorCode()));
        } catch (io.kiipush.emulator.internal.service.KiiException e) {
            return RestResponse.error(e);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException
                | com.google.gson.JsonParseException e) {
            return RestResponse.json(400, Json.obj("error", String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            logger.warn("admin call {} {} failed", r.method(), r.path(), e);
            return RestResponse.json(500, Json.obj("error", String.valueOf(e)));
        }
    }

    private RestResponse route(String method, String path, RestRequest r) {
        String[] seg = path.replaceAll("^/+|/+$", "").split("/");
        String key = method + " " + String.join("/", seg);
        JsonObject body = body(r);
        Faults f = emu.faults();
        Observations o = emu.observe();
        switch (key) {
            case "GET ", "GET info" -> {
                return ok(info());
            }
            case "GET ca.pem" -> {
                return RestResponse.bytes(200, emu.caCertificatePem().getBytes(), "application/x-pem-file");
            }
            case "GET requests" -> {
                String filter = r.queryParam("path");
                Pattern p = filter == null ? null : Pattern.compile(filter);
                JsonArray arr = new JsonArray();
                o.requests(x -> p == null || p.matcher(x.path()).find()).forEach(x -> arr.add(toJson(x)));
                return ok(Json.obj("total", o.requestCount(), "requests", arr));
            }
            case "DELETE requests" -> {
                o.clearRequests();
                return RestResponse.empty(204);
            }
            case "GET publishes" -> {
                String topic = r.queryParam("topic");
                JsonArray arr = new JsonArray();
                o.publishes(x -> topic == null || x.topic().equals(topic)).forEach(x -> arr.add(toJson(x)));
                return ok(Json.obj("total", o.publishCount(), "publishes", arr));
            }
            case "DELETE publishes" -> {
                o.clearPublishes();
                return RestResponse.empty(204);
            }
            case "GET installations" -> {
                JsonArray arr = new JsonArray();
                o.installations().forEach(i -> arr.add(Json.obj("appID", i.appId(), "installationID",
                        i.installationId(), "installationRegistrationID", i.registrationId(), "deviceType",
                        i.deviceType(), "owner", i.owner().toString(), "development", i.development(), "mqttTopic",
                        i.mqttTopic())));
                return ok(Json.obj("installations", arr));
            }
            case "GET subscriptions" -> {
                JsonArray arr = new JsonArray();
                o.subscriptions().forEach(s -> arr.add(Json.obj("appID", s.appId(), "target", s.target().name(),
                        "scope", s.scope().toString(), "name", s.name(), "subscriber", s.subscriber().toString())));
                return ok(Json.obj("subscriptions", arr));
            }
            case "GET clients" -> {
                JsonArray arr = new JsonArray();
                o.connectedClientIds().forEach(arr::add);
                return ok(Json.obj("clientIDs", arr, "brokerHung", o.isBrokerHung()));
            }
            case "POST mqtt/drop" -> {
                f.dropAllConnections();
                return RestResponse.empty(204);
            }
            case "POST mqtt/hang" -> {
                Duration d = duration(body);
                if (d == null) {
                    f.hangBroker();
                } else {
                    f.hangBroker(d);
                }
                return RestResponse.empty(204);
            }
            case "POST mqtt/resume" -> {
                f.resumeBroker();
                return RestResponse.empty(204);
            }
            case "POST mqtt/kill" -> {
                Duration d = duration(body);
                if (d == null) {
                    f.killBroker();
                } else {
                    f.killBroker(d);
                }
                return RestResponse.empty(204);
            }
            case "POST mqtt/restart" -> {
                f.restartBroker();
                return RestResponse.empty(204);
            }
            case "POST rest/fail" -> {
                f.failRest(Json.str(body, "method"), required(body, "path"), intOf(body, "status", 503),
                        intOf(body, "count", 1));
                return RestResponse.empty(204);
            }
            case "POST rest/latency" -> {
                f.addLatency(Json.str(body, "method"), required(body, "path"),
                        Duration.ofMillis(intOf(body, "millis", 1000)), intOf(body, "count", -1));
                return RestResponse.empty(204);
            }
            case "DELETE rest/faults" -> {
                f.clearRestFaults();
                return RestResponse.empty(204);
            }
            case "POST mqtt-endpoint/not-ready" -> {
                f.endpointNotReady(intOf(body, "count", 1));
                return RestResponse.empty(204);
            }
            case "PUT settings", "POST settings" -> {
                changeSettings(body, f);
                return ok(settings());
            }
            case "GET settings" -> {
                return ok(settings());
            }
            case "POST faults/clear" -> {
                f.clearAll();
                return RestResponse.empty(204);
            }
            case "POST load" -> {
                return ok(toJson(startLoad(body)));
            }
            default -> {
                return routeWithIds(method, seg, body, r);
            }
        }
    }

    private RestResponse routeWithIds(String method, String[] seg, JsonObject body, RestRequest r) {
        if (seg.length == 3 && seg[0].equals("installations") && method.equals("POST")) {
            switch (seg[2]) {
                case "revoke" -> {
                    emu.faults().revokeCredentials(seg[1]);
                    return RestResponse.empty(204);
                }
                case "rotate" -> {
                    return ok(InstallationService.endpointJson(emu.faults().rotateCredentials(seg[1]), "X-MQTT-TTL"));
                }
                default -> { }
            }
        }
        if (seg.length == 3 && seg[0].equals("installations") && seg[2].equals("endpoint") && method.equals("GET")) {
            return ok(InstallationService.endpointJson(emu.services().installations().endpointOf(seg[1]),
                    "X-MQTT-TTL"));
        }
        if (seg.length == 2 && seg[0].equals("load")) {
            LoadRun run = emu.load().run(seg[1]);
            if (run == null) {
                return RestResponse.json(404, Json.obj("error", "no such load run"));
            }
            if (method.equals("DELETE")) {
                run.cancel();
            }
            return ok(toJson(run));
        }
        if (seg.length == 3 && seg[0].equals("apps")) {
            KiiApp app = emu.app(seg[1]);
            switch (method + " " + seg[2]) {
                case "GET admin-token", "POST admin-token" -> {
                    return ok(Json.obj("access_token", app.adminToken()));
                }
                case "POST users" -> {
                    UserInfo u = app.registerUser(required(body, "loginName"), required(body, "password"));
                    return ok(Json.obj("userID", u.userId(), "loginName", u.loginName(), "access_token",
                            u.accessToken()));
                }
                case "POST things" -> {
                    ThingInfo t = app.registerThing(required(body, "vendorThingID"), required(body, "password"),
                            Json.str(body, "thingType"));
                    return ok(Json.obj("thingID", t.thingId(), "vendorThingID", t.vendorThingId(), "access_token",
                            t.accessToken()));
                }
                case "GET commands" -> {
                    String thing = r.queryParam("thing");
                    JsonArray arr = new JsonArray();
                    emu.services().commands().list(app.id(), thing).forEach(arr::add);
                    return ok(Json.obj("commands", arr));
                }
                case "GET objects" -> {
                    String scope = r.queryParam("scope");
                    JsonArray arr = new JsonArray();
                    emu.services().objects().list(app.id(), scope == null ? Scope.app() : Scope.parse(scope),
                            required(r.queryParam("bucket"), "bucket")).forEach(arr::add);
                    return ok(Json.obj("objects", arr));
                }
                default -> { }
            }
        }
        return RestResponse.json(404, Json.obj("error", "unknown admin call " + method + " /_emulator/"
                + String.join("/", seg)));
    }

    private LoadRun startLoad(JsonObject body) {
        String topic = Json.str(body, "topic");
        if (topic == null) {
            topic = emu.topicOf(required(body, "installationID"));
        }
        int count = intOf(body, "count", 1000);
        var payload = LoadGenerator.jsonPayload(intOf(body, "payloadBytes", 300));
        if (body.has("rate")) {
            return emu.load().stream(topic, intOf(body, "rate", 1000), count, payload);
        }
        return emu.load().burst(topic, count, payload);
    }

    private JsonObject info() {
        JsonArray apps = new JsonArray();
        for (AppCredentials a : emu.apps()) {
            apps.add(Json.obj("appID", a.appId(), "appKey", a.appKey(), "clientID", a.clientId(), "clientSecret",
                    a.clientSecret()));
        }
        JsonObject mqtt = Json.obj("host", emu.advertisedHost(), "portTCP", emu.mqttPort(), "portSSL",
                emu.mqttTlsPort(), "portWS", emu.webSocketPort(), "portWSS", emu.secureWebSocketPort());
        JsonObject dflt = Json.obj("host", emu.advertisedHost(), "portTCP", emu.defaultBrokerPort(), "portSSL",
                emu.defaultBrokerTlsPort(), "clientID", "anonymous");
        return Json.obj("baseUrl", emu.baseUrl(), "kiiSiteUrl", emu.kiiSiteUrl(), "apps", apps, "mqtt", mqtt,
                "defaultBroker", dflt, "publisherUsername", emu.publisherUsername(), "caCertificate",
                emu.baseUrl() + "/_emulator/ca.pem");
    }

    private JsonObject settings() {
        var s = emu.settings();
        return Json.obj("endpointTtlSeconds", s.endpointTtlSeconds(), "endpointNotReadyPerInstallation",
                s.endpointNotReadyPerInstallation(), "endpointNotReadyPending", s.endpointNotReadyGlobal().get(),
                "requireClientIdEqualsTopic", s.requireClientIdEqualsTopic(), "queryDescendingByDefault",
                s.queryDescendingByDefault(), "maxPageSize", s.maxPageSize(), "thingMayListCommands",
                s.thingMayListCommands());
    }

    private static void changeSettings(JsonObject body, Faults f) {
        for (var e : body.entrySet()) {
            JsonElement v = e.getValue();
            switch (e.getKey()) {
                case "endpointTtlSeconds" -> f.setEndpointTtlSeconds(v.getAsLong());
                case "endpointNotReadyPerInstallation" -> f.setEndpointNotReadyPerInstallation(v.getAsInt());
                case "requireClientIdEqualsTopic" -> f.setRequireClientIdEqualsTopic(v.getAsBoolean());
                case "queryDescendingByDefault" -> f.setQueryDescendingByDefault(v.getAsBoolean());
                case "maxPageSize" -> f.setMaxPageSize(v.getAsInt());
                case "thingMayListCommands" -> f.setThingMayListCommands(v.getAsBoolean());
                default -> throw new IllegalArgumentException("unknown setting '" + e.getKey() + "'");
            }
        }
    }

    private static JsonObject toJson(RecordedRequest x) {
        return Json.obj("time", x.time().toString(), "transport", x.transport(), "method", x.method(), "path",
                x.path(), "query", x.query(), "contentType", x.contentType(), "authKind", x.authKind().name(),
                "principal", x.principal(), "status", x.status(), "errorCode", x.errorCode());
    }

    private static JsonObject toJson(RecordedPublish x) {
        return Json.obj("time", x.time().toString(), "topic", x.topic(), "kind", x.kind().name(), "payload",
                x.payload());
    }

    private static JsonObject toJson(LoadRun run) {
        return Json.obj("id", run.id(), "topic", run.topic(), "sent", run.sent(), "target", run.target(), "done",
                run.isDone());
    }

    private static RestResponse ok(JsonElement body) {
        return RestResponse.json(200, body);
    }

    /** @return the body as a JSON object ({} when empty); {@link com.google.gson.JsonParseException} (400) otherwise */
    private static JsonObject body(RestRequest r) {
        return r.bodyText().isBlank() ? new JsonObject() : Json.parseObject(r.bodyText());
    }

    private static Duration duration(JsonObject body) {
        if (body.has("seconds")) {
            return Duration.ofMillis((long) (body.get("seconds").getAsDouble() * 1000));
        }
        if (body.has("millis")) {
            return Duration.ofMillis(body.get("millis").getAsLong());
        }
        return null;
    }

    private static String required(JsonObject body, String key) {
        return required(Json.str(body, key), key);
    }

    private static String required(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("'" + name + "' is required");
        }
        return value;
    }

    private static int intOf(JsonObject body, String key, int dflt) {
        return body.has(key) ? body.get(key).getAsInt() : dflt;
    }

}
