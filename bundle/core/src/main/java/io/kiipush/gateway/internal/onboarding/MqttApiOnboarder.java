package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.MQTT_API_BROKER;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.failure.Classification;
import io.kiipush.gateway.internal.failure.FailureClassifier;
import io.kiipush.gateway.internal.failure.Peer;

/**
 * Thing onboarding through Kii's default MQTT broker ("API via MQTT", docs/kii-protocol.md §7): the onboarding
 * request of {@link ThingOnboarding} as a PUBLISH, its response read as Kii's REST answer would be. The exchange
 * itself is the {@link ApiExchange}'s; its failures are classified here.
 */
final class MqttApiOnboarder {

    private static final Logger logger = LoggerFactory.getLogger(MqttApiOnboarder.class);

    static final String CLIENT_ID = "anonymous";

    private final ApiExchange exchange;

    MqttApiOnboarder(ApiExchange exchange) {
        this.exchange = exchange;
    }

    /** @return the request topic, which also carries the response */
    static String topic(OnboardingSettings s) {
        return "p/" + CLIENT_ID + "/thing-if/apps/" + s.appId + "/onboardings";
    }

    /**
     * @param s the settings (MQTT_API mode)
     * @param now the current time, for the endpoint's fetch time
     * @return the thing's token and ID, and the endpoint when the answer carries one
     * @throws OnboardingException classified
     */
    Grant onboard(OnboardingSettings s, long now) throws OnboardingException {
        String uri = s.mqttApiBrokerUri();
        if (uri == null) {
            throw new OnboardingException(ErrorKind.CONFIGURATION, "no default broker for site " + s.site + ": set "
                    + MQTT_API_BROKER);
        }
        URI parsed = URI.create(uri);
        String hostPort = parsed.getHost() + ":" + parsed.getPort();
        IdentityConfig id = s.identity;
        Peer broker = OnboardingPeers.defaultBroker(s, parsed.getHost(), hostPort)
                .during("the onboarding of " + id.thingDescription());
        String requestId = UUID.randomUUID().toString();
        logger.info("Onboarding {} through Kii's default MQTT broker {}", id.thingDescription(), uri);
        ApiResponse r;
        try {
            r = exchange.exchange(uri, topic(s), requestId, request(id, requestId), s);
        } catch (OnboardingException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OnboardingException.stopped();
        } catch (Exception e) {
            Classification c = FailureClassifier.classify(e, broker);
            throw new OnboardingException(c.kind(), c.message(), null, 0, e);
        }
        if (r.status >= 200 && r.status < 300) {
            return ThingOnboarding.grant(id, KiiJson.parseObject(r.body), r.headers.get("x-mqtt-ttl"), now);
        }
        JsonObject error = KiiJson.parseObject(r.body);
        throw KiiAnswers.onboardingFailure(s, r.status, error == null ? null : KiiJson.string(error, "errorCode",
                "error"), error == null ? null : KiiJson.string(error, "message", "error_description"), hostPort);
    }

    private static byte[] request(IdentityConfig id, String requestId) {
        String text = "POST\r\n" + "Content-Type: " + ThingOnboarding.mediaType(id) + "\r\n" + "X-Kii-RequestID: "
                + requestId + "\r\n" + "\r\n" + ThingOnboarding.body(id);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Aborts an exchange in progress and refuses new ones. */
    void close() {
        exchange.close();
    }
}
