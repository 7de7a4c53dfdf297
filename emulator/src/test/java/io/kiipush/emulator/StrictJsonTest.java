package io.kiipush.emulator;

import static io.kiipush.emulator.Http.bearer;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Request bodies are parsed strictly, as Kii does: every body that is not a JSON object in strict JSON gets 400
 * {@code INVALID_JSON} with Kii's error body on every route family, and nothing is stored or pushed. (A lenient parser
 * turned {@code [,{...}]} into a null element and let the request through.)
 */
public class StrictJsonTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    /** Malformed or non-object bodies; the first is the kind an independent Kii client found stored with a null. */
    private static final List<String> BAD_BODIES = List.of("{\"list\":[,{\"a\":1}]}", "[,{\"a\":1}]", "{\"a\":1,}", "{'a':1}", "{a:1}",
            "{\"a\":1} {\"b\":2}", "{\"a\":NaN}", "/* c */ {\"a\":1}", "{\"a\":1", "[{\"a\":1}]", "\"text\"");

    private static KiiEmulator emu;
    private static Http http;
    private static String admin;
    private static String user;
    private static String userId;
    private static String thing;
    private static String thingId;

    @BeforeClass
    public static void start() throws Exception {
        emu = KiiEmulator.builder().build().start();
        http = new Http(emu.baseUrl());
        KiiApp app = emu.app();
        admin = app.adminToken();
        UserInfo u = app.registerUser("strict-user", "strict-pass");
        user = u.accessToken();
        userId = u.userId();
        ThingInfo t = app.registerThing("strict-thing", "thing-pass");
        thing = t.accessToken();
        thingId = t.thingId();
        app.addThingOwner(thingId, userId);
        app.createTopic(Scope.app(), "strict-topic");
    }

    @AfterClass
    public static void stop() {
        emu.stop();
    }

    @Test
    public void accountRoutesRejectBodiesThatAreNotStrictJsonObjects() {
        String api = "/api/apps/demoapp";
        rejectEverywhere("POST", api + "/users", "application/vnd.kii.RegistrationRequest+json", null);
        rejectEverywhere("POST", api + "/oauth2/token", "application/json", null);
        rejectEverywhere("POST", "/api/oauth2/token", "application/json", null, "X-Kii-AppID", "demoapp");
        rejectEverywhere("POST", api + "/groups", "application/vnd.kii.GroupCreationRequest+json", user);
        rejectEverywhere("POST", api + "/things", "application/vnd.kii.ThingRegistrationAndAuthorizationRequest+json",
                null);
        rejectEverywhere("POST", api + "/things/" + thingId + "/ownership", "application/json", thing);
        rejectEverywhere("POST", api + "/installations", "application/vnd.kii.InstallationCreationRequest+json", user);
        rejectEverywhere("POST", api + "/users/" + userId + "/push/messages",
                "application/vnd.kii.SendPushMessageRequest+json", admin);
        assertTrue("no installation was created", emu.observe().installations().isEmpty());
    }

    @Test
    public void bucketObjectTopicAndQueryRoutesRejectThem() {
        for (String scope : new String[] { "/api/apps/demoapp", "/api/apps/demoapp/users/" + userId }) {
            String bucket = scope + "/buckets/strict-bucket";
            rejectEverywhere("POST", bucket + "/objects", "application/json", user);
            rejectEverywhere("PUT", bucket + "/objects/strict-object", "application/json", user);
            rejectEverywhere("PATCH", bucket + "/objects/strict-object", "application/json", user);
            rejectEverywhere("POST", bucket + "/query", "application/vnd.kii.QueryRequest+json", user);
            // nothing was stored: the bucket was never created
            Http.Resp query = http.post(bucket + "/query", "application/vnd.kii.QueryRequest+json",
                    "{\"bucketQuery\":{\"clause\":{\"type\":\"all\"}}}", bearer(user));
            assertEquals(query.toString(), "BUCKET_NOT_FOUND", query.errorCode());
        }
        rejectEverywhere("POST", "/api/apps/demoapp/topics/strict-topic/push/messages",
                "application/vnd.kii.SendPushMessageRequest+json", admin);
        assertTrue("nothing was pushed", emu.observe().publishes().isEmpty());
    }

    @Test
    public void thingIfRoutesRejectThem() {
        String target = "/thing-if/apps/demoapp/targets/thing:" + thingId;
        rejectEverywhere("POST", "/thing-if/apps/demoapp/onboardings",
                "application/vnd.kii.OnboardingWithVendorThingIDByThing+json", user);
        rejectEverywhere("POST", target + "/commands", "application/vnd.kii.CommandCreationRequest+json", user);
        String command = emu.app().sendCommand(thingId, userId, "[{\"turnPower\":{\"power\":true}}]");
        String state = emu.app().command(thingId, command).state();
        rejectEverywhere("PUT", target + "/commands/" + command + "/action-results",
                "application/vnd.kii.CommandResultsUpdateRequest+json", thing);
        rejectEverywhere("PUT", target + "/states", "application/json", thing);
        assertEquals("the command still waits for valid results", state, emu.app().command(thingId, command).state());
        assertEquals(null, emu.app().command(thingId, command).actionResultsJson());
    }

    @Test
    public void theAdminEndpointAnswers400ToThem() {
        for (String body : BAD_BODIES) {
            Http.Resp r = http.post("/_emulator/rest/fail", "application/json", body);
            assertEquals(body + " -> " + r, 400, r.status());
        }
    }

    private static void rejectEverywhere(String method, String path, String contentType, String token,
            String... headers) {
        for (String body : BAD_BODIES) {
            String[] all = token == null ? headers : concat(bearer(token), headers);
            Http.Resp r = http.send(method, path, contentType, body, all);
            String what = method + " " + path + " with " + body + " -> " + r;
            assertEquals(what, 400, r.status());
            assertEquals(what, "INVALID_JSON", r.errorCode());
            assertTrue(what, r.json().get("message").getAsString().length() > 0);
            assertTrue(what, r.contentType().startsWith("application/vnd.kii.InvalidJsonException+json"));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
