package io.kiipush.gateway.kura.internal;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.configuration.ConfigurationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.PushSession;

/**
 * Keeps one {@link KiiEndpoint} registered per {@link PushSession}: the endpoint service ({@code CloudEndpoint} +
 * {@code CloudConnectionManager}, {@code kura.service.pid} = the connection) and its session listener (registered for
 * that connection only). Sessions may come before {@link #open(Registrar)}; they are registered then.
 */
public final class EndpointRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointRegistry.class);
    private static final long STOP_WAIT_MS = 5_000;

    private final EventSink events;
    private final long connectWaitMs;
    private final Map<PushSession, Map<String, Object>> sessions = new IdentityHashMap<>();
    private final Map<PushSession, Entry> entries = new IdentityHashMap<>();
    private Registrar registrar;

    /**
     * @param events where endpoints post ESTABLISHED and LOST
     * @param connectWaitMs how long an endpoint's connect() waits
     */
    public EndpointRegistry(EventSink events, long connectWaitMs) {
        this.events = events;
        this.connectWaitMs = connectWaitMs;
    }

    /** @param target where to register from now on; registers the sessions known so far */
    public synchronized void open(Registrar target) {
        this.registrar = target;
        for (Map.Entry<PushSession, Map<String, Object>> s : sessions.entrySet()) {
            register(s.getKey(), s.getValue());
        }
    }

    /** Unregisters every endpoint and stops their threads. */
    public synchronized void close() {
        for (Entry e : entries.values()) {
            e.close();
        }
        entries.clear();
        registrar = null;
    }

    /**
     * @param session a session that appeared
     * @param properties its service properties
     */
    public synchronized void added(PushSession session, Map<String, Object> properties) {
        sessions.put(session, properties);
        if (registrar != null) {
            register(session, properties);
        }
    }

    /** @param session a session that went away */
    public synchronized void removed(PushSession session) {
        sessions.remove(session);
        Entry e = entries.remove(session);
        if (e != null) {
            e.close();
        }
    }

    /** @return how many endpoints are registered */
    public synchronized int size() {
        return entries.size();
    }

    private void register(PushSession session, Map<String, Object> sessionProperties) {
        String connection = session.getConnection();
        if (connection == null || connection.isEmpty()) {
            LOG.warn("A Kii push session without a connection id gets no Kura cloud endpoint");
            return;
        }
        DeliveryQueue delivery = new DeliveryQueue("kii-kura-" + connection);
        KiiEndpoint endpoint = new KiiEndpoint(session, delivery, events, connectWaitMs);
        Map<String, Object> listenerProperties = new HashMap<>();
        listenerProperties.put(PushEvents.PROP_CONNECTION, connection);
        Registrar.Registration listener = registrar.register(
                new String[] { PushNotificationListener.class.getName() }, endpoint.listener(), listenerProperties);
        Map<String, Object> properties = new HashMap<>(listenerProperties);
        properties.put(ConfigurationService.KURA_SERVICE_PID, connection);
        Object factory = sessionProperties.get(CloudConnectionFactory.KURA_CLOUD_CONNECTION_FACTORY_PID);
        if (factory instanceof String) {
            properties.put(CloudConnectionFactory.KURA_CLOUD_CONNECTION_FACTORY_PID, factory);
        }
        Registrar.Registration service = registrar.register(
                new String[] { CloudEndpoint.class.getName(), CloudConnectionManager.class.getName() }, endpoint,
                properties);
        entries.put(session, new Entry(service, listener, delivery));
        LOG.info("Kura cloud endpoint registered for Kii connection {}", connection);
    }

    /** What one endpoint holds. */
    private static final class Entry {
        private final Registrar.Registration service;
        private final Registrar.Registration listener;
        private final DeliveryQueue delivery;

        Entry(Registrar.Registration service, Registrar.Registration listener, DeliveryQueue delivery) {
            this.service = service;
            this.listener = listener;
            this.delivery = delivery;
        }

        void close() {
            service.unregister();
            listener.unregister();
            if (!delivery.stop(STOP_WAIT_MS)) {
                LOG.warn("A Kura listener did not return within {} ms of the endpoint's removal", STOP_WAIT_MS);
            }
        }
    }
}
