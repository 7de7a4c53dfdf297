package io.kiipush.gateway.kura.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.SessionState;

public class EndpointRegistryTest {

    private static final String ID = "io.kiipush.gateway.KiiConnection-a";

    @Rule
    public Timeout timeout = Timeout.seconds(20);

    private final List<Registered> registered = new ArrayList<>();
    private final EndpointRegistry registry = new EndpointRegistry((t, p) -> { }, 1_000);
    private final Registrar registrar = (interfaces, service, properties) -> {
        Registered r = new Registered(List.of(interfaces), service, properties);
        registered.add(r);
        return () -> r.live = false;
    };

    @Test
    public void eachSessionGetsAnEndpointAndAListenerForItsConnectionWithStringPropertiesKuraReads() {
        FakeSession session = new FakeSession(ID, SessionState.CONNECTING);
        registry.open(registrar);
        registry.added(session, Map.of("kura.service.pid", ID, "kura.cloud.connection.factory.pid",
                "io.kiipush.gateway.kura.KiiCloudConnectionFactory", "service.pid", "generated-by-config-admin"));
        assertEquals(2, registered.size());
        Registered listener = registered.get(0);
        assertEquals(List.of(PushNotificationListener.class.getName()), listener.interfaces);
        assertEquals(Map.of("kii.connection", ID), listener.properties);
        Registered endpoint = registered.get(1);
        assertEquals(List.of(CloudEndpoint.class.getName(), CloudConnectionManager.class.getName()),
                endpoint.interfaces);
        assertEquals(Map.of("kura.service.pid", ID, "kii.connection", ID, "kura.cloud.connection.factory.pid",
                "io.kiipush.gateway.kura.KiiCloudConnectionFactory"), endpoint.properties);
        for (Object value : endpoint.properties.values()) {
            assertTrue("Kura casts these to String: " + value, value instanceof String);
        }
        assertEquals("CONNECTING", ((CloudEndpoint) endpoint.service).getInfo().get("State"));
    }

    @Test
    public void aSessionWithoutTheFactorysPropertyGetsAnEndpointWithoutIt() {
        registry.open(registrar);
        registry.added(new FakeSession(ID, SessionState.STOPPED), Map.of("kura.cloud.connection.factory.pid",
                List.of("not", "a", "string")));
        assertEquals(Map.of("kura.service.pid", ID, "kii.connection", ID), registered.get(1).properties);
    }

    @Test
    public void sessionsBoundBeforeActivationAreRegisteredOnOpenAndEverythingGoesWithTheSessionOrOnClose() {
        FakeSession a = new FakeSession(ID, SessionState.CONNECTING);
        FakeSession b = new FakeSession("io.kiipush.gateway.KiiConnection-b", SessionState.CONNECTING);
        registry.added(a, Map.of());
        assertTrue(registered.isEmpty());
        registry.open(registrar);
        registry.added(b, Map.of());
        assertEquals(4, registered.size());
        assertEquals(2, registry.size());
        registry.removed(a);
        assertFalse(registered.get(0).live);
        assertFalse(registered.get(1).live);
        assertTrue(registered.get(2).live);
        registry.close();
        assertTrue(registered.stream().noneMatch(r -> r.live));
        assertEquals(0, registry.size());
        assertTrue("no kii-kura thread left", Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("kii-kura-io.kiipush") && t.isAlive()));
    }

    @Test
    public void aSessionWithoutAConnectionIdGetsNoEndpoint() {
        registry.open(registrar);
        registry.added(new FakeSession("", SessionState.CONNECTING), Map.of());
        assertTrue(registered.isEmpty());
    }

    private static final class Registered {
        final List<String> interfaces;
        final Object service;
        final Map<String, Object> properties;
        volatile boolean live = true;

        Registered(List<String> interfaces, Object service, Map<String, Object> properties) {
            this.interfaces = interfaces;
            this.service = service;
            this.properties = properties;
        }
    }
}
