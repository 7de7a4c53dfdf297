package io.kiipush.gateway.internal.onboarding;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.HttpsURLConnection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.config.ConfigField;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.failure.Classification;
import io.kiipush.gateway.internal.failure.FailureClassifier;

/**
 * {@link KiiHttp} over {@link HttpURLConnection}: explicit connect/read timeouts, the configured TLS trust and host
 * name check, and every network failure classified by the {@link FailureClassifier}. {@link #close()} aborts
 * exchanges in progress so deactivation does not wait for a read timeout.
 */
final class UrlConnectionHttp implements KiiHttp {

    private static final Logger logger = LoggerFactory.getLogger(UrlConnectionHttp.class);

    /** Kii answers are small JSON documents; anything bigger is not an answer we understand. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final Set<HttpURLConnection> open = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private volatile boolean closed;

    @Override
    public Response send(String method, String url, Map<String, String> headers, byte[] body,
            OnboardingSettings settings, String action) throws OnboardingException {
        if (closed) {
            throw OnboardingException.stopped();
        }
        URL u;
        try {
            u = new URL(url);
        } catch (MalformedURLException e) {
            throw new OnboardingException(ErrorKind.CONFIGURATION, "invalid Kii URL for " + action + ": check "
                    + ConfigField.SITE_URL);
        }
        long started = System.nanoTime();
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) u.openConnection();
            open.add(c);
            if (closed) {
                throw OnboardingException.stopped();
            }
            c.setConnectTimeout(settings.connectTimeoutMs);
            c.setReadTimeout(settings.readTimeoutMs);
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
                if (!settings.verifyHostname) {
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
                logCall(method, u, e.responseCode(), started);
                return new Response(e.responseCode(), null, "");
            }
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            Response r = new Response(status, c.getHeaderFields(), in == null ? "" : read(in));
            logCall(method, u, status, started);
            return r;
        } catch (IOException e) {
            if (closed) {
                throw OnboardingException.stopped();
            }
            logger.debug("Kii call {} {} failed: {}", method, u.getPath(), e.toString());
            throw networkFailure(e, settings, u, action);
        } finally {
            if (c != null) {
                open.remove(c);
                c.disconnect();
            }
        }
    }

    /**
     * @param e what the exchange threw
     * @param settings the settings of the call
     * @param u the URL called
     * @param action what the call did
     * @return the failure, classified with Kii's REST API as the peer
     */
    static OnboardingException networkFailure(IOException e, OnboardingSettings settings, URL u, String action) {
        String hostPort = u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : u.getDefaultPort());
        Classification f = FailureClassifier.classify(e,
                OnboardingPeers.rest(settings, u.getHost(), hostPort).during(action));
        return new OnboardingException(f.kind(), f.message(), null, 0, e);
    }

    @Override
    public void close() {
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
}
