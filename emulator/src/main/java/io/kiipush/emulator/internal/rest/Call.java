package io.kiipush.emulator.internal.rest;

import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import io.kiipush.emulator.Scope;
import io.kiipush.emulator.internal.service.TokenService;
import io.kiipush.emulator.internal.service.KiiError;
import io.kiipush.emulator.internal.service.KiiException;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.util.Json;

/** One routed request: path parameters plus lazily resolved app and principal. */
public final class Call {

    private final RestRequest request;
    private final Map<String, String> params;
    private final TokenService tokens;
    private Principal principal;
    private boolean resolved;

    Call(RestRequest request, Map<String, String> params, TokenService tokens) {
        this.request = request;
        this.params = params;
        this.tokens = tokens;
    }

    public RestRequest request() {
        return request;
    }

    public String param(String name) {
        return params.get(name);
    }

    public String app() {
        return params.get("app");
    }

    /** @return the bearer token's principal (403 WRONG_TOKEN if invalid), the implicit one, or {@code null} */
    public Principal principal() {
        if (!resolved) {
            resolved = true;
            String token = bearerToken(request);
            if (token != null) {
                principal = tokens.resolveToken(app(), token);
            } else {
                principal = request.implicitPrincipal();
            }
        }
        return principal;
    }

    /** @return the principal if it was resolved during handling (for records) */
    Principal resolvedPrincipal() {
        return principal;
    }

    static String bearerToken(RestRequest request) {
        String auth = request.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    /** @return the scope from the {@code su}/{@code sg}/{@code st} path parameters (app scope when none) */
    public Scope scope() {
        if (params.containsKey("su")) {
            return Scope.user(params.get("su"));
        }
        if (params.containsKey("sg")) {
            return Scope.group(params.get("sg"));
        }
        if (params.containsKey("st")) {
            return Scope.thing(params.get("st"));
        }
        return Scope.app();
    }

    /** @return an integer query parameter, or {@code null} when absent; 400 INVALID_INPUT_DATA when not a number */
    public Integer intQueryParam(String name) {
        String v = request.queryParam(name);
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw KiiException.of(KiiError.INVALID_INPUT_DATA, name + " must be a number", "field", name);
        }
    }

    /** @return the body as a JSON object; an empty body gives an empty object; anything else is 400 INVALID_JSON */
    public JsonObject json() {
        if (request.body().length == 0 || request.bodyText().isBlank()) {
            return new JsonObject();
        }
        return requiredJson();
    }

    /** @return the body as a JSON object; 400 INVALID_JSON when empty, not strict JSON or not an object */
    public JsonObject requiredJson() {
        try {
            return Json.parseObject(request.bodyText());
        } catch (JsonParseException e) {
            throw KiiException.invalidJson(e);
        }
    }
}
