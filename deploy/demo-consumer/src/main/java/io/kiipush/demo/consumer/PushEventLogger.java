package io.kiipush.demo.consumer;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consuming with <b>EventAdmin</b>: logs one line for every event the Kii push gateway posts.
 * <p>
 * This class needs no compile dependency on the gateway: topics and property names are plain strings (they are
 * also constants in {@code io.kiipush.gateway.PushEvents}, and listed in {@code docs/events.md}). All property values
 * are {@code String}, {@code Long}, {@code Integer}, {@code Double} or {@code Boolean}.
 * <p>
 * To receive less, narrow the topic and add a filter, for example only new objects of one bucket:
 * <pre>
 * event.topics = io/kiipush/gateway/push/BUCKET_EVENT/DATA_OBJECT_CREATED
 * event.filter = (kii.bucketID=sensors)
 * </pre>
 * With DEBUG enabled for this logger, every event is also written with all its properties.
 */
@Component(property = {
        // Everything the gateway posts: io/kiipush/gateway/push/... (notifications) and .../session/... (health).
        EventConstants.EVENT_TOPIC + "=io/kiipush/gateway/*" })
public final class PushEventLogger implements EventHandler {

    private static final Logger logger = LoggerFactory.getLogger(PushEventLogger.class);

    private static final String ROOT = "io/kiipush/gateway/";
    private static final String DATA_PREFIX = "kii.data.";
    private static final String DEFAULT_CONNECTION = "io.kiipush.gateway.PushSession";

    /** Called by EventAdmin on one of its threads: keep it short and never block. */
    @Override
    public void handleEvent(Event event) {
        logger.info("{}", describe(event));
        if (logger.isDebugEnabled()) {
            logger.debug("{}", dump(event));
        }
    }

    /**
     * @param event an event posted by the gateway
     * @return one readable line, e.g. {@code push/TOPIC_MESSAGE #4 topic=alerts data: level=high}
     */
    static String describe(Event event) {
        String topic = event.getTopic();
        String shortTopic = topic.startsWith(ROOT) ? topic.substring(ROOT.length()) : topic;
        StringBuilder line = new StringBuilder();
        // With several Kii connections, the lines of all but the default one say whose they are.
        Object connection = event.getProperty("kii.connection");
        if (connection != null && !DEFAULT_CONNECTION.equals(connection)) {
            String name = connection.toString();
            line.append('[').append(name.substring(name.lastIndexOf('.') + 1)).append("] ");
        }
        line.append(shortTopic);
        switch (shortTopic) {
            case "session/STATE_CHANGED":
                // kii.previousState -> kii.state; kii.broker once known; kii.error(Kind) while a failure is current
                line.append(' ').append(event.getProperty("kii.previousState")).append(" -> ")
                        .append(event.getProperty("kii.state"));
                append(line, event, "broker", "kii.broker");
                Object attempt = event.getProperty("kii.attempt");
                if (attempt instanceof Number && ((Number) attempt).intValue() > 0) {
                    line.append(" attempt=").append(attempt);
                }
                if (event.getProperty("kii.error") != null) {
                    line.append(" error [").append(event.getProperty("kii.errorKind")).append("] ")
                            .append(event.getProperty("kii.error"));
                }
                return line.toString();
            case "session/GAP":
                // a window in which pushes may have been missed; what catch-up recovered precedes this event
                Object start = event.getProperty("kii.gap.start");
                Object end = event.getProperty("kii.gap.end");
                long ms = start instanceof Long && end instanceof Long ? (Long) end - (Long) start : -1;
                return line.append(' ').append(event.getProperty("kii.gap.reason")).append(" of ").append(ms)
                        .append(" ms, catch-up ").append(event.getProperty("kii.gap.catchUp")).append(": recovered ")
                        .append(event.getProperty("kii.gap.recoveredObjects")).append(" object event(s), ")
                        .append(event.getProperty("kii.gap.recoveredCommands")).append(" command(s), ")
                        .append(event.getProperty("kii.gap.duplicates")).append(" duplicate(s) dropped").toString();
            case "session/MALFORMED":
                return line.append(" payload rejected: ").append(event.getProperty("kii.reason")).append(" (")
                        .append(event.getProperty("kii.size")).append(" bytes)").toString();
            default:
                break;
        }
        // A push notification: io/kiipush/gateway/push/<KIND>[/<bucket event type>]
        line.append(" #").append(event.getProperty("kii.seq"));
        if (Boolean.TRUE.equals(event.getProperty("kii.recovered"))) {
            line.append(" recovered"); // rebuilt by catch-up after a gap, not pushed
        }
        append(line, event, "bucket", "kii.bucketID");
        append(line, event, "object", "kii.objectID");
        append(line, event, "topic", "kii.topic");
        append(line, event, "command", "kii.commandID");
        append(line, event, "issuer", "kii.issuer");
        append(line, event, "actions", "kii.actions");
        append(line, event, "sender", "kii.sender");
        // Custom data fields of the payload arrive as kii.data.<field>
        String separator = " data: ";
        for (String name : sortedNames(event)) {
            if (name.startsWith(DATA_PREFIX)) {
                line.append(separator).append(name.substring(DATA_PREFIX.length())).append('=')
                        .append(event.getProperty(name));
                separator = ", ";
            }
        }
        return line.toString();
    }

    /**
     * @param event an event
     * @return the topic and every property, sorted by name (the form used in docs/events.md)
     */
    static String dump(Event event) {
        Map<String, Object> props = new TreeMap<>();
        for (String name : event.getPropertyNames()) {
            Object value = event.getProperty(name);
            props.put(name, value instanceof String[] ? Arrays.toString((String[]) value) : value);
        }
        return event.getTopic() + " " + props;
    }

    private static void append(StringBuilder line, Event event, String label, String property) {
        Object value = event.getProperty(property);
        if (value != null) {
            line.append(' ').append(label).append('=').append(value);
        }
    }

    private static String[] sortedNames(Event event) {
        String[] names = event.getPropertyNames();
        Arrays.sort(names);
        return names;
    }
}
