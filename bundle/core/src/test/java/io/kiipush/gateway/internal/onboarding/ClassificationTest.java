package io.kiipush.gateway.internal.onboarding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.onboarding.KiiModel.Reply;

/**
 * Every failure becomes CONFIGURATION, AUTHENTICATION or TRANSIENT with a message an operator can act on, over real
 * loopback sockets (HTTP and HTTPS with a generated CA).
 */
public class ClassificationTest extends AgainstKiiStub {

    private static final String TOKEN = "/api/apps/app1/oauth2/token";

    private OnboardingException fail(Map<String, Object> config) throws Exception {
        component = rig.start(config);
        OnboardingException e = Fixtures.failure(component.acquire());
        assertFalse("secret in message: " + e.getMessage(), e.getMessage().contains("S3CRET"));
        return e;
    }

    private static void assertFailure(OnboardingException e, ErrorKind kind, String... fragments) {
        assertEquals(e.getMessage(), kind, e.getKind());
        for (String f : fragments) {
            assertTrue("<" + f + "> not in: " + e.getMessage(), e.getMessage().contains(f));
        }
    }

    // ------------------------------------------------------------------ network

    @Test
    public void connectionRefusedIsTransient() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Map<String, Object> c = Fixtures.user(null, dir);
        c.put("site.url", "http://127.0.0.1:" + port);
        OnboardingException e = fail(c);
        assertFailure(e, ErrorKind.TRANSIENT, "cannot connect to 127.0.0.1:" + port, "check the network and Custom site URL (site.url)");
        assertEquals(0, e.getHttpStatus());
    }

    @Test
    public void readTimeoutIsTransientAndBounded() throws Exception {
        stub.enqueue("POST", TOKEN, Reply.hang());
        Map<String, Object> c = Fixtures.user(stub, dir);
        c.put("http.readTimeoutMs", 300);
        long started = System.nanoTime();
        OnboardingException e = fail(c);
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertFailure(e, ErrorKind.TRANSIENT, "did not answer the login of user 'bob' within 300 ms: check the network, or raise "
                + "HTTP read timeout (ms) (http.readTimeoutMs)");
        assertTrue("took " + ms + " ms", ms < 5000);
    }

    @Test
    public void unknownHostIsTransient() throws Exception {
        Map<String, Object> c = Fixtures.user(null, dir);
        c.put("site.url", "http://no-such-host.invalid:8080");
        assertFailure(fail(c), ErrorKind.TRANSIENT, "cannot resolve host name 'no-such-host.invalid'");
    }

    // ------------------------------------------------------------------ HTTP status

    @Test
    public void serverErrorIsTransient() throws Exception {
        stub.enqueue("POST", TOKEN, Reply.error(500, "UNDEFINED_ERROR", "Something broke"));
        OnboardingException e = fail(Fixtures.user(stub, dir));
        assertFailure(e, ErrorKind.TRANSIENT, "Kii answered the login of user 'bob' with a server error (500 "
                + "UNDEFINED_ERROR: Something broke)");
        assertEquals(500, e.getHttpStatus());
        assertEquals("UNDEFINED_ERROR", e.getKiiErrorCode());
    }

    @Test
    public void rateLimitIsTransient() throws Exception {
        stub.enqueue("POST", TOKEN, Reply.of(429, ""));
        assertFailure(fail(Fixtures.user(stub, dir)), ErrorKind.TRANSIENT, "rate-limiting application 'app1' (429)");
    }

    @Test
    public void wrongUserPasswordIsAuthentication() throws Exception {
        Map<String, Object> c = Fixtures.user(stub, dir);
        c.put("user.password", "wrong-S3CRET");
        OnboardingException e = fail(c);
        assertFailure(e, ErrorKind.AUTHENTICATION, "Kii refused the user credentials for username 'bob' (400 "
                + "invalid_grant", "check User name (user.username) and User password (user.password)");
        assertEquals(400, e.getHttpStatus());
    }

    @Test
    public void unauthorizedAndForbiddenAreAuthentication() throws Exception {
        stub.enqueue("POST", TOKEN, Reply.error(401, "UNAUTHORIZED", "no"), Reply.error(403, "USER_DISABLED", "off"));
        component = rig.start(Fixtures.user(stub, dir));
        assertFailure(Fixtures.failure(component.acquire()), ErrorKind.AUTHENTICATION, "(401 UNAUTHORIZED: no)");
        assertFailure(Fixtures.failure(component.acquire()), ErrorKind.AUTHENTICATION, "(403 USER_DISABLED: off)");
    }

    @Test
    public void wrongThingPasswordIsAuthenticationNamingTheThing() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("thing.password", "wrong-S3CRET");
        assertFailure(fail(c), ErrorKind.AUTHENTICATION,
                "Kii refused the thing credentials for vendorThingID 'vt-1' (400 invalid_grant",
                "check Thing password (thing.password)");
    }

    @Test
    public void wrongAppKeyIsAuthenticationNamingTheApp() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("app.key", "wrong-S3CRET");
        assertFailure(fail(c), ErrorKind.AUTHENTICATION, "Kii refused the application credentials of app 'app1' "
                + "(400 invalid_client", "check Application ID (app.id) and Application key (app.key)");
    }

    @Test
    public void unknownAppIsConfiguration() throws Exception {
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.put("app.id", "nope");
        OnboardingException e = fail(c);
        assertFailure(e, ErrorKind.CONFIGURATION, "Kii has no application 'nope' at localhost:" + stub.port()
                + " (404 APP_NOT_FOUND", "check Application ID (app.id) and Site (site)");
        assertEquals("APP_NOT_FOUND", e.getKiiErrorCode());
    }

    @Test
    public void wrongBasePathIsConfiguration() throws Exception {
        Map<String, Object> c = Fixtures.user(stub, dir);
        c.put("site.url", stub.baseUrl() + "/not-kii");
        assertFailure(fail(c), ErrorKind.CONFIGURATION, "answered the login of user 'bob' with (404",
                "check Site (site), Custom site URL (site.url) and Application ID (app.id)");
    }

    @Test
    public void unknownThingIdIsConfiguration() throws Exception {
        stub.enqueue("POST", ".*/onboardings", Reply.error(404, "THING_NOT_FOUND", "Thing th.x not found"));
        Map<String, Object> c = Fixtures.thing(stub, dir);
        c.remove("thing.vendorThingId");
        c.put("thing.id", "th.x");
        assertFailure(fail(c), ErrorKind.CONFIGURATION, "Kii knows no thing with thingID 'th.x'",
                "check Thing ID (thing.id), or use Thing vendorThingID (thing.vendorThingId)");
    }

    @Test
    public void unusableSuccessAnswerIsTransient() throws Exception {
        stub.enqueue("POST", TOKEN, Reply.of(200, "<html>maintenance</html>"));
        assertFailure(fail(Fixtures.user(stub, dir)), ErrorKind.TRANSIENT,
                "Kii's answer to the login of user 'bob' cannot be used (it has no 'access_token')");
    }

    @Test
    public void installationCreationRefusingTheFreshTokenIsAuthentication() throws Exception {
        stub.always("POST", ".*/installations", r -> Reply.error(403, "WRONG_TOKEN", "The provided token is not valid"));
        OnboardingException e = fail(Fixtures.user(stub, dir));
        assertFailure(e, ErrorKind.AUTHENTICATION, "Kii refused the access token of user:user-1 (403 WRONG_TOKEN");
        assertEquals("no loop: one login for the fresh token", 1, stub.count("POST", TOKEN));
    }

    @Test
    public void serverTextEchoingTheTokenIsRedacted() throws Exception {
        stub.always("GET", ".*/mqtt-endpoint", r -> Reply.error(500, "UNDEFINED_ERROR", "bad token " + r.bearer()));
        OnboardingException e = fail(Fixtures.user(stub, dir));
        assertFailure(e, ErrorKind.TRANSIENT, "(500 UNDEFINED_ERROR: bad token ***)");
    }

    // ------------------------------------------------------------------ TLS

    @Test
    public void untrustedServerCertificateIsConfigurationNamingTheTrustSource() throws Exception {
        TestCerts certs = TestCerts.create("Kii Test CA");
        stub = rig.stub(certs.serverContext("localhost", "127.0.0.1"));
        assertFailure(fail(Fixtures.user(stub, dir)), ErrorKind.CONFIGURATION,
                "the TLS certificate of localhost is not trusted by the JVM default trust store",
                "set CA file (tls.caFile) to a PEM file with the CA");
    }

    @Test
    public void certificateFromAnotherCaIsConfigurationNamingTheCaFile() throws Exception {
        TestCerts certs = TestCerts.create("Kii Test CA");
        stub = rig.stub(certs.serverContext("localhost", "127.0.0.1"));
        Path otherCa = TestCerts.create("Other CA").writeCaPem(rig.newFile("other.pem"));
        Map<String, Object> c = Fixtures.user(stub, dir);
        c.put("tls.caFile", otherCa.toString());
        assertFailure(fail(c), ErrorKind.CONFIGURATION, "is not trusted by the CA file '" + otherCa + "' (tls.caFile)");
    }

    @Test
    public void trustedCaFileWorksOverHttps() throws Exception {
        TestCerts certs = TestCerts.create("Kii Test CA");
        stub = rig.stub(certs.serverContext("localhost", "127.0.0.1"));
        Path ca = certs.writeCaPem(rig.newFile("ca.pem"));
        Map<String, Object> c = Fixtures.user(stub, dir);
        c.put("tls.caFile", ca.toString());
        component = rig.start(c);
        ConnectTarget t = Fixtures.get(component.acquire());
        assertTrue(stub.baseUrl().startsWith("https://"));
        assertTrue("the session gets the same trust", t.getSslSocketFactory() != null);
        assertEquals(3, stub.requests.size());
    }

    @Test
    public void hostNameMismatchIsConfigurationWhileVerificationIsOn() throws Exception {
        TestCerts certs = TestCerts.create("Kii Test CA");
        stub = rig.stub(certs.serverContext("kii.example.invalid"));
        Path ca = certs.writeCaPem(rig.newFile("ca.pem"));
        Map<String, Object> c = Fixtures.user(stub, dir);
        c.put("tls.caFile", ca.toString());
        assertFailure(fail(c), ErrorKind.CONFIGURATION, "the TLS certificate of localhost:" + stub.port()
                + " does not name host 'localhost'", "or set Verify host name (tls.verifyHostname) to false (insecure");
    }

    @Test
    public void hostNameMismatchIsAcceptedWithVerificationOff() throws Exception {
        TestCerts certs = TestCerts.create("Kii Test CA");
        stub = rig.stub(certs.serverContext("kii.example.invalid"));
        Path ca = certs.writeCaPem(rig.newFile("ca.pem"));
        Map<String, Object> c = Fixtures.user(stub, dir);
        c.put("tls.caFile", ca.toString());
        c.put("tls.verifyHostname", false);
        component = rig.start(c);
        ConnectTarget t = Fixtures.get(component.acquire());
        assertFalse(t.isVerifyHostname());
    }

    @Test
    public void httpsAgainstAPlainHttpServerIsConfiguration() throws Exception {
        // A plain HTTP server answers a TLS hello with a clear-text error (the JDK HttpServer would just stall).
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (java.net.Socket s = plain.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                } catch (java.io.IOException e) {
                    // the test fails on its own if nothing answers
                }
            }, "plain-http-server");
            t.setDaemon(true);
            t.start();
            Map<String, Object> c = Fixtures.user(null, dir);
            c.put("site.url", "https://localhost:" + plain.getLocalPort());
            assertFailure(fail(c), ErrorKind.CONFIGURATION, "localhost:" + plain.getLocalPort() + " does not speak TLS",
                    "check the scheme (https/ssl or http/tcp) of Custom site URL (site.url)");
            t.join(5000);
        }
    }
}
