package io.kiipush.gateway.itests.support;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The Felix Web Console with the Kii Push plugin in the framework under test, and a small HTTP client for it. The
 * same web console, HTTP service and helpers as the local gateway (deploy/local-gateway/pom.xml: keep the versions in
 * step, and in itests/pom.xml's prefetch list); Jetty 11 logs through slf4j 2 (to
 * slf4j-simple, found through SPI Fly).
 * The HTTP service listens on 127.0.0.1, on a port the system picks (0); {@link #baseUrl} reads the one it got.
 */
public final class WebConsole {

    /** The web console's default login (not configured here). */
    public static final String LOGIN = "admin:admin";

    private WebConsole() {
    }

    /** @return the HTTP service, the web console and the plugin bundle from the reactor (driver side) */
    public static Option options() {
        return composite(
                frameworkProperty("org.osgi.service.http.port").value("0"),
                frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
                mavenBundle("org.ow2.asm", "asm").version("9.7.1"),
                mavenBundle("org.ow2.asm", "asm-commons").version("9.7.1"),
                mavenBundle("org.ow2.asm", "asm-util").version("9.7.1"),
                mavenBundle("org.ow2.asm", "asm-tree").version("9.7.1"),
                mavenBundle("org.ow2.asm", "asm-analysis").version("9.7.1"),
                mavenBundle("org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.bundle").version("1.3.7"),
                mavenBundle("org.slf4j", "slf4j-api").version("2.0.17"),
                mavenBundle("org.slf4j", "slf4j-simple").version("2.0.17"),
                mavenBundle("org.apache.felix", "org.apache.felix.http.servlet-api").version("3.0.0"),
                mavenBundle("commons-fileupload", "commons-fileupload").version("1.6.0"),
                mavenBundle("commons-io", "commons-io").version("2.18.0"),
                mavenBundle("org.apache.felix", "org.apache.felix.http.jetty").version("5.2.2"),
                mavenBundle("org.owasp.encoder", "encoder").version("1.3.1"),
                mavenBundle("org.apache.felix", "org.apache.felix.inventory").version("2.0.0"),
                mavenBundle("org.apache.felix", "org.apache.felix.webconsole").version("5.0.18"),
                reactorBundle("kiipush.consoleBundle"));
    }

    /**
     * @param context a bundle context in the framework
     * @param within how long the HTTP service may take to start
     * @return e.g. {@code http://127.0.0.1:41234}, as the HTTP runtime announces it
     */
    public static String baseUrl(BundleContext context, Duration within) throws InterruptedException, InvalidSyntaxException {
        ServiceTracker<Object, Object> t = new ServiceTracker<>(context, context.createFilter("(osgi.http.endpoint=*)"), null);
        t.open();
        try {
            if (t.waitForService(within.toMillis()) == null) {
                throw new IllegalStateException("no HTTP runtime with an osgi.http.endpoint within " + within);
            }
            Object endpoint = t.getServiceReference().getProperty("osgi.http.endpoint");
            String url = endpoint instanceof String[] ? ((String[]) endpoint)[0] : String.valueOf(endpoint);
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        } finally {
            t.close();
        }
    }

    /** A status, the Location header and the body of one answer. */
    public static final class Response {
        public final int status;
        public final String location;
        public final String body;

        Response(int status, String location, String body) {
            this.status = status;
            this.location = location;
            this.body = body;
        }

        @Override
        public String toString() {
            return status + (location == null ? "" : " -> " + location) + "\n" + body;
        }
    }

    /**
     * @param url the URL
     * @param login {@code user:password}, or {@code null} for none
     * @return the answer (redirects not followed)
     */
    public static Response get(String url, String login) throws IOException {
        return exchange(url, login, null, null);
    }

    /**
     * @param url the URL
     * @param login {@code user:password}
     * @param form an {@code application/x-www-form-urlencoded} body
     * @return the answer (redirects not followed)
     */
    public static Response post(String url, String login, String form) throws IOException {
        return exchange(url, login, form, null);
    }

    /**
     * @param url the URL
     * @param login {@code user:password}
     * @param form an {@code application/x-www-form-urlencoded} body
     * @param referer the {@code Referer} header a browser would send from the page that posts (HttpURLConnection
     *        does not send an {@code Origin} header it is given)
     * @return the answer (redirects not followed)
     */
    public static Response post(String url, String login, String form, String referer) throws IOException {
        return exchange(url, login, form, referer);
    }

    private static Response exchange(String url, String login, String form, String referer) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        c.setInstanceFollowRedirects(false);
        if (login != null) {
            c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
        }
        if (referer != null) {
            c.setRequestProperty("Referer", referer);
        }
        if (form != null) {
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            try (OutputStream out = c.getOutputStream()) {
                out.write(form.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(readAll(in), StandardCharsets.UTF_8);
            return new Response(status, c.getHeaderField("Location"), body);
        } finally {
            c.disconnect();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (InputStream i = in) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = i.read(buf)) > 0;) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    // The reactor's freshly built jar, as ItestSupport takes the gateway bundle.
    private static Option reactorBundle(String property) {
        String path = System.getProperty(property);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("System property " + property + " must point to the built jar (run through Maven): " + path);
        }
        return bundle(new File(path).toURI().toString());
    }
}
