package io.kiipush.gateway.internal.onboarding;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;

import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * {@link ApiExchange} answered by a {@link KiiModel} in memory, as Kii's default broker would: refused application
 * credentials fail as Paho reports a CONNACK 4, a scripted {@link #failure} as Paho would throw it.
 */
final class FakeApiExchange implements ApiExchange {

    private final KiiModel kii;
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Thrown instead of answering, when set: what Paho would throw (network, TLS, timeout). */
    volatile Exception failure;
    /** The response payload instead of Kii's behaviour, when set. */
    volatile String answer;
    private volatile boolean closed;

    FakeApiExchange(KiiModel kii) {
        this.kii = kii;
    }

    @Override
    public ApiResponse exchange(String brokerUri, String topic, String requestId, byte[] request,
            OnboardingSettings s) throws Exception {
        if (closed) {
            throw OnboardingException.stopped();
        }
        if (failure != null) {
            throw failure;
        }
        if (!KiiModel.acceptsAtDefaultBroker(MqttApiOnboarder.CLIENT_ID, "type=oauth2&client_id=" + s.appId,
                "client_secret=" + s.appKey)) {
            throw new MqttSecurityException(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        }
        String text = new String(request, StandardCharsets.UTF_8);
        requests.add(text);
        String response = answer != null ? answer : kii.answerOverMqtt(text, true, "\r\n");
        return ApiResponse.parse(response.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        closed = true;
    }
}
