package io.kiipush.emulator.internal.rest;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.emulator.AuthKind;
import io.kiipush.emulator.RecordedRequest;
import io.kiipush.emulator.internal.service.KiiError;
import io.kiipush.emulator.internal.service.KiiException;
import io.kiipush.emulator.internal.state.Principal;

/** Routes a {@link RestRequest} to the Kii services, maps failures to Kii error answers and records the call. */
public final class RestApi {

    private static final Logger logger = LoggerFactory.getLogger(RestApi.class);
    private static final int MAX_RECORDED_BODY = 64 * 1024;

    private final Router router = new Router();
    private final Services services;
    private final BoundedLog<RecordedRequest> log;

    public RestApi(Services services, BoundedLog<RecordedRequest> log) {
        this.services = services;
        this.log = log;
        AccountRoutes.register(router, services);
        ScopedRoutes.register(router, services);
        ThingIfRoutes.register(router, services);
    }

    /** Handles and records one request. Never throws. */
    public RestResponse handle(RestRequest request) {
        Router.Match m = router.match(request.method(), request.path());
        Call call = null;
        RestResponse response;
        try {
            if (m.handler() == null) {
                throw m.pathKnown()
                        ? KiiException.of(KiiError.METHOD_NOT_ALLOWED, request.method() + " is not supported here")
                        : KiiException.of(KiiError.NOT_FOUND, "No such resource: " + request.path());
            }
            call = new Call(request, m.params(), services.tokens());
            response = m.handler().handle(call);
        } catch (KiiException e) {
            response = RestResponse.error(e);
        } catch (com.google.gson.JsonParseException | IllegalStateException | UnsupportedOperationException
                | ClassCastException | NumberFormatException e) {
            response = RestResponse.error(KiiException.of(KiiError.INVALID_INPUT_DATA, "Invalid input: " + e.getMessage()));
        } catch (RuntimeException e) {
            logger.warn("{} {} failed", request.method(), request.path(), e);
            response = RestResponse.error(KiiException.of(KiiError.UNDEFINED_ERROR, "Internal error"));
        }
        record(request, response, call == null ? null : call.resolvedPrincipal());
        logger.debug("{} {} {} -> {}", request.transport(), request.method(), request.path(), response.status());
        return response;
    }

    /** Answers an injected failure for {@code request} (and records it). */
    public RestResponse injected(RestRequest request, int status) {
        RestResponse response = RestResponse.error(KiiException.injected(status));
        record(request, response, null);
        return response;
    }

    private void record(RestRequest request, RestResponse response, Principal principal) {
        String body = request.bodyText();
        if (body.length() > MAX_RECORDED_BODY) {
            body = body.substring(0, MAX_RECORDED_BODY);
        }
        log.add(new RecordedRequest(Instant.now(), request.transport(), request.method(), request.path(),
                request.query(), request.contentType(), authKind(request), principal == null ? null : principal.label(),
                response.status(), response.errorCode(), body));
    }

    static AuthKind authKind(RestRequest request) {
        String auth = request.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return AuthKind.BEARER;
        }
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return AuthKind.BASIC;
        }
        if (request.header("X-Kii-AppID") != null) {
            return AuthKind.APP_HEADERS;
        }
        return AuthKind.NONE;
    }
}
