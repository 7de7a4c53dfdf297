/**
 * Onboarding: obtains the MQTT endpoint of the gateway's Kii identity, keeps it on disk, refreshes it, and keeps the
 * Kii-side bucket and topic subscriptions in line with the configuration.
 * <ul>
 * <li>{@link io.kiipush.gateway.internal.onboarding.OnboardingComponent}: the DS component (PID
 * {@code io.kiipush.gateway.Onboarding}); owns the {@code kii-onboarding-N} threads, delegates everything.</li>
 * <li>{@link io.kiipush.gateway.internal.onboarding.OnboardingSettings}: the configuration, validated; never
 * throws, collects problems.</li>
 * <li>{@link io.kiipush.gateway.internal.onboarding.OnboardingService}: the flows (THING, USER, TOKEN, MQTT_API),
 * refresh, persistence and subscriptions.</li>
 * <li>{@link io.kiipush.gateway.internal.onboarding.KiiRestClient} over
 * {@link io.kiipush.gateway.internal.onboarding.KiiHttp}, and
 * {@link io.kiipush.gateway.internal.onboarding.MqttApiOnboarder}: the Kii calls.</li>
 * <li>{@link io.kiipush.gateway.internal.onboarding.StateStore} with
 * {@link io.kiipush.gateway.internal.onboarding.IdentityState}: one 0600 JSON file per identity.</li>
 * </ul>
 * Failure classes: CONFIGURATION (invalid settings, unknown app or thing, TLS trust or host name, no port for the
 * transport), AUTHENTICATION (credentials or token refused by Kii or the default broker), TRANSIENT (network,
 * timeouts, 5xx, 429, 503 beyond {@code endpoint.maxWaitSec}, unusable answers, "onboarding stopped").
 */
package io.kiipush.gateway.internal.onboarding;
