package io.kiipush.emulator.internal.service;

import com.google.gson.JsonObject;

import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.CloudState;
import io.kiipush.emulator.internal.state.CloudState.TokenInfo;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.Thing;
import io.kiipush.emulator.internal.state.User;
import io.kiipush.emulator.internal.util.Ids;
import io.kiipush.emulator.internal.util.Json;

/** Access tokens: the OAuth grants of docs/kii-protocol.md §2 and the lookup of a bearer token's principal. */
public final class TokenService {

    private static final long NEVER = Integer.MAX_VALUE;

    private final Store store;

    public TokenService(Store store) {
        this.store = store;
    }

    /** Issues a token under the lock. */
    static String issueToken(CloudState state, Principal p, long expiresAt) {
        String token = Ids.accessToken();
        state.tokens.put(token, new TokenInfo(p, expiresAt));
        return token;
    }

    /**
     * @param appId the app the request addresses
     * @param token bearer token
     * @return its principal
     * @throws KiiException 403 WRONG_TOKEN when unknown, expired or issued for another app
     */
    public Principal resolveToken(String appId, String token) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            TokenInfo info = store.state().tokens.get(token);
            if (info == null || !info.principal().appId().equals(appId)
                    || (info.expiresAt() > 0 && info.expiresAt() < System.currentTimeMillis())) {
                throw KiiException.of(KiiError.WRONG_TOKEN, "The provided token is not valid", "appID", appId,
                        "accessToken", token);
            }
            Principal p = info.principal();
            boolean exists = switch (p.kind()) {
                case USER -> app.users.containsKey(p.id());
                case THING -> app.things.containsKey(p.id());
                default -> true;
            };
            if (!exists) {
                throw KiiException.of(KiiError.WRONG_TOKEN, "The provided token is not valid", "appID", appId,
                        "accessToken", token);
            }
            return p;
        });
    }

    /** Resource-owner password grant for users and ({@code VENDOR_THING_ID:}) things. */
    public JsonObject passwordGrant(String appId, String username, String password, Long expiresAt) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            if (username == null || password == null) {
                throw KiiException.invalidGrant("username and password are required");
            }
            Principal p;
            if (username.startsWith("VENDOR_THING_ID:") || username.startsWith("THING_ID:")) {
                Thing t = username.startsWith("THING_ID:") ? app.things.get(username.substring(9))
                        : Access.byVendorId(app, username.substring(16));
                if (t == null || !password.equals(t.password)) {
                    throw KiiException.invalidGrant("The thing was not found or a wrong password was provided");
                }
                p = new Principal(appId, Principal.Kind.THING, t.id);
            } else {
                User u = findLoginUser(app, username);
                if (u == null || u.password == null || !password.equals(u.password)) {
                    throw KiiException.invalidGrant("The user was not found or a wrong password was provided");
                }
                p = new Principal(appId, Principal.Kind.USER, u.id);
            }
            return tokenResponse(p, expiresAt);
        });
    }

    /** client_credentials: the app-admin client pair gives an admin token; {@code client_id = appID} gives an anonymous one. */
    public JsonObject clientCredentials(String appId, String clientId, String clientSecret, Long expiresAt) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            if (app.credentials.clientId().equals(clientId)) {
                if (!app.credentials.clientSecret().equals(clientSecret)) {
                    throw KiiException.invalidClient("The client secret is wrong");
                }
                return tokenResponse(new Principal(appId, Principal.Kind.ADMIN, clientId), expiresAt);
            }
            if (appId.equals(clientId)) {
                return tokenResponse(new Principal(appId, Principal.Kind.ANONYMOUS, null), expiresAt);
            }
            throw KiiException.invalidClient("The client was not found");
        });
    }

    /** @return an admin token for the app (Java API shortcut) */
    public String adminToken(String appId) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            return issueToken(store.state(), new Principal(appId, Principal.Kind.ADMIN, app.credentials.clientId()), 0);
        });
    }

    /** @return a token for an existing user or thing (Java API shortcut) */
    public String tokenFor(Principal p) {
        return store.tx(tx -> issueToken(store.state(), p, 0));
    }

    private JsonObject tokenResponse(Principal p, Long expiresAt) {
        long now = System.currentTimeMillis();
        long exp = expiresAt == null || expiresAt <= 0 ? 0 : expiresAt;
        String token = issueToken(store.state(), p, exp);
        long expiresIn = exp == 0 ? NEVER : Math.max(0, (exp - now) / 1000);
        return Json.obj("id", p.kind() == Principal.Kind.ANONYMOUS ? null : p.id(), "access_token", token,
                "expires_in", expiresIn, "token_type", "Bearer");
    }

    private static User findLoginUser(AppData app, String username) {
        if (username.startsWith("EMAIL:")) {
            return Access.byEmail(app, username.substring(6));
        }
        if (username.startsWith("PHONE:") || username.startsWith("+")) {
            return Access.byPhone(app, username.startsWith("PHONE:") ? username.substring(6) : username);
        }
        User u = Access.byLogin(app, username);
        if (u == null && username.contains("@")) {
            u = Access.byEmail(app, username);
        }
        return u;
    }
}
