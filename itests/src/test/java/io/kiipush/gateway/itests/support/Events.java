package io.kiipush.gateway.itests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** A real EventHandler service that records what EventAdmin delivers to it, as a consumer bundle would. */
public final class Events implements EventHandler, AutoCloseable {

    private final List<Event> received = new CopyOnWriteArrayList<>();
    private final ServiceRegistration<EventHandler> registration;

    private Events(BundleContext context, String topic, String filter) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, topic);
        if (filter != null) {
            props.put(EventConstants.EVENT_FILTER, filter);
        }
        registration = context.registerService(EventHandler.class, this, props);
    }

    /** @return a handler registered for {@code topic} (wildcards allowed), narrowed by {@code filter} if not null */
    public static Events listen(BundleContext context, String topic, String filter) {
        return new Events(context, topic, filter);
    }

    @Override
    public void handleEvent(Event event) {
        received.add(event);
    }

    /** @return a snapshot of every event received so far */
    public List<Event> all() {
        return new ArrayList<>(received);
    }

    public List<Event> matching(Predicate<Event> p) {
        return received.stream().filter(p).collect(Collectors.toList());
    }

    public List<Event> onTopic(String topic) {
        return matching(e -> e.getTopic().equals(topic));
    }

    /** Waits until at least {@code count} events match and returns them. */
    public List<Event> await(int count, Predicate<Event> p, Duration within) {
        try {
            org.awaitility.Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> matching(p).size() >= count);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("expected " + count + " matching events within " + within + ", got " + matching(p).size()
                    + " of " + received.size() + ": " + describe(), e);
        }
        return matching(p);
    }

    /** Waits for {@code count} events on {@code topic}. */
    public List<Event> await(int count, String topic) {
        return await(count, e -> e.getTopic().equals(topic), Duration.ofSeconds(15));
    }

    public void clear() {
        received.clear();
    }

    private String describe() {
        return received.stream().limit(20).map(e -> e.getTopic()).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping
        }
    }
}
