/**
 * Onboarding: obtains the MQTT endpoint of the gateway's Kii identity, keeps it on disk, refreshes it, and keeps the
 * Kii-side bucket and topic subscriptions in line with the configuration.
 * <ul>
 * <li>{@link io.kiipush.gateway.internal.onboarding.OnboardingComponent}: the DS component (PID
 * {@code io.kiipush.gateway.Onboarding}); owns the {@code kii-onboarding-N} threads, delegates everything.</li>
 * <li>{@link io.kiipush.gateway.internal.onboarding.OnboardingSettings}: the configuration, checked; never throws,
 * collects problems (identity fields: {@code IdentityConfig}, {@code IdentityRules}).</li>
 * <li>{@link io.kiipush.gateway.internal.onboarding.OnboardingService}: wires the parts for one identity:
 * {@code IdentityStore} (the lock, the state file), {@code OnboardingFlow} (the flows of THING, USER, TOKEN,
 * MQTT_API), {@code EndpointRequests} (single-flight acquire and refresh), {@code EndpointPoller} (503 waits),
 * {@code SubscriptionManager} and {@code SubscriptionSync}, {@code OnboardingStatusLines}.</li>
 * <li>{@code KiiRestClient} over {@code KiiHttp}, {@code MqttApiOnboarder} over {@code ApiExchange}: the Kii calls;
 * {@code KiiAnswers}: Kii's error answers as operator messages.</li>
 * <li>{@code StateStore} with {@code IdentityState}: one 0600 JSON file per identity.</li>
 * </ul>
 * Failure classes: CONFIGURATION (invalid settings, unknown app or thing, TLS trust or host name, no port for the
 * transport), AUTHENTICATION (credentials or token refused by Kii or the default broker), TRANSIENT (network,
 * timeouts, 5xx, 429, 503 beyond {@code endpoint.maxWaitSec}, unusable answers, "onboarding stopped"); network, TLS and
 * MQTT causes are classified by {@link io.kiipush.gateway.internal.failure.FailureClassifier}.
 */
package io.kiipush.gateway.internal.onboarding;
