package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.MQTT_TRANSPORT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.ConnectTarget;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.Transport;

/** Builds what the session connects to: Kii's endpoint with the transport and TLS trust of the configuration. */
final class ConnectTargets {

    private ConnectTargets() {
    }

    /**
     * @param s the settings
     * @param ep the endpoint Kii issued
     * @param owner who the endpoint belongs to, for logs
     * @return the target
     * @throws OnboardingException CONFIGURATION when the endpoint offers no port for the configured transport
     */
    static ConnectTarget of(OnboardingSettings s, MqttEndpoint ep, String owner) throws OnboardingException {
        Transport t = s.transport;
        if (ep.portFor(t) <= 0) {
            List<String> offered = new ArrayList<>();
            for (Transport other : Transport.values()) {
                if (ep.portFor(other) > 0) {
                    offered.add(other.name());
                }
            }
            throw new OnboardingException(ErrorKind.CONFIGURATION, "the broker " + ep.getHost() + " offers no " + t
                    + " port; choose " + (offered.isEmpty() ? "another transport" : String.join(" or ", offered))
                    + " in " + MQTT_TRANSPORT);
        }
        return new ConnectTarget(ep, t, t.isSecure() ? s.sslSocketFactory() : null, s.caFile, s.verifyHostname,
                s.webSocketPath, owner, s.appId, s.site + " " + s.restBase);
    }

    /** @return the endpoint for logs: installation, host, ports, topic and expiry; never the credentials */
    static String logText(MqttEndpoint ep) {
        return "installation=" + ep.getInstallationId() + " host=" + ep.getHost() + " tcp=" + ep.getPortTcp()
                + " ssl=" + ep.getPortSsl() + " ws=" + ep.getPortWs() + " wss=" + ep.getPortWss() + " topic="
                + ep.getMqttTopic() + " expires=" + expiry(ep);
    }

    /** @return when the endpoint expires, ISO-8601, or {@code never} */
    static String expiry(MqttEndpoint ep) {
        return ep.expiresAt() == Long.MAX_VALUE ? "never" : Instant.ofEpochMilli(ep.expiresAt()).toString();
    }
}
