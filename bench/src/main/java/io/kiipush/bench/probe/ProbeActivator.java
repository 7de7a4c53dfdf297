package io.kiipush.bench.probe;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import io.kiipush.bench.spi.Hub;
import io.kiipush.bench.spi.Probe;
import io.kiipush.bench.spi.Sink;
import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.PushSession;
import io.kiipush.gateway.SessionStatus;

/**
 * The benchmark's bundle inside the framework (built at run time from these classes): a real EventHandler on the
 * gateway's push topics that records receive time, a second one on {@code session/STATE_CHANGED}, and Config Admin /
 * PushSession access for the launcher through {@link Hub}.
 */
public final class ProbeActivator implements BundleActivator, Probe {

    /** The payload field the publisher embeds its nanoTime in; a data key, so the event carries it as kii.data.*. */
    public static final String SENT_AT_PROPERTY = PushEvents.PROP_DATA_PREFIX + "benchSentAt";

    private ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmin;
    private ServiceTracker<PushSession, PushSession> session;
    private ServiceRegistration<EventHandler> pushHandler;
    private ServiceRegistration<EventHandler> stateHandler;

    @Override
    public void start(BundleContext context) {
        configAdmin = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        configAdmin.open();
        session = new ServiceTracker<>(context, PushSession.class, null);
        session.open();
        Dictionary<String, Object> push = new Hashtable<>();
        push.put(EventConstants.EVENT_TOPIC, PushEvents.TOPIC_PUSH_ALL);
        pushHandler = context.registerService(EventHandler.class, new PushHandler(), push);
        Dictionary<String, Object> state = new Hashtable<>();
        state.put(EventConstants.EVENT_TOPIC, PushEvents.TOPIC_STATE_CHANGED);
        stateHandler = context.registerService(EventHandler.class, new StateHandler(), state);
        Hub.probe = this;
    }

    @Override
    public void stop(BundleContext context) {
        Hub.probe = null;
        pushHandler.unregister();
        stateHandler.unregister();
        session.close();
        configAdmin.close();
    }

    @Override
    public void configure(String pid, Map<String, Object> properties) throws Exception {
        Configuration c = admin().getConfiguration(pid, "?");
        c.update(new Hashtable<>(properties));
    }

    @Override
    public void delete(String pid) throws Exception {
        Configuration[] c = admin().listConfigurations("(service.pid=" + pid + ")");
        if (c != null) {
            for (Configuration each : c) {
                each.delete();
            }
        }
    }

    @Override
    public String[] status() {
        PushSession s = session.getService();
        if (s == null) {
            return null;
        }
        SessionStatus st = s.getStatus();
        return new String[] { st.getState().name(), String.valueOf(st.getClientId()), Long.toString(st.getReceived()),
                Long.toString(st.getDispatched()), Long.toString(st.getDropped()), Long.toString(st.getMalformed()),
                Integer.toString(st.getQueued()), Long.toString(st.getReconnects()) };
    }

    private ConfigurationAdmin admin() throws InterruptedException {
        ConfigurationAdmin ca = configAdmin.waitForService(30_000);
        if (ca == null) {
            throw new IllegalStateException("no ConfigurationAdmin within 30 s");
        }
        return ca;
    }

    /** The measured consumer: reads the embedded send time and hands both times to the launcher. */
    static final class PushHandler implements EventHandler {
        @Override
        public void handleEvent(Event event) {
            long now = System.nanoTime();
            Object sent = event.getProperty(SENT_AT_PROPERTY);
            Sink sink = Hub.sink;
            if (sink != null) {
                sink.message(now, sent instanceof Number ? ((Number) sent).longValue() : 0L);
            }
        }
    }

    static final class StateHandler implements EventHandler {
        @Override
        public void handleEvent(Event event) {
            long now = System.nanoTime();
            Sink sink = Hub.sink;
            if (sink != null) {
                sink.state(now, String.valueOf(event.getProperty(PushEvents.PROP_STATE)),
                        String.valueOf(event.getProperty(PushEvents.PROP_PREVIOUS_STATE)));
            }
        }
    }
}
