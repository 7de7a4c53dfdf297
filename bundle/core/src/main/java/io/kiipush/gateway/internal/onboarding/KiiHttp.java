package io.kiipush.gateway.internal.onboarding;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;

import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * One HTTP exchange with Kii Cloud: the transport under {@link KiiRestClient}. {@link UrlConnectionHttp} is the real
 * one; tests script answers without a server.
 */
interface KiiHttp {

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
            String action) throws OnboardingException;

    /** Aborts every exchange in progress and refuses new ones. */
    void close();

    /** An HTTP answer: status, headers and body text. */
    final class Response {
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
}
