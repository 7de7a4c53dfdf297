package io.kiipush.gateway.internal.onboarding;

import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * One request and its response over API via MQTT (docs/kii-protocol.md §7), the transport under
 * {@link MqttApiOnboarder}. {@link PahoApiExchange} is the real one; tests script responses without a broker.
 */
interface ApiExchange {

    /**
     * Connects to the broker as {@code anonymous} with the application credentials, publishes the request on the
     * topic, waits for the response that answers it and disconnects.
     *
     * @param brokerUri the default broker, e.g. {@code ssl://mqtt-jp.kii.com:8883}
     * @param topic the request topic, which also carries the response
     * @param requestId the {@code X-Kii-RequestID} of the request
     * @param request the request payload
     * @param s the settings: application credentials, timeouts, TLS trust
     * @return the response
     * @throws OnboardingException "onboarding stopped" once {@link #close()} was called
     * @throws Exception any failure of the exchange (MQTT, network, TLS, timeout), classified by the caller
     */
    ApiResponse exchange(String brokerUri, String topic, String requestId, byte[] request, OnboardingSettings s)
            throws Exception;

    /** Aborts an exchange in progress (from another thread) and refuses new ones. */
    void close();
}
