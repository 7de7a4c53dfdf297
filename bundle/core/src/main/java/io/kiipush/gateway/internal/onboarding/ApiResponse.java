package io.kiipush.gateway.internal.onboarding;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A response of API via MQTT: status line, headers, blank line, body (CRLF or LF line ends; docs/kii-protocol.md
 * §7).
 */
final class ApiResponse {

    final int status;
    /** Header values by lower-case name. */
    final Map<String, String> headers;
    final String body;

    private ApiResponse(int status, Map<String, String> headers, String body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** @return the response, or {@code null} if the payload is not one (e.g. our own request echoed back) */
    static ApiResponse parse(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        String head;
        String body;
        if (crlf >= 0 && (lf < 0 || crlf < lf)) {
            head = text.substring(0, crlf);
            body = text.substring(crlf + 4);
        } else if (lf >= 0) {
            head = text.substring(0, lf);
            body = text.substring(lf + 2);
        } else {
            int brace = text.indexOf('{');
            head = brace >= 0 ? text.substring(0, brace) : text;
            body = brace >= 0 ? text.substring(brace) : "";
        }
        String[] lines = head.split("\r?\n");
        int status = statusOf(lines[0].trim());
        if (status < 0) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return new ApiResponse(status, headers, body.trim());
    }

    private static int statusOf(String line) {
        String s = line.startsWith("HTTP/") && line.indexOf(' ') > 0 ? line.substring(line.indexOf(' ') + 1) : line;
        if (s.length() < 3) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return -1;
            }
        }
        if (s.length() > 3 && s.charAt(3) != ' ') {
            return -1;
        }
        return Integer.parseInt(s.substring(0, 3));
    }

    /** @return false only when the response names another request */
    boolean answers(String requestId) {
        String id = headers.get("x-kii-requestid");
        return id == null || id.equals(requestId);
    }
}
