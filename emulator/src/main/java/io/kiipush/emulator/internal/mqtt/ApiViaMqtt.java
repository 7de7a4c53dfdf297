package io.kiipush.emulator.internal.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.kiipush.emulator.internal.rest.RestApi;
import io.kiipush.emulator.internal.rest.RestRequest;
import io.kiipush.emulator.internal.rest.RestResponse;
import io.kiipush.emulator.internal.state.Principal;

/**
 * "API via MQTT" (docs/kii-protocol.md §7): a request PUBLISHed to {@code p/{clientId}/{thing-if|api}/apps/...} with the
 * payload {@code METHOD\r\nHeader: v\r\n\r\nbody} becomes a REST call; the answer is {@code status\r\nHeader: v\r\n\r\nbody}.
 */
public final class ApiViaMqtt {

    private final RestApi api;

    public ApiViaMqtt(RestApi api) {
        this.api = api;
    }

    /** @return the REST path for a request topic, or {@code null} when the topic is not {@code p/{clientId}/...} */
    static String pathOf(String topic, String clientId) {
        String prefix = "p/" + clientId + "/";
        if (clientId == null || !topic.startsWith(prefix)) {
            return null;
        }
        String rest = topic.substring(prefix.length());
        if (rest.startsWith("thing-if/") || rest.startsWith("api/")) {
            return "/" + rest;
        }
        return "/api/" + rest;
    }

    /**
     * @param path REST path
     * @param payload request payload
     * @param implicit principal for requests without a token (the anonymous default-broker connection), or null
     * @return the response payload
     */
    byte[] handle(String path, byte[] payload, Principal implicit) {
        String text = new String(payload, StandardCharsets.UTF_8);
        int sep = text.indexOf("\r\n\r\n");
        int skip = 4;
        int lf = text.indexOf("\n\n");
        if (sep < 0 || (lf >= 0 && lf < sep)) {
            sep = lf;
            skip = 2;
        }
        String head = sep < 0 ? text : text.substring(0, sep);
        String body = sep < 0 ? "" : text.substring(sep + skip);
        String[] lines = head.split("\r?\n");
        String method = lines.length == 0 ? "GET" : lines[0].trim();
        Map<String, List<String>> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        RestRequest req = new RestRequest("MQTT", method.isEmpty() ? "GET" : method, path, null, headers,
                body.getBytes(StandardCharsets.UTF_8), implicit);
        RestResponse resp = api.handle(req);
        return format(resp, req.header("X-Kii-RequestID"));
    }

    static byte[] format(RestResponse resp, String requestId) {
        StringBuilder sb = new StringBuilder();
        sb.append(resp.status()).append("\r\n");
        resp.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (requestId != null) {
            sb.append("X-Kii-RequestID: ").append(requestId).append("\r\n");
        }
        sb.append("\r\n");
        byte[] headBytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[headBytes.length + resp.body().length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(resp.body(), 0, out, headBytes.length, resp.body().length);
        return out;
    }
}
