package io.kiipush.gateway.internal.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.kiipush.gateway.internal.endpoint.MqttEndpoint;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * The Thing-IF onboarding request and answer (docs/kii-protocol.md §2.4), the same over HTTPS and through the default
 * MQTT broker (§7).
 */
final class ThingOnboarding {

    private static final Logger logger = LoggerFactory.getLogger(ThingOnboarding.class);
    private static final String MEDIA_PREFIX = "application/vnd.kii.";

    private ThingOnboarding() {
    }

    /** @return e.g. {@code application/vnd.kii.OnboardingWithVendorThingIDByThing+json} */
    static String mediaType(IdentityConfig id) {
        boolean vendor = !id.vendorThingId.isEmpty();
        return MEDIA_PREFIX + "OnboardingWith" + (vendor ? "VendorThingID" : "ThingID") + "By"
                + (id.thingOwner != null ? "Owner" : "Thing") + "+json";
    }

    /** @return the request body; holds the thing password */
    static JsonObject body(IdentityConfig id) {
        JsonObject body = new JsonObject();
        boolean vendor = !id.vendorThingId.isEmpty();
        if (vendor) {
            body.addProperty("vendorThingID", id.vendorThingId);
        } else {
            body.addProperty("thingID", id.thingId);
        }
        body.addProperty("thingPassword", id.thingPassword);
        if (id.thingOwner != null) {
            body.addProperty("owner", id.thingOwner.toString());
        }
        if (vendor && !id.thingType.isEmpty()) {
            body.addProperty("thingType", id.thingType);
        }
        if (vendor && !id.firmwareVersion.isEmpty()) {
            body.addProperty("firmwareVersion", id.firmwareVersion);
        }
        body.addProperty("layoutPosition", id.layoutPosition);
        return body;
    }

    /**
     * Reads a successful onboarding answer.
     *
     * @param id the identity
     * @param o the answer, {@code null} if it was not a JSON object
     * @param ttlHeader the {@code X-MQTT-TTL} header, may be {@code null}
     * @param now the fetch time
     * @return the thing's token and ID, and the endpoint when the answer carries a complete one
     * @throws OnboardingException if the answer cannot be used
     */
    static Grant grant(IdentityConfig id, JsonObject o, String ttlHeader, long now) throws OnboardingException {
        String action = "the onboarding of " + id.thingDescription();
        if (o == null) {
            throw KiiAnswers.unparsable(action, "it is not a JSON object");
        }
        String token = KiiJson.string(o, "accessToken", "access_token");
        String thingId = KiiJson.string(o, "thingID");
        if (token == null || thingId == null) {
            throw KiiAnswers.unparsable(action, "it has no " + (token == null ? "'accessToken'" : "'thingID'"));
        }
        MqttEndpoint endpoint = null;
        JsonObject ep = KiiJson.object(o, "mqttEndpoint");
        if (ep != null) {
            try {
                endpoint = KiiJson.endpoint(ep, ttlHeader, null, now);
            } catch (IllegalArgumentException e) {
                // Tolerated: the endpoint is then fetched through the installation, as the thing SDKs do anyway.
                logger.debug("Onboarding answer has an incomplete mqttEndpoint ({}); fetching it separately",
                        e.getMessage());
            }
        }
        return new Grant(token, "thing", thingId, endpoint);
    }
}
