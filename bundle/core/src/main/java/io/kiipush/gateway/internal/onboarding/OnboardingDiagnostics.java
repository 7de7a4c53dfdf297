package io.kiipush.gateway.internal.onboarding;

import java.util.List;

/**
 * Read-only view of the onboarding state for the {@code kii:status} shell command. Registered by
 * {@link OnboardingComponent}; never exposes secrets (no key, password, token or MQTT credentials).
 */
public interface OnboardingDiagnostics {

    /**
     * Describes the onboarding state, one fact per line in the form {@code label: value}: identity mode, identity,
     * app ID, REST base URL, installation ID, endpoint (host, ports, topic, expiry), state file, whether a token is
     * held, configuration problems and the last onboarding error. Cheap; safe to call from any thread.
     *
     * @return the lines, never {@code null}
     */
    List<String> describe();
}
