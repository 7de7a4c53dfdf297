/**
 * The one classification of network, TLS and MQTT failures, shared by the onboarding (HTTPS and API via MQTT) and the
 * push session: {@link io.kiipush.gateway.internal.failure.FailureClassifier} with the
 * {@link io.kiipush.gateway.internal.failure.Peer} of the exchange.
 */
package io.kiipush.gateway.internal.failure;
