package io.kiipush.emulator;

import java.util.List;
import java.util.function.Predicate;

import io.kiipush.emulator.internal.mqtt.MqttFront;
import io.kiipush.emulator.internal.rest.BoundedLog;
import io.kiipush.emulator.internal.service.InstallationService;
import io.kiipush.emulator.internal.service.SubscriptionService;

/** What clients did and what the emulator holds; every method returns a thread-safe snapshot. */
public final class Observations {

    private final BoundedLog<RecordedRequest> requests;
    private final BoundedLog<RecordedPublish> publishes;
    private final InstallationService installations;
    private final SubscriptionService subscriptions;
    private final MqttFront mqtt;

    Observations(BoundedLog<RecordedRequest> requests, BoundedLog<RecordedPublish> publishes,
            InstallationService installations, SubscriptionService subscriptions, MqttFront mqtt) {
        this.requests = requests;
        this.publishes = publishes;
        this.installations = installations;
        this.subscriptions = subscriptions;
        this.mqtt = mqtt;
    }

    /** @return recorded REST requests, oldest first (bounded by the request log capacity) */
    public List<RecordedRequest> requests() {
        return requests.snapshot();
    }

    public List<RecordedRequest> requests(Predicate<RecordedRequest> filter) {
        return requests.snapshot(filter);
    }

    /** @return requests whose path matches the regex ({@code find}) */
    public List<RecordedRequest> requestsTo(String pathRegex) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(pathRegex);
        return requests.snapshot(r -> p.matcher(r.path()).find());
    }

    /** @return REST requests ever recorded (including evicted ones) */
    public long requestCount() {
        return requests.total();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** @return recorded publishes, oldest first (bounded by the publish log capacity) */
    public List<RecordedPublish> publishes() {
        return publishes.snapshot();
    }

    public List<RecordedPublish> publishes(Predicate<RecordedPublish> filter) {
        return publishes.snapshot(filter);
    }

    public List<RecordedPublish> publishesTo(String topic) {
        return publishes.snapshot(p -> p.topic().equals(topic));
    }

    /** @return publishes ever recorded (including evicted ones) */
    public long publishCount() {
        return publishes.total();
    }

    public void clearPublishes() {
        publishes.clear();
    }

    public List<InstallationInfo> installations() {
        return installations.list();
    }

    public List<SubscriptionInfo> subscriptions() {
        return subscriptions.subscriptions();
    }

    /** @return client IDs with a live MQTT session on the push broker */
    public List<String> connectedClientIds() {
        return mqtt.connectedClientIds();
    }

    public boolean isConnected(String clientId) {
        return connectedClientIds().contains(clientId);
    }

    /** @return true while the broker is hung by {@link Faults#hangBroker} */
    public boolean isBrokerHung() {
        return mqtt.isHung();
    }
}
