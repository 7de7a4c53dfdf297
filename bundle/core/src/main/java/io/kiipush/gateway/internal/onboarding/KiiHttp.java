package io.kiipush.gateway.internal.onboarding;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * One HTTP exchange with Kii Cloud over {@link HttpURLConnection}: explicit connect/read timeouts, the configured TLS
 * trust and host name check, and every network failure turned into a classified {@link OnboardingException}.
 * {@link #close()} aborts exchanges in progress so deactivation does not wait for a read timeout.
 */
final class KiiHttp {

    private static final Logger logger = LoggerFactory.getLogger(KiiHttp.class);

    /** Kii answers are small JSON documents; anything bigger is not an answer we understand. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    /** An HTTP answer: status, headers and body text. */
    static final class Response {
        final int status;
        private final Map<String, List<String>> headers;
        final String body;
        private JsonObject json;
        private boolean parsed;

        Response(int status, Map<String, List<String>> headers, String body) {
            this.status = status;
            this.headers = headers == null ? Collections.<String, List<String>>emptyMap() : headers;
            this.body = body == null ? "" : body;
        }

        boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** @return the first value of a header (name case-insensitive), or {@code null} */
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** @return the body as a JSON object, or {@code null} if it is not one */
        JsonObject json() {
            if (!parsed) {
                json = KiiJson.parseObject(body);
                parsed = true;
            }
            return json;
        }

        /** @return Kii's {@code errorCode} (or an OAuth {@code error}), or {@code null} */
        String errorCode() {
            JsonObject o = json();
            return o == null ? null : KiiJson.string(o, "errorCode", "error");
        }

        /** @return Kii's {@code message} (or an OAuth {@code error_description}), or {@code null} */
        String kiiMessage() {
            JsonObject o = json();
            return o == null ? null : KiiJson.string(o, "message", "error_description");
        }
    }

    private final Set<HttpURLConnection> open = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private volatile boolean closed;

    /**
     * @param method HTTP method
     * @param url absolute URL (never contains a secret)
     * @param headers request headers (may contain secrets: never logged)
     * @param body request body, {@code null} for none
     * @param settings timeouts and TLS settings
     * @param action what the call does, for messages ("the login of user 'bob'")
     * @return the answer, whatever its status
     * @throws OnboardingException on any network or TLS failure, classified
     */
    Response send(String method, String url, Map<String, String> headers, byte[] body, OnboardingSettings settings,
            String action) throws OnboardingException {
        if (closed) {
            throw OnboardingService.stopped();
        }
        URL u;
        try {
            u = new URL(url);
        } catch (MalformedURLException e) {
            throw new OnboardingException(ErrorKind.CONFIGURATION,
                    "invalid Kii URL for " + action + ": check site.url");
        }
        String hostPort = u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : u.getDefaultPort());
        long started = System.nanoTime();
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) u.openConnection();
            open.add(c);
            if (closed) {
                throw OnboardingService.stopped();
            }
            c.setConnectTimeout(settings.connectTimeoutMs());
            c.setReadTimeout(settings.readTimeoutMs());
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            c.setRequestMethod(method);
            for (Map.Entry<String, String> h : headers.entrySet()) {
                c.setRequestProperty(h.getKey(), h.getValue());
            }
            if (c instanceof HttpsURLConnection) {
                HttpsURLConnection https = (HttpsURLConnection) c;
                if (settings.sslSocketFactory() != null) {
                    https.setSSLSocketFactory(settings.sslSocketFactory());
                }
                if (!settings.verifyHostname()) {
                    https.setHostnameVerifier((host, session) -> true);
                }
            }
            if (body != null) {
                // Buffered, not streaming: in streaming mode every 401 becomes an HttpRetryException without
                // Kii's error body. Every POST we send is idempotent for Kii (same thing, same MQTT installation).
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status;
            try {
                status = c.getResponseCode();
            } catch (HttpRetryException e) {
                // An authentication challenge HttpURLConnection cannot answer: still an answer for us.
                Response r = new Response(e.responseCode(), null, "");
                logCall(method, u, r.status, started);
                return r;
            }
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = in == null ? "" : read(in);
            Response r = new Response(status, c.getHeaderFields(), text);
            logCall(method, u, status, started);
            return r;
        } catch (IOException e) {
            if (closed) {
                throw OnboardingService.stopped();
            }
            logger.debug("Kii call {} {} failed: {}", method, u.getPath(), e.toString());
            throw classify(e, u.getHost(), hostPort, action, settings, "site.url", "http.connectTimeoutMs",
                    "http.readTimeoutMs");
        } finally {
            if (c != null) {
                open.remove(c);
                c.disconnect();
            }
        }
    }

    /** Aborts every exchange in progress and refuses new ones. */
    void close() {
        closed = true;
        for (HttpURLConnection c : open) {
            c.disconnect();
        }
    }

    private static void logCall(String method, URL u, int status, long startedNanos) {
        if (logger.isDebugEnabled()) {
            logger.debug("Kii call {} {} -> {} in {} ms", method, u.getPath(), status,
                    (System.nanoTime() - startedNanos) / 1_000_000);
        }
    }

    private static String read(InputStream in) throws IOException {
        try (InputStream input = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = input.read(buffer)) > 0) {
                if (out.size() + n > MAX_BODY_BYTES) {
                    throw new IOException("answer larger than " + MAX_BODY_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return new String(out.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Classifies a network failure of an HTTPS or MQTT exchange.
     *
     * @param e the failure
     * @param host host name connected to
     * @param hostPort host and port, for messages
     * @param action what was being done
     * @param settings for the trust source and timeouts
     * @param urlKey the configuration key naming the address ({@code site.url} or {@code mqttApi.broker})
     * @param connectKey configuration key of the connect timeout
     * @param readKey configuration key of the read timeout
     * @return the classified exception
     */
    static OnboardingException classify(Throwable e, String host, String hostPort, String action,
            OnboardingSettings settings, String urlKey, String connectKey, String readKey) {
        if (isTrustFailure(e)) {
            String trustedBy = settings.caFile().isEmpty() ? "the JVM default trust store"
                    : "the CA file '" + settings.caFile() + "' (tls.caFile)";
            return new OnboardingException(ErrorKind.CONFIGURATION, "the TLS certificate of " + host
                    + " is not trusted by " + trustedBy + " during " + action + ": set tls.caFile to a PEM file with "
                    + "the CA that signed the server certificate", null, 0, e);
        }
        if (isHostnameFailure(e)) {
            return new OnboardingException(ErrorKind.CONFIGURATION, "the TLS certificate of " + hostPort
                    + " does not name host '" + host + "' during " + action + ": use the host name the certificate "
                    + "was issued for in " + urlKey + ", or set tls.verifyHostname=false (insecure)", null, 0, e);
        }
        if (messageContains(e, "Unrecognized SSL message") || messageContains(e, "plaintext connection")) {
            return new OnboardingException(ErrorKind.CONFIGURATION, hostPort + " does not speak TLS during " + action
                    + ": check the scheme (https/ssl or http/tcp) of " + urlKey, null, 0, e);
        }
        if (find(e, SocketTimeoutException.class) != null) {
            boolean connect = messageContains(e, "connect timed out");
            return new OnboardingException(ErrorKind.TRANSIENT, connect
                    ? "no connection to " + hostPort + " within " + settings.connectTimeoutMs() + " ms (" + connectKey
                            + ") during " + action
                    : hostPort + " did not answer " + action + " within " + settings.readTimeoutMs() + " ms ("
                            + readKey + ")", null, 0, e);
        }
        if (find(e, ConnectException.class) != null || find(e, NoRouteToHostException.class) != null) {
            return new OnboardingException(ErrorKind.TRANSIENT, "cannot connect to " + hostPort + " ("
                    + rootMessage(e) + ") during " + action + ": check the network and " + urlKey, null, 0, e);
        }
        if (find(e, UnknownHostException.class) != null) {
            return new OnboardingException(ErrorKind.TRANSIENT, "cannot resolve host name '" + host + "' during "
                    + action + ": check DNS and " + urlKey, null, 0, e);
        }
        if (find(e, SSLException.class) != null) {
            return new OnboardingException(ErrorKind.TRANSIENT, "TLS handshake with " + hostPort + " failed during "
                    + action + " (" + rootMessage(e) + ")", null, 0, e);
        }
        return new OnboardingException(ErrorKind.TRANSIENT, "network error with " + hostPort + " during " + action
                + " (" + e.getClass().getSimpleName() + ": " + rootMessage(e) + ")", null, 0, e);
    }

    private static boolean isTrustFailure(Throwable e) {
        return find(e, CertPathBuilderException.class) != null || find(e, CertPathValidatorException.class) != null
                || messageContains(e, "PKIX path") || messageContains(e, "unable to find valid certification path");
    }

    private static boolean isHostnameFailure(Throwable e) {
        return messageContains(e, "No subject alternative") || messageContains(e, "No name matching")
                || messageContains(e, "HTTPS hostname wrong");
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean messageContains(Throwable e, String fragment) {
        String f = fragment.toLowerCase(Locale.ROOT);
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(f)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
