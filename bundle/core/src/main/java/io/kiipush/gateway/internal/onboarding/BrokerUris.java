package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.IDENTITY_MODE;
import static io.kiipush.gateway.internal.config.ConfigField.MQTT_API_BROKER;
import static io.kiipush.gateway.internal.config.ConfigField.SITE;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import io.kiipush.gateway.internal.endpoint.Transport;

/** The URI of Kii's default MQTT broker for onboarding in MQTT_API mode: checked when configured, else derived. */
final class BrokerUris {

    private BrokerUris() {
    }

    /**
     * @param text the configured {@code mqttApi.broker}, trimmed
     * @param site the configured site, may be {@code null}
     * @param problems where a bad or missing value is reported
     * @return the configured URI, or {@code null} when it is empty (then derived) or invalid
     */
    static String check(String text, Site site, List<String> problems) {
        if (text.isEmpty()) {
            if (site == Site.CUSTOM) {
                problems.add(MQTT_API_BROKER.key() + " is required when " + SITE.key() + "=CUSTOM and "
                        + IDENTITY_MODE.key() + "=MQTT_API: enter the default broker URI, e.g. tcp://localhost:1883");
            }
            return null;
        }
        try {
            URI u = new URI(text);
            if (transportOfScheme(u.getScheme()) == null || u.getHost() == null || u.getRawUserInfo() != null) {
                problems.add(MQTT_API_BROKER.key() + " '" + (u.getRawUserInfo() != null ? "(hidden)" : text)
                        + "' is not a valid broker URI: use tcp://, ssl://, ws:// or wss:// host[:port]");
                return null;
            }
            return text;
        } catch (URISyntaxException e) {
            problems.add(MQTT_API_BROKER.key() + " '" + text + "' is not a valid URI (" + e.getReason() + ")");
            return null;
        }
    }

    /**
     * @param configured the checked configured URI, {@code null} to derive it from the site
     * @param site the site, may be {@code null}
     * @param transport the MQTT transport, may be {@code null}
     * @param webSocketPath the path of the WebSocket transports
     * @return the full URI with port (and path for WebSockets), {@code null} if unknown
     */
    static String resolve(String configured, Site site, Transport transport, String webSocketPath) {
        if (configured != null) {
            try {
                URI u = new URI(configured);
                Transport t = transportOfScheme(u.getScheme());
                int port = u.getPort() > 0 ? u.getPort() : defaultPort(t);
                String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? webSocketPath : u.getRawPath();
                return t.scheme() + "://" + u.getHost() + ":" + port + (t.isWebSocket() ? path : "");
            } catch (URISyntaxException e) {
                return null;
            }
        }
        if (site == null || site.defaultBroker == null || transport == null) {
            return null;
        }
        return transport.scheme() + "://" + site.defaultBroker + ":" + defaultPort(transport)
                + (transport.isWebSocket() ? webSocketPath : "");
    }

    /** @return the transport whose Paho scheme this is ({@code ssl}, {@code tcp}, ...), {@code null} if none */
    static Transport transportOfScheme(String scheme) {
        if (scheme == null) {
            return null;
        }
        for (Transport t : Transport.values()) {
            if (t.scheme().equalsIgnoreCase(scheme)) {
                return t;
            }
        }
        return null;
    }

    /** @return Kii's port for the transport: 1883, 8883, 12470 (WS) or 12473 (WSS) */
    static int defaultPort(Transport t) {
        switch (t) {
            case TCP:
                return 1883;
            case TLS:
                return 8883;
            case WS:
                return 12470;
            default:
                return 12473;
        }
    }
}
