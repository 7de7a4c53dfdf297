package io.kiipush.gateway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;

import com.google.gson.JsonObject;

import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.itests.support.Events;
import io.kiipush.gateway.itests.support.Gateway;
import io.kiipush.gateway.itests.support.Kii;

/** Scenario 1: each identity mode onboards against the emulator, reaches CONNECTED and receives pushes as events. */
public class IdentityModesIT extends GatewayItest {

    private Events events;

    @Before
    public void setUp() {
        kii.clearRequests();
        events = listen(PushEvents.TOPIC_PUSH_ALL);
    }

    @Test(timeout = 60_000)
    public void thingOnboardingViaThingIfReceivesBucketEvents() {
        Map<String, Object> onboarding = Gateway.thing(kii, "it-modes-thing", "thing-pass-1");
        onboarding.put("subscriptions.buckets", new String[] { "sensors" });
        gateway.configure(onboarding, Gateway.fastSession());

        SessionStatus status = gateway.awaitConnected();
        assertTrue(status.getClientId(), kii.connectedClients().contains(status.getClientId()));
        assertEquals(1, kii.requests("POST", "/thing-if/apps/[^/]+/onboardings$").size());
        awaitSubscriptions(1);

        String objectId = kii.createObject("sensors", Collections.singletonMap("t", 21.5));
        Event e = events.await(1, PushEvents.TOPIC_BUCKET_EVENT_PREFIX + "DATA_OBJECT_CREATED").get(0);
        assertEquals("sensors", e.getProperty(PushEvents.PROP_BUCKET_ID));
        assertEquals(objectId, e.getProperty(PushEvents.PROP_OBJECT_ID));
    }

    @Test(timeout = 60_000)
    public void userLoginThenInstallationReceivesTopicMessages() {
        kii.registerUser("it-modes-user", "user-pass-1");
        kii.createTopic("modes-news");
        Map<String, Object> onboarding = Gateway.site(kii);
        onboarding.put("identity.mode", "USER");
        onboarding.put("user.username", "it-modes-user");
        onboarding.put("user.password", "user-pass-1");
        onboarding.put("subscriptions.topics", new String[] { "modes-news" });
        gateway.configure(onboarding, Gateway.fastSession());

        gateway.awaitConnected();
        assertEquals(1, kii.requests("POST", "/api/apps/[^/]+/oauth2/token$").size());
        assertEquals(1, kii.requests("POST", "/api/apps/[^/]+/installations$").size());
        awaitSubscriptions(1);

        kii.sendTopicMessage("modes-news", Collections.singletonMap("headline", "hello"));
        Event e = events.await(1, PushEvents.TOPIC_TOPIC_MESSAGE).get(0);
        assertEquals("modes-news", e.getProperty(PushEvents.PROP_TOPIC));
        assertEquals("hello", e.getProperty(PushEvents.PROP_DATA_PREFIX + "headline"));
    }

    @Test(timeout = 60_000)
    public void preIssuedTokenReceivesDirectPushes() {
        Kii.Account user = kii.registerUser("it-modes-token", "token-user-pass");
        Map<String, Object> onboarding = Gateway.site(kii);
        onboarding.put("identity.mode", "TOKEN");
        onboarding.put("token.value", user.token);
        onboarding.put("token.owner", "user:" + user.id);
        gateway.configure(onboarding, Gateway.fastSession());

        gateway.awaitConnected();
        assertEquals("no login with a pre-issued token", 0, kii.requests("POST", "/api/apps/[^/]+/oauth2/token$").size());

        kii.pushToUser(user.id, Collections.singletonMap("note", "direct"));
        Event e = events.await(1, PushEvents.TOPIC_DIRECT_PUSH).get(0);
        assertEquals("direct", e.getProperty(PushEvents.PROP_DATA_PREFIX + "note"));
    }

    @Test(timeout = 60_000)
    public void mqttApiOnboardingThroughTheDefaultBrokerReceivesCommands() {
        Map<String, Object> onboarding = Gateway.thing(kii, "it-modes-mqtt-api", "thing-pass-2");
        onboarding.put("identity.mode", "MQTT_API");
        onboarding.put("mqttApi.broker", kii.defaultBroker());
        gateway.configure(onboarding, Gateway.fastSession());

        gateway.awaitConnected();
        assertEquals("onboarded through the default broker", 1, kii.requests("POST", "/thing-if/apps/[^/]+/onboardings$").size());
        assertEquals("onboarded over MQTT, not over HTTPS", 0, kii.httpRequests("POST", "/thing-if/apps/[^/]+/onboardings$").size());
        String thingId = ownerId("thing:");

        String commandId = kii.sendCommand(thingId, "owner-1", "[{\"turnPower\":{\"power\":true}}]");
        Event e = events.await(1, PushEvents.TOPIC_COMMAND).get(0);
        assertEquals(commandId, e.getProperty(PushEvents.PROP_COMMAND_ID));
        assertTrue((String) e.getProperty(PushEvents.PROP_ACTIONS), ((String) e.getProperty(PushEvents.PROP_ACTIONS)).contains("turnPower"));
    }

    private void awaitSubscriptions(int count) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> gateway.subscriptions().list().stream()
                        .filter(s -> s.getState() == io.kiipush.gateway.SubscriptionStatus.State.SUBSCRIBED).count() == count);
    }

    // The owner ID of the newest installation, e.g. the thing ID of the gateway that just onboarded.
    private String ownerId(String prefix) {
        List<JsonObject> installations = kii.installations();
        String owner = installations.get(installations.size() - 1).get("owner").getAsString();
        assertTrue(owner, owner.startsWith(prefix));
        return owner.substring(prefix.length());
    }
}
