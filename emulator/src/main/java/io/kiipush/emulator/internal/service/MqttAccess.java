package io.kiipush.emulator.internal.service;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.kiipush.emulator.internal.state.CloudState;
import io.kiipush.emulator.internal.state.Installation;

/** Who may CONNECT, SUBSCRIBE and PUBLISH on the push broker, decided from the issued endpoints (docs/kii-protocol.md §4). */
public final class MqttAccess {

    /** MQTT CONNECT decision; the gate maps it to a CONNACK return code. */
    public enum Verdict {
        /** Accepted: a current installation credential. */
        OK(0),
        /** Accepted: the privileged publisher credential. */
        PUBLISHER(0),
        /** Client ID differs from the mqttTopic while that is required: CONNACK 2. */
        IDENTIFIER_REJECTED(2),
        /** Unknown user name or wrong password: CONNACK 4. */
        BAD_CREDENTIALS(4),
        /** Revoked, rotated, expired or deleted credentials: CONNACK 5. */
        NOT_AUTHORIZED(5);

        private final int returnCode;

        Verdict(int returnCode) {
            this.returnCode = returnCode;
        }

        public int returnCode() {
            return returnCode;
        }

        public boolean accepted() {
            return returnCode == 0;
        }
    }

    private final Store store;
    private final RuntimeSettings settings;

    public MqttAccess(Store store, RuntimeSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** @return the CONNECT decision for these credentials and client ID */
    public Verdict check(String clientId, String username, byte[] password) {
        if (username == null || password == null) {
            return Verdict.BAD_CREDENTIALS;
        }
        String pw = new String(password, StandardCharsets.UTF_8);
        if (username.equals(settings.publisherUsername())) {
            return pw.equals(settings.publisherPassword()) ? Verdict.PUBLISHER : Verdict.BAD_CREDENTIALS;
        }
        return store.tx(tx -> {
            CloudState state = store.state();
            Installation inst = state.mqttUsers.get(username);
            if (inst != null && inst.credentials.password().equals(pw)) {
                if (inst.credentialsInvalid || inst.credentials.expiredAt(System.currentTimeMillis())) {
                    return Verdict.NOT_AUTHORIZED;
                }
                if (settings.requireClientIdEqualsTopic() && !inst.credentials.topic().equals(clientId)) {
                    return Verdict.IDENTIFIER_REJECTED;
                }
                return Verdict.OK;
            }
            Set<String> retired = state.retiredMqtt.get(username);
            return retired != null && retired.contains(pw) ? Verdict.NOT_AUTHORIZED : Verdict.BAD_CREDENTIALS;
        });
    }

    /** SUBSCRIBE rule: only the own mqttTopic (and API-via-MQTT answers {@code p/{clientId}/...}); the publisher may read all. */
    public boolean canSubscribe(String topicFilter, String username, String clientId) {
        if (username != null && username.equals(settings.publisherUsername())) {
            return true;
        }
        if (clientId != null && topicFilter.startsWith("p/" + clientId + "/")) {
            return true;
        }
        return store.tx(tx -> {
            Installation inst = store.state().mqttUsers.get(username);
            return inst != null && inst.credentials.topic().equals(topicFilter)
                    && (!settings.requireClientIdEqualsTopic() || topicFilter.equals(clientId));
        });
    }

    /** PUBLISH rule: the publisher anywhere; others only API-via-MQTT requests on {@code p/{clientId}/...}. */
    public boolean canPublish(String topic, String username, String clientId) {
        if (username != null && username.equals(settings.publisherUsername())) {
            return true;
        }
        return clientId != null && topic.startsWith("p/" + clientId + "/");
    }

    public boolean isPublisher(String username) {
        return username != null && username.equals(settings.publisherUsername());
    }
}
