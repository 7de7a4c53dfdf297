package io.kiipush.emulator;

/**
 * One emulated application. The app key is never checked (Kii now accepts any value, docs/kii-protocol.md §1.3); the client
 * ID/secret pair yields app-admin tokens.
 *
 * @param appId application ID (path segment of every call)
 * @param appKey application key (returned for SDK initialisation; not enforced)
 * @param clientId app-admin client ID for {@code client_credentials}
 * @param clientSecret app-admin client secret
 */
public record AppCredentials(String appId, String appKey, String clientId, String clientSecret) {

    @Override
    public String toString() {
        return "AppCredentials[appId=" + appId + " clientId=" + clientId + "]";
    }
}
