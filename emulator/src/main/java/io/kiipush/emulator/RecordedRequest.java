package io.kiipush.emulator;

import java.time.Instant;

/**
 * One REST call the emulator answered (admin {@code /_emulator} calls are not recorded).
 *
 * @param time when the request arrived
 * @param transport {@code HTTP} or {@code MQTT} (API via MQTT)
 * @param method HTTP method
 * @param path decoded path, e.g. {@code /api/apps/a1/installations}
 * @param query raw query string or {@code null}
 * @param contentType request Content-Type or {@code null}
 * @param authKind how the request identified itself
 * @param principal who the token belongs to ({@code user:ID}, {@code thing:ID}, {@code admin}, {@code anonymous}) or
 *        {@code null}
 * @param status HTTP status answered
 * @param errorCode Kii {@code errorCode} of an error answer, or {@code null}
 * @param body request body as UTF-8 text (may contain passwords; kept in memory only)
 */
public record RecordedRequest(Instant time, String transport, String method, String path, String query,
        String contentType, AuthKind authKind, String principal, int status, String errorCode, String body) {

    @Override
    public String toString() {
        return method + " " + path + " -> " + status + (errorCode == null ? "" : " " + errorCode) + " [" + authKind
                + (principal == null ? "" : " " + principal) + (contentType == null ? "" : ", " + contentType) + "]";
    }
}
