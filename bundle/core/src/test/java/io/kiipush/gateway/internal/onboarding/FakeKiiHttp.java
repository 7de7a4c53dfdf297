package io.kiipush.gateway.internal.onboarding;

import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * {@link KiiHttp} answered by a {@link KiiModel} in memory: no socket, no thread. A reply that would hang on a real
 * socket fails as a read timeout does over {@link UrlConnectionHttp}, classified the same way.
 */
final class FakeKiiHttp implements KiiHttp {

    private final KiiModel kii;
    private volatile boolean closed;

    FakeKiiHttp(KiiModel kii) {
        this.kii = kii;
    }

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
            throw new IllegalArgumentException(url, e);
        }
        Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
        headers.forEach((name, value) -> requestHeaders.put(name, Collections.singletonList(value)));
        KiiModel.Reply reply = kii.answer(new KiiModel.Req(method, u.getPath(), requestHeaders,
                body == null ? "" : new String(body, StandardCharsets.UTF_8)));
        if (reply.hang) {
            throw UrlConnectionHttp.networkFailure(new SocketTimeoutException("Read timed out"), settings, u, action);
        }
        Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
        reply.headers.forEach((name, value) -> responseHeaders.put(name, Collections.singletonList(value)));
        return new Response(reply.status, responseHeaders, reply.body);
    }

    @Override
    public void close() {
        closed = true;
    }
}
