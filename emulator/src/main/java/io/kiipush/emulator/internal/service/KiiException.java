package io.kiipush.emulator.internal.service;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import io.kiipush.emulator.internal.util.Json;

/**
 * A Kii error answer: status, {@code {errorCode, message, ...}} body and its
 * {@code application/vnd.kii.{Name}Exception+json} content type. OAuth errors use the OAuth shape instead.
 */
public final class KiiException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Pattern POSITION = Pattern.compile("line \\d+ column \\d+");

    private final int status;
    private final String errorCode;
    private final String contentType;
    private final JsonObject body;

    private KiiException(int status, String errorCode, String contentType, JsonObject body, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.contentType = contentType;
        this.body = body;
    }

    /**
     * @param error the Kii error
     * @param message human-readable message
     * @param extra extra body fields as key, value pairs ({@code null} values skipped)
     * @return the exception
     */
    public static KiiException of(KiiError error, String message, Object... extra) {
        JsonObject body = Json.obj("errorCode", error.name(), "message", message);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            Json.put(body, (String) extra[i], extra[i + 1]);
        }
        return new KiiException(error.status(), error.name(), "application/vnd.kii." + error.exceptionName() + "+json",
                body, message);
    }

    /**
     * 400 {@code INVALID_JSON}: a body that is not strict JSON or not a JSON object (Kii's exception name for it,
     * {@code InvalidJsonException}, follows its naming rule; UNCONFIRMED).
     */
    public static KiiException invalidJson(JsonParseException cause) {
        Matcher at = POSITION.matcher(String.valueOf(cause.getMessage()));
        return of(KiiError.INVALID_JSON, "The request body is not a valid JSON object" + (at.find() ? " (" + at.group()
                + ")" : ""));
    }

    /** OAuth token endpoint failure: 400 {@code invalid_grant} (the shape the JS SDK's error parser expects). */
    public static KiiException invalidGrant(String description) {
        JsonObject body = Json.obj("errorCode", "invalid_grant", "error", "invalid_grant", "error_description",
                description, "message", description);
        return new KiiException(400, "invalid_grant", "application/json;charset=UTF-8", body, description);
    }

    /** OAuth client failure: 401 {@code invalid_client}. */
    public static KiiException invalidClient(String description) {
        JsonObject body = Json.obj("errorCode", "invalid_client", "error", "invalid_client", "error_description",
                description, "message", description);
        return new KiiException(401, "invalid_client", "application/json;charset=UTF-8", body, description);
    }

    /**
     * An injected failure with an arbitrary status; 429 carries no body, as on the real service.
     *
     * @param status HTTP status
     * @return the exception
     */
    public static KiiException injected(int status) {
        if (status == 429) {
            return new KiiException(429, null, null, null, "rate limited (injected)");
        }
        KiiError e = switch (status) {
            case 503 -> KiiError.RESOURCE_TEMPORARILY_UNAVAILABLE;
            case 500 -> KiiError.UNDEFINED_ERROR;
            default -> null;
        };
        if (e != null) {
            KiiException k = of(e, "injected failure");
            return new KiiException(status, k.errorCode, k.contentType, k.body, k.getMessage());
        }
        String code = status >= 500 ? "UNDEFINED_ERROR" : "INJECTED_ERROR";
        return new KiiException(status, code, "application/vnd.kii.UndefinedException+json",
                Json.obj("errorCode", code, "message", "injected failure"), "injected failure");
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    /** @return the content type, or {@code null} when there is no body */
    public String contentType() {
        return contentType;
    }

    /** @return the body bytes (empty when there is none) */
    public byte[] bodyBytes() {
        return body == null ? new byte[0] : Json.text(body).getBytes(StandardCharsets.UTF_8);
    }

    public JsonObject body() {
        return body;
    }
}
