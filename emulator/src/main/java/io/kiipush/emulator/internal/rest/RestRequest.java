package io.kiipush.emulator.internal.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.kiipush.emulator.internal.state.Principal;

/**
 * A transport-neutral REST request (HTTP or API via MQTT).
 *
 * @param transport {@code HTTP} or {@code MQTT}
 * @param method upper-case method
 * @param path percent-decoded path
 * @param query raw query string or {@code null}
 * @param headers header name (any case) → values
 * @param body request body (never {@code null})
 * @param implicitPrincipal who the caller is when it sends no token (the anonymous API-via-MQTT connection), or
 *        {@code null}
 */
public record RestRequest(String transport, String method, String path, String query, Map<String, List<String>> headers,
        byte[] body, Principal implicitPrincipal) {

    public RestRequest {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null) {
                    h.put(k, v);
                }
            });
        }
        headers = h;
        body = body == null ? new byte[0] : body;
        method = method.toUpperCase(Locale.ROOT);
    }

    /** @return the first value of the header, or {@code null} */
    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String contentType() {
        return header("Content-Type");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return the first value of a query parameter, percent-decoded, or {@code null} */
    public String queryParam(String name) {
        if (query == null) {
            return null;
        }
        for (String kv : query.split("&")) {
            if (kv.startsWith(name + "=")) {
                return URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
