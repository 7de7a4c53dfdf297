package io.kiipush.gateway.kura.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.SessionState;

public class SubscriberLinkTest {

    @Rule
    public Timeout timeout = Timeout.seconds(10);

    @Test
    public void bindingRegistersTheFilterAndTheConnectionListenerOnTheEndpointUnbindingRemovesThem() {
        DeliveryQueue delivery = new DeliveryQueue("kii-kura-link-test");
        try {
            FakeSession session = new FakeSession(Notifications.CONNECTION, SessionState.CONNECTING);
            KiiEndpoint endpoint = new KiiEndpoint(session, delivery, (t, p) -> { }, 1_000);
            SubscriberLink link = new SubscriberLink(Map.of("kinds", "TOPIC_MESSAGE"));
            List<String> got = new ArrayList<>();
            link.addListener(m -> got.add((String) m.getPayload().getMetric("topic")));
            link.bind(endpoint);
            assertTrue(link.isBound());
            link.unbind(new KiiEndpoint(session, delivery, (t, p) -> { }, 1_000));
            assertTrue("another endpoint's removal does not unbind", link.isBound());
            link.unbind(endpoint);
            assertFalse(link.isBound());
        } finally {
            assertTrue(delivery.stop(5_000));
        }
    }

    @Test
    public void messagesAndConnectionChangesReachEveryListenerEvenWhenOneThrows() {
        SubscriberLink link = new SubscriberLink(Map.of());
        List<String> got = new ArrayList<>();
        link.addListener(m -> {
            throw new IllegalStateException("a broken wire graph");
        });
        link.addListener(m -> got.add("message"));
        link.addConnectionListener(new CloudConnectionListener() {
            @Override
            public void onDisconnected() {
                got.add("disconnected");
            }

            @Override
            public void onConnectionLost() {
                got.add("lost");
            }

            @Override
            public void onConnectionEstablished() {
                got.add("established");
            }
        });
        link.onMessageArrived(new KuraMessage(new KuraPayload()));
        link.onConnectionEstablished();
        link.onConnectionLost();
        link.onDisconnected();
        assertEquals(List.of("message", "established", "lost", "disconnected"), got);
    }

    @Test
    public void aBadFilterIsRefusedBeforeAnythingIsBound() {
        try {
            new SubscriberLink(Map.of("kinds", "BUCKETS"));
            fail("accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("kinds: unknown kind 'BUCKETS'"));
        }
    }
}
