package io.kiipush.gateway.internal.results;

import java.nio.file.Path;

import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * What the results need from the onboarding: whether its identity may answer Thing-IF commands, where it keeps its
 * files, and the one Kii call made with the thing's token. Provided by the onboarding component, which tells about
 * identity changes through its {@code EndpointSource} invalidation listeners.
 */
public interface ThingChannel {

    /**
     * @return {@code null} when the identity is a thing (or not known yet: an invalid configuration); otherwise why it
     *         cannot answer commands, naming the setting, e.g. identity mode USER
     */
    String cannotAnswer();

    /** @return the directory of the onboarding's state, {@code null} when there is none */
    Path dataDir();

    /**
     * {@code PUT {thing-if}/apps/{appID}/targets/thing:{thingID}/commands/{commandID}/action-results} with the thing's
     * token and {@code application/vnd.kii.CommandResultsUpdateRequest+json}. Blocks for the exchange.
     *
     * @param commandId the command
     * @param body the request body
     * @return Kii's answer, whatever its status; its message never holds the token
     * @throws OnboardingException classified: a network failure, or the thing has not onboarded yet (TRANSIENT)
     */
    Reply putActionResults(String commandId, String body) throws OnboardingException;

    /** Kii's answer to the action-results call. */
    final class Reply {
        public final int status;
        public final String errorCode;
        public final String message;

        /**
         * @param status the HTTP status
         * @param errorCode Kii's {@code errorCode}, or {@code null}
         * @param message Kii's {@code message} without secrets, or {@code null}
         */
        public Reply(int status, String errorCode, String message) {
            this.status = status;
            this.errorCode = errorCode;
            this.message = message;
        }

        @Override
        public String toString() {
            return "HTTP " + status + (errorCode == null ? "" : " " + errorCode) + (message == null ? "" : ": "
                    + message);
        }
    }
}
