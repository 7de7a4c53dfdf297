package io.kiipush.emulator.internal.rest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonElement;

import io.kiipush.emulator.internal.service.KiiException;
import io.kiipush.emulator.internal.util.Json;

/** A REST answer: status, headers and body bytes. */
public final class RestResponse {

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;
    private String errorCode;

    private RestResponse(int status, byte[] body) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
    }

    public static RestResponse json(int status, JsonElement body, String contentType) {
        RestResponse r = new RestResponse(status, Json.bytes(body));
        r.headers.put("Content-Type", contentType.contains("charset") ? contentType : contentType + ";charset=UTF-8");
        return r;
    }

    public static RestResponse json(int status, JsonElement body) {
        return json(status, body, "application/json");
    }

    public static RestResponse empty(int status) {
        return new RestResponse(status, null);
    }

    public static RestResponse bytes(int status, byte[] body, String contentType) {
        RestResponse r = new RestResponse(status, body);
        r.headers.put("Content-Type", contentType);
        return r;
    }

    public static RestResponse text(int status, String text) {
        return bytes(status, text.getBytes(StandardCharsets.UTF_8), "text/plain;charset=UTF-8");
    }

    public static RestResponse error(KiiException e) {
        RestResponse r = new RestResponse(e.status(), e.bodyBytes());
        if (e.contentType() != null) {
            r.headers.put("Content-Type", e.contentType());
        }
        r.errorCode = e.errorCode();
        return r;
    }

    public RestResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    /** @return the Kii errorCode of an error answer, or {@code null} */
    public String errorCode() {
        return errorCode;
    }
}
