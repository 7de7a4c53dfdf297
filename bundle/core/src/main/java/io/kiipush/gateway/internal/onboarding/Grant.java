package io.kiipush.gateway.internal.onboarding;

import io.kiipush.gateway.internal.endpoint.MqttEndpoint;

/**
 * What an authentication (login, onboarding, a configured token) gives: a token, who it belongs to, maybe an
 * endpoint.
 */
final class Grant {

    /** The access token; a secret. */
    final String token;
    final String ownerKind;
    final String ownerId;
    /** The endpoint when the answer carried a usable one, else {@code null}. */
    final MqttEndpoint endpoint;

    Grant(String token, String ownerKind, String ownerId, MqttEndpoint endpoint) {
        this.token = token;
        this.ownerKind = ownerKind;
        this.ownerId = ownerId;
        this.endpoint = endpoint;
    }

    @Override
    public String toString() {
        return "Grant[" + ownerKind + ":" + ownerId + (endpoint == null ? "" : " " + endpoint) + "]";
    }
}
