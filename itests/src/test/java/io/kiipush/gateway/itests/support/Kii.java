package io.kiipush.gateway.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * In-container client of the Kii emulator started by {@link EmulatorDriver}: Kii's own REST API (with the app admin
 * token, as a back-end or operator would cause pushes) and the emulator's admin endpoint ({@code /_emulator}, fault
 * injection and records). Plain HTTP over loopback; nothing here is mocked.
 */
public final class Kii {

    static final String P_BASE_URL = "kiipush.itest.emu.baseUrl";
    static final String P_APP_ID = "kiipush.itest.emu.appId";
    static final String P_APP_KEY = "kiipush.itest.emu.appKey";
    static final String P_CA_FILE = "kiipush.itest.emu.caFile";
    static final String P_OTHER_CA_FILE = "kiipush.itest.emu.otherCaFile";
    static final String P_MQTT_PORT = "kiipush.itest.emu.mqttPort";
    static final String P_DEFAULT_BROKER = "kiipush.itest.emu.defaultBroker";
    static final String P_PUBLISHER_USERNAME = "kiipush.itest.emu.publisherUsername";
    static final String P_PUBLISHER_PASSWORD = "kiipush.itest.emu.publisherPassword";
    static final String P_WORK_DIR = "kiipush.itest.workDir";

    private static final Gson GSON = new Gson();
    private static final int TIMEOUT_MS = 15_000;
    private static javax.net.ssl.SSLSocketFactory emulatorTls;

    private final String baseUrl = required(P_BASE_URL);
    private final String appId = required(P_APP_ID);
    private volatile String adminToken;

    /** @return a client for the emulator of the running test class */
    public static Kii get() {
        return new Kii();
    }

    // ------------------------------------------------------------------ coordinates

    public String baseUrl() {
        return baseUrl;
    }

    public String appId() {
        return appId;
    }

    public String appKey() {
        return required(P_APP_KEY);
    }

    /** @return the PEM file of the emulator's CA */
    public String caFile() {
        return required(P_CA_FILE);
    }

    /** @return the PEM file of a CA that did not sign the emulator's certificate */
    public String otherCaFile() {
        return required(P_OTHER_CA_FILE);
    }

    /** @return the class's temporary area, the same for every test method of the class */
    public String workDir() {
        return required(P_WORK_DIR);
    }

    public int mqttPort() {
        return Integer.parseInt(required(P_MQTT_PORT));
    }

    /** @return the default broker of "API via MQTT", e.g. {@code tcp://localhost:1884} */
    public String defaultBroker() {
        return required(P_DEFAULT_BROKER);
    }

    public String publisherUsername() {
        return required(P_PUBLISHER_USERNAME);
    }

    public String publisherPassword() {
        return required(P_PUBLISHER_PASSWORD);
    }

    /** @return a fresh directory of this test class's temporary area */
    public String newDir(String name) {
        try {
            return java.nio.file.Files.createTempDirectory(java.nio.file.Paths.get(required(P_WORK_DIR)), name + "-")
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ fixtures (admin endpoint)

    /** A registered user or thing: its ID and an access token of its own. */
    public static final class Account {
        public final String id;
        public final String token;

        Account(String id, String token) {
            this.id = id;
            this.token = token;
        }
    }

    public Account registerUser(String loginName, String password) {
        JsonObject r = admin("POST", "/apps/" + appId + "/users", obj("loginName", loginName, "password", password));
        return new Account(r.get("userID").getAsString(), r.get("access_token").getAsString());
    }

    public Account registerThing(String vendorThingId, String password) {
        JsonObject r = admin("POST", "/apps/" + appId + "/things", obj("vendorThingID", vendorThingId, "password", password));
        return new Account(r.get("thingID").getAsString(), r.get("access_token").getAsString());
    }

    // ------------------------------------------------------------------ records

    /** @return every MQTT installation the emulator holds */
    public List<JsonObject> installations() {
        return objects(admin("GET", "/installations", null).getAsJsonArray("installations"));
    }

    /** @return the current MQTT endpoint of an installation (with its secret credentials) */
    public JsonObject endpointOf(String installationId) {
        return admin("GET", "/installations/" + installationId + "/endpoint", null);
    }

    /** @return the recorded REST requests whose path matches {@code pathRegex} (and {@code method}, if not null) */
    public List<JsonObject> requests(String method, String pathRegex) {
        List<JsonObject> all = objects(admin("GET", "/requests?path=" + enc(pathRegex), null).getAsJsonArray("requests"));
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject r : all) {
            if (method == null || method.equals(r.get("method").getAsString())) {
                out.add(r);
            }
        }
        return out;
    }

    /** @return the recorded requests that came over HTTP (not through "API via MQTT") */
    public List<JsonObject> httpRequests(String method, String pathRegex) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject r : requests(method, pathRegex)) {
            if ("HTTP".equals(r.get("transport").getAsString())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Forgets the recorded REST requests, so a test counts only its own. */
    public void clearRequests() {
        admin("DELETE", "/requests", null);
    }

    /** @return the Kii-side push subscriptions the emulator holds */
    public List<JsonObject> subscriptions() {
        return objects(admin("GET", "/subscriptions", null).getAsJsonArray("subscriptions"));
    }

    /** @return the client IDs connected to the push broker */
    public List<String> connectedClients() {
        List<String> out = new ArrayList<>();
        admin("GET", "/clients", null).getAsJsonArray("clientIDs").forEach(e -> out.add(e.getAsString()));
        return out;
    }

    /** @return the pushes published to an MQTT topic (payload JSON text each) */
    public List<JsonObject> publishesTo(String mqttTopic) {
        return objects(admin("GET", "/publishes?topic=" + enc(mqttTopic), null).getAsJsonArray("publishes"));
    }

    // ------------------------------------------------------------------ faults

    public void hangBroker() {
        admin("POST", "/mqtt/hang", null);
    }

    public void resumeBroker() {
        admin("POST", "/mqtt/resume", null);
    }

    /** Kills the push broker (connections reset, port refused) for {@code seconds}, then it comes back by itself. */
    public void killBroker(double seconds) {
        admin("POST", "/mqtt/kill", obj("seconds", seconds));
    }

    public void dropConnections() {
        admin("POST", "/mqtt/drop", null);
    }

    /** The next {@code count} REST calls matching {@code pathRegex} answer {@code status}. */
    public void failRest(String pathRegex, int status, int count) {
        admin("POST", "/rest/fail", obj("path", pathRegex, "status", status, "count", count));
    }

    /** The next {@code count} REST calls matching {@code pathRegex} are delayed by {@code millis}. */
    public void slowRest(String pathRegex, int millis, int count) {
        admin("POST", "/rest/latency", obj("path", pathRegex, "millis", millis, "count", count));
    }

    public void clearRestFaults() {
        admin("DELETE", "/rest/faults", null);
    }

    /** The next {@code count} mqtt-endpoint calls answer 503 MQTT_ENDPOINT_NOT_READY. */
    public void endpointNotReady(int count) {
        admin("POST", "/mqtt-endpoint/not-ready", obj("count", count));
    }

    /** Revokes an installation's MQTT credentials: its connection is dropped and the old password gets CONNACK 5. */
    public void revokeCredentials(String installationId) {
        admin("POST", "/installations/" + installationId + "/revoke", null);
    }

    // ------------------------------------------------------------------ Kii REST (app admin)

    /** Creates an app-scope topic; one that exists already (409 TOPIC_ALREADY_EXISTS) is fine. */
    public void createTopic(String topicId) {
        try {
            rest("PUT", "/api/apps/" + appId + "/topics/" + topicId, null, null);
        } catch (IllegalStateException e) {
            if (!String.valueOf(e.getMessage()).contains("TOPIC_ALREADY_EXISTS")) {
                throw e;
            }
        }
    }

    /** @return the new object's ID */
    public String createObject(String bucket, Map<String, ?> data) {
        return rest("POST", objects(bucket), "application/json", GSON.toJson(data)).get("objectID").getAsString();
    }

    /** @return the new object's ID, in the thing-scope bucket {@code bucket} of {@code thingId} */
    public String createThingObject(String thingId, String bucket, Map<String, ?> data) {
        return rest("POST", "/api/apps/" + appId + "/things/" + thingId + "/buckets/" + bucket + "/objects",
                "application/json", GSON.toJson(data)).get("objectID").getAsString();
    }

    /** @return the REST path of the app-scope bucket {@code bucket} */
    public String appBucket(String bucket) {
        return "/api/apps/" + appId + "/buckets/" + bucket;
    }

    /** @return the REST path of the thing-scope bucket {@code bucket} of {@code thingId} */
    public String thingBucket(String thingId, String bucket) {
        return "/api/apps/" + appId + "/things/" + thingId + "/buckets/" + bucket;
    }

    /** @return Kii's answer to a create in the bucket at {@code bucketPath}: {@code objectID}, {@code createdAt} */
    public JsonObject createObjectIn(String bucketPath, Map<String, ?> data) {
        return rest("POST", bucketPath + "/objects", "application/json", GSON.toJson(data));
    }

    /** @return the object's new {@code _modified} after a PATCH in the bucket at {@code bucketPath} (the answer) */
    public long patchObjectIn(String bucketPath, String objectId, Map<String, ?> changes) {
        return rest("PATCH", bucketPath + "/objects/" + objectId, "application/json", GSON.toJson(changes))
                .get("_modified").getAsLong();
    }

    public void replaceObject(String bucket, String objectId, Map<String, ?> data) {
        rest("PUT", objects(bucket) + "/" + objectId, "application/json", GSON.toJson(data));
    }

    public void patchObject(String bucket, String objectId, Map<String, ?> changes) {
        rest("PATCH", objects(bucket) + "/" + objectId, "application/json", GSON.toJson(changes));
    }

    public void deleteObject(String bucket, String objectId) {
        rest("DELETE", objects(bucket) + "/" + objectId, null, null);
    }

    public void uploadBody(String bucket, String objectId, String text) {
        rest("PUT", objects(bucket) + "/" + objectId + "/body", "text/plain", text);
    }

    public void deleteBody(String bucket, String objectId) {
        rest("DELETE", objects(bucket) + "/" + objectId + "/body", null, null);
    }

    /** Grants {@code action} (e.g. {@code READ_EXISTING_OBJECT}) on an object to {@code subject} (e.g. {@code UserID:x}). */
    public void grantObjectAcl(String bucket, String objectId, String action, String subject) {
        rest("PUT", objects(bucket) + "/" + objectId + "/acl/" + action + "/" + subject, null, null);
    }

    public void deleteBucket(String bucket) {
        rest("DELETE", "/api/apps/" + appId + "/buckets/" + bucket, null, null);
    }

    public void sendTopicMessage(String topicId, Map<String, ?> data) {
        rest("POST", "/api/apps/" + appId + "/topics/" + topicId + "/push/messages",
                "application/vnd.kii.SendPushMessageRequest+json", pushMessage(data));
    }

    public void pushToThing(String thingId, Map<String, ?> data) {
        rest("POST", "/api/apps/" + appId + "/things/" + thingId + "/push/messages",
                "application/vnd.kii.SendPushMessageRequest+json", pushMessage(data));
    }

    public void pushToUser(String userId, Map<String, ?> data) {
        rest("POST", "/api/apps/" + appId + "/users/" + userId + "/push/messages",
                "application/vnd.kii.SendPushMessageRequest+json", pushMessage(data));
    }

    /** @return the Thing-IF command ID */
    public String sendCommand(String thingId, String issuerUserId, String actionsJson) {
        String body = "{\"actions\":" + actionsJson + ",\"issuer\":\"user:" + issuerUserId + "\"}";
        return rest("POST", "/thing-if/apps/" + appId + "/targets/thing:" + thingId + "/commands", "application/json", body)
                .get("commandID").getAsString();
    }

    /** @return the Thing-IF command as Kii lists it, with {@code commandState} and {@code actionResults} */
    public JsonObject command(String thingId, String commandId) {
        return rest("GET", "/thing-if/apps/" + appId + "/targets/thing:" + thingId + "/commands/" + commandId, null, null);
    }

    // ------------------------------------------------------------------ plumbing

    private String objects(String bucket) {
        return "/api/apps/" + appId + "/buckets/" + bucket + "/objects";
    }

    private static String pushMessage(Map<String, ?> data) {
        JsonObject m = new JsonObject();
        m.add("data", GSON.toJsonTree(data));
        m.add("mqtt", obj("enabled", true));
        m.addProperty("sendWhen", true);
        m.addProperty("sendOrigin", true);
        m.addProperty("sendAppID", true);
        return m.toString();
    }

    private String token() {
        if (adminToken == null) {
            adminToken = admin("POST", "/apps/" + appId + "/admin-token", null).get("access_token").getAsString();
        }
        return adminToken;
    }

    private JsonObject admin(String method, String path, JsonObject body) {
        return call(method, baseUrl + "/_emulator" + path, null, "application/json", body == null ? null : body.toString());
    }

    private JsonObject rest(String method, String path, String contentType, String body) {
        return call(method, baseUrl + path, "Bearer " + token(), contentType, body);
    }

    private static JsonObject call(String method, String url, String authorization, String contentType, String body) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            if (c instanceof javax.net.ssl.HttpsURLConnection) {
                ((javax.net.ssl.HttpsURLConnection) c).setSSLSocketFactory(trustingEmulatorCa());
            }
            c.setConnectTimeout(TIMEOUT_MS);
            c.setReadTimeout(TIMEOUT_MS);
            // HttpURLConnection has no PATCH; Kii accepts POST with the override header.
            c.setRequestMethod(method.equals("PATCH") ? "POST" : method);
            if (method.equals("PATCH")) {
                c.setRequestProperty("X-HTTP-Method-Override", "PATCH");
            }
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", contentType);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            String text = read(status >= 400 ? c.getErrorStream() : c.getInputStream());
            if (status >= 300) {
                throw new IllegalStateException(method + " " + url + " answered " + status + ": " + text);
            }
            JsonElement e = text.isEmpty() ? null : JsonParser.parseString(text);
            return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url, e);
        }
    }

    // The test client trusts the emulator's CA only, as the gateway does with tls.caFile.
    private static synchronized javax.net.ssl.SSLSocketFactory trustingEmulatorCa() {
        if (emulatorTls == null) {
            try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Paths.get(required(P_CA_FILE)))) {
                java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setCertificateEntry("kii-emulator-ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
                javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                emulatorTls = ctx.getSocketFactory();
            } catch (IOException | java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot load the emulator's CA", e);
            }
        }
        return emulatorTls;
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (InputStream i = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = i.read(buf)) > 0;) {
                out.write(buf, 0, n);
            }
            return new String(out.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    private static List<JsonObject> objects(JsonArray arr) {
        List<JsonObject> out = new ArrayList<>();
        arr.forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    private static JsonObject obj(Object... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            o.add((String) kv[i], GSON.toJsonTree(kv[i + 1]));
        }
        return o;
    }

    private static String enc(String s) {
        try {
            return URLEncoder.encode(s, "UTF-8");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            throw new IllegalStateException("system property " + property + " is not set: the test class's @Configuration must include EmulatorDriver.start(...)");
        }
        return v;
    }
}
