package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.IDENTITY_MODE;
import static io.kiipush.gateway.internal.config.ConfigField.TOKEN_OWNER;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.results.ThingChannel;

/**
 * The onboarding's side of the command results (docs/kii-protocol.md §6.4): whether the configured identity is a
 * thing, and the action-results call with the thing's token and ID from the identity's state. The lock is held only
 * to read the state, never during the call.
 */
final class ThingCommandCalls implements ThingChannel {

    static final String RESULTS_REQUEST = "application/vnd.kii.CommandResultsUpdateRequest+json";

    private final IdentityStore store;
    private final KiiHttp http;

    ThingCommandCalls(IdentityStore store, KiiHttp http) {
        this.store = store;
        this.http = http;
    }

    @Override
    public String cannotAnswer() {
        return cannotAnswer(store.settings().identity);
    }

    /**
     * @param id the configured identity
     * @return why it cannot answer Thing-IF commands, {@code null} when it is a thing or its mode is not valid yet
     */
    static String cannotAnswer(IdentityConfig id) {
        if (id == null || id.mode == null) {
            return null;
        }
        switch (id.mode) {
            case USER:
                return "the gateway's Kii identity is a user (" + IDENTITY_MODE + " USER); only the thing a command "
                        + "was sent to may answer it";
            case TOKEN:
                return id.tokenOwner == null || "thing".equals(id.tokenOwner.kind) ? null
                        : "the gateway's Kii identity is a user (" + TOKEN_OWNER + " " + id.tokenOwnerText
                                + "); only the thing a command was sent to may answer it";
            default:
                return null;
        }
    }

    @Override
    public Path dataDir() {
        return store.settings().dataDir;
    }

    @Override
    public Reply putActionResults(String commandId, String body) throws OnboardingException {
        OnboardingSettings s;
        String token;
        String thingId;
        synchronized (store.lock) {
            s = store.settings();
            IdentityStore.Identity id = store.current();
            if (id == null || store.isClosed()) {
                throw new OnboardingException(ErrorKind.CONFIGURATION, store.isClosed() ? "onboarding stopped"
                        : "the onboarding configuration is not valid (see kii:status)");
            }
            token = id.state.token;
            thingId = "thing".equals(id.state.ownerKind) ? id.state.ownerId : null;
        }
        if (token == null || thingId == null) {
            throw new OnboardingException(ErrorKind.TRANSIENT, "the thing has not onboarded yet");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("Content-Type", RESULTS_REQUEST);
        String url = s.restBase + "/thing-if/apps/" + s.appId + "/targets/thing:" + thingId + "/commands/" + commandId
                + "/action-results";
        KiiHttp.Response r = http.send("PUT", url, headers, body.getBytes(StandardCharsets.UTF_8), s,
                "the action results of command '" + commandId + "'");
        return new Reply(r.status, clean(r.errorCode(), token, 60), clean(r.kiiMessage(), token, 160));
    }

    private static String clean(String text, String token, int max) {
        return text == null ? null : KiiAnswers.clean(text, Collections.singletonList(token), max);
    }
}
