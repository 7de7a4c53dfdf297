package io.kiipush.gateway.internal.session;

import static io.kiipush.gateway.internal.config.ConfigField.BACKOFF_INITIAL_MS;
import static io.kiipush.gateway.internal.config.ConfigField.BACKOFF_MAX_MS;
import static io.kiipush.gateway.internal.config.ConfigField.BACKOFF_RESET_AFTER_SEC;
import static io.kiipush.gateway.internal.config.ConfigField.CATCHUP_ENABLED;
import static io.kiipush.gateway.internal.config.ConfigField.CATCHUP_MAX_WINDOW_SECONDS;
import static io.kiipush.gateway.internal.config.ConfigField.CATCHUP_PAGE_SIZE;
import static io.kiipush.gateway.internal.config.ConfigField.CONNECT_TIMEOUT_SEC;
import static io.kiipush.gateway.internal.config.ConfigField.ENABLED;
import static io.kiipush.gateway.internal.config.ConfigField.KEEP_ALIVE_SEC;
import static io.kiipush.gateway.internal.config.ConfigField.PAYLOAD_MAX_BYTES;
import static io.kiipush.gateway.internal.config.ConfigField.QUEUE_CAPACITY;
import static io.kiipush.gateway.internal.config.ConfigField.QUEUE_MAX_BYTES;
import static io.kiipush.gateway.internal.config.ConfigField.START_DELAY_MAX_MS;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.PushEvents;
import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.PushSession;
import io.kiipush.gateway.SessionStatus;
import io.kiipush.gateway.internal.config.ConfigReader;
import io.kiipush.gateway.internal.endpoint.EndpointSource;
import io.kiipush.gateway.internal.recovery.CatchUp;
import io.kiipush.gateway.internal.recovery.CatchUpFailures;
import io.kiipush.gateway.internal.recovery.CatchUpSettings;
import io.kiipush.gateway.internal.recovery.KiiRecords;
import io.kiipush.gateway.internal.util.NamedThreadFactory;

/**
 * The MQTT push session service: wires configuration, the onboarding service, the listeners and the threads to the
 * {@link SessionEngine}. Owns the {@code kii-session} thread (state machine, keep-alive pings, timers), the
 * {@code kii-dispatch} thread (only while there is work), the {@code kii-catchup} thread (only while there is work:
 * last-alive watermark, catch-up after a gap) and one small pool per MQTT connection ({@code kii-mqtt-N}); all end in
 * {@link #deactivate()}.
 */
// No service.pid property: the configuration supplies it (a declared one would be published as a list; see Onboarding).
@Component(name = PushSessionComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = { PushSession.class, ConfigurableComponent.class })
// factory = true: each Kii connection is a factory configuration, as Kura's cloud stacks are; Felix SCR refuses factory
// configurations of a PID that also has a singleton one, so a singleton designate (which Kura seeds) would block them.
@Designate(ocd = PushSessionComponent.Config.class, factory = true)
public final class PushSessionComponent implements PushSession, ConfigurableComponent {

    /** Configuration PID, DS component name and metatype OCD id (Kura requires all three to be equal). */
    public static final String PID = "io.kiipush.gateway.PushSession";

    /** Name of the reference to the onboarding; {@code onboarding.target} in a configuration picks the connection's. */
    public static final String ONBOARDING_REFERENCE = "onboarding";

    /**
     * Without {@code onboarding.target} a session uses the singleton onboarding (the version 1 set-up), never the
     * onboarding of another connection (two sessions on one identity would take the broker link from each other).
     */
    public static final String DEFAULT_ONBOARDING_TARGET = "(|(kura.service.pid=io.kiipush.gateway.Onboarding)"
            + "(service.pid=io.kiipush.gateway.Onboarding))";

    private static final Logger logger = LoggerFactory.getLogger(PushSessionComponent.class);
    private static final long STOP_TIMEOUT_MS = 5000;

    /** Configuration of the push session, rendered as a form by the Kura web console. */
    @ObjectClassDefinition(id = PID, name = "Kii Push Session",
            description = "MQTT connection to the Kii push broker: keep-alive, reconnect backoff and the hand-off queue. "
                    + "The broker endpoint and credentials come from the Kii Push Onboarding service.")
    public @interface Config {

        @AttributeDefinition(name = "Enabled", description = "Connect to the Kii push broker. Off: the session stays STOPPED.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Keep-alive (s)", min = "5", max = "65535",
                description = "MQTT keep-alive interval in seconds (5-65535). A link silent for 1.5 x this value is "
                        + "declared dead and reconnected. Keep it below the idle timeout of NATs and firewalls on the path.")
        int keepAliveSec() default 60;

        @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "600",
                description = "Longest time one connection attempt may take: TCP, TLS, CONNACK and SUBACK together (1-600 s).")
        int connectTimeoutSec() default 30;

        @AttributeDefinition(name = "Backoff initial (ms)", min = "100", max = "3600000",
                description = "Retry delay after the first failure, in ms; doubled after each further failure, with random jitter.")
        long backoff_initialMs() default 1000;

        @AttributeDefinition(name = "Backoff max (ms)", min = "100", max = "86400000",
                description = "Largest retry delay in ms (at least the initial delay).")
        long backoff_maxMs() default 120000;

        @AttributeDefinition(name = "Backoff reset after (s)", min = "0", max = "86400",
                description = "A connection must stay up this long (s) before the backoff starts over from the initial delay; "
                        + "prevents fast reconnect loops when a broker accepts and then drops the connection.")
        int backoff_resetAfterSec() default 30;

        @AttributeDefinition(name = "Start delay max (ms)", min = "0", max = "600000",
                description = "The first connection waits a random time up to this many ms, so a fleet of gateways that boot "
                        + "together does not hit the broker at the same moment. 0 connects at once.")
        long startDelayMaxMs() default 3000;

        @AttributeDefinition(name = "Queue capacity (messages)", min = "1", max = "1000000",
                description = "Messages that may wait between the MQTT thread and the listeners. When full, new messages "
                        + "are dropped and counted.")
        int queue_capacity() default 10000;

        @AttributeDefinition(name = "Queue capacity (bytes)", min = "16", max = "1073741824",
                description = "Payload bytes that may wait between the MQTT thread and the listeners (at least the "
                        + "maximum payload size). When full, new messages are dropped and counted.")
        long queue_maxBytes() default 8L * 1024 * 1024;

        @AttributeDefinition(name = "Maximum payload size (bytes)", min = "16", max = "16777216",
                description = "Larger payloads are rejected and counted as malformed. Kii sends at most 4096 bytes.")
        int payload_maxBytes() default 64 * 1024;

        @AttributeDefinition(name = "Catch-up", description = "After a reconnect or a restart, fetch the bucket "
                + "objects created or updated and the Thing-IF commands sent while the gateway was not connected, and "
                + "deliver them marked as recovered. Off: only the gap event is posted.")
        boolean catchup_enabled() default true;

        @AttributeDefinition(name = "Catch-up maximum window (s)", min = "1", max = "2592000",
                description = "Longest gap caught up, in seconds (1-2592000). A longer gap is only reported "
                        + "(gap event with reason WINDOW_TOO_LONG).")
        long catchup_maxWindowSeconds() default 86400;

        @AttributeDefinition(name = "Catch-up page size", min = "1", max = "1000",
                description = "Objects or commands asked for per catch-up request (bestEffortLimit, 1-1000).")
        int catchup_pageSize() default 100;
    }

    private final ScheduledThreadPoolExecutor sessionThread;
    private final Dispatcher dispatcher;
    private final PahoConnector connector;
    private final SessionEngine engine;
    private final CatchUp catchUp;
    private final String connection;

    /**
     * Activates the session.
     *
     * @param config the configuration
     * @param properties the component properties: {@code kura.service.pid} or {@code service.pid} name the connection
     * @param endpoints the onboarding service of this connection (several connections set {@code onboarding.target})
     */
    @Activate
    public PushSessionComponent(Config config, Map<String, Object> properties,
            @Reference(name = ONBOARDING_REFERENCE, target = DEFAULT_ONBOARDING_TARGET) EndpointSource endpoints) {
        connection = connectionOf(properties);
        SessionSettings settings = settings(config);
        logger.info("Activating Kii push session {} ({})", connection, settings);
        sessionThread = singleThread("kii-session");
        dispatcher = new Dispatcher(settings, System::currentTimeMillis, "kii-dispatch", connection);
        connector = new PahoConnector(sessionThread, dispatcher);
        KiiRecords records = endpoints.records();
        catchUp = records == null ? null : new CatchUp(records, dispatcher, catchUpSettings(config, new ArrayList<>()),
                System::currentTimeMillis, CatchUp.WATERMARK_INTERVAL_MS, CatchUp.RETRY_BASE_MS, "kii-catchup");
        engine = new SessionEngine(sessionThread, endpoints, connector, Ticker.SYSTEM, new SecureRandom(),
                (status, previous) -> dispatcher.stateChanged(withCounters(status), previous), observer(catchUp));
        engine.start(settings);
    }

    /** @param config the new configuration; reconnects only when keep-alive or connect timeout changed */
    @Modified
    void modified(Config config) {
        SessionSettings settings = settings(config);
        logger.info("Kii push session configuration changed ({})", settings);
        if (settings.isValid()) {
            dispatcher.apply(settings);
            if (catchUp != null) {
                catchUp.apply(catchUpSettings(config, new ArrayList<>()));
            }
        }
        engine.update(settings);
    }

    @Deactivate
    void deactivate() {
        logger.info("Deactivating Kii push session");
        try {
            engine.stop().get(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            logger.warn("Session did not stop within {} ms: {}", STOP_TIMEOUT_MS, e.toString());
        }
        sessionThread.shutdownNow();
        if (catchUp != null) {
            catchUp.stop(STOP_TIMEOUT_MS); // after the session stopped: the last link's last-alive time is written
        }
        connector.shutdown(STOP_TIMEOUT_MS);
        dispatcher.stop(STOP_TIMEOUT_MS);
        awaitTermination(sessionThread);
        logger.info("Deactivated Kii push session ({})", getStatus());
    }

    /**
     * @param listener a typed listener (whiteboard)
     * @param properties its service properties: with {@code kii.connection} it hears only that connection
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(PushNotificationListener listener, Map<String, Object> properties) {
        if (hears(properties, connection)) {
            dispatcher.addListener(listener);
        }
    }

    /** @return whether a listener with these service properties hears this connection */
    static boolean hears(Map<String, Object> listenerProperties, String connection) {
        Object wanted = listenerProperties.get(PushEvents.PROP_CONNECTION);
        return wanted == null || connection.equals(String.valueOf(wanted));
    }

    /** @return the connection id: kura.service.pid (Kura's name for it), else service.pid, else the component name */
    static String connectionOf(Map<String, Object> properties) {
        for (String key : new String[] { "kura.service.pid", Constants.SERVICE_PID, "component.name" }) {
            Object value = properties.get(key);
            if (value instanceof String && !((String) value).isEmpty()) {
                return (String) value;
            }
        }
        return PID;
    }

    void removeListener(PushNotificationListener listener) {
        dispatcher.removeListener(listener);
    }

    @Override
    public SessionStatus getStatus() {
        return withCounters(engine.status());
    }

    @Override
    public void reconnect() {
        engine.reconnect();
    }

    @Override
    public String getConnection() {
        return connection;
    }

    @Override
    public void connect() {
        engine.operatorConnect();
    }

    @Override
    public void disconnect() {
        engine.operatorDisconnect();
    }

    private SessionStatus withCounters(SessionStatus status) {
        long[] r = dispatcher.recoveryCounters();
        CatchUpFailures failures = catchUp == null ? null : catchUp.failures();
        return status.toBuilder().connection(connection).counters(dispatcher.received(), dispatcher.dispatched(), dispatcher.dropped(),
                dispatcher.malformed(), dispatcher.queued())
                .recovery(r[0], r[1], r[2], r[3], failures == null ? 0 : failures.count(),
                        failures == null ? null : failures.last())
                .build();
    }

    // Link ups, downs and alive ticks go to catch-up; nothing when the endpoint source keeps no records.
    private static LinkObserver observer(CatchUp catchUp) {
        if (catchUp == null) {
            return LinkObserver.NONE;
        }
        return new LinkObserver() {
            @Override
            public void up(String identity, long subackAt) {
                catchUp.linkUp(identity, subackAt);
            }

            @Override
            public void alive(long lastAliveAt) {
                catchUp.alive(lastAliveAt);
            }

            @Override
            public void down(long lastAliveAt) {
                catchUp.linkDown(lastAliveAt);
            }
        };
    }

    /** Reads the catch-up settings without throwing; unreadable or out-of-range values go to {@code problems}. */
    static CatchUpSettings catchUpSettings(Config c, List<String> problems) {
        ConfigReader in = new ConfigReader(problems);
        CatchUpSettings s = new CatchUpSettings(in.bool(CATCHUP_ENABLED, c::catchup_enabled, true),
                in.longInteger(CATCHUP_MAX_WINDOW_SECONDS, c::catchup_maxWindowSeconds, 86_400L),
                in.integer(CATCHUP_PAGE_SIZE, c::catchup_pageSize, 100));
        s.check(problems);
        return s;
    }

    /**
     * Reads the configuration without ever throwing: DS converts each value only when its method is called and throws
     * if it cannot (e.g. {@code keepAliveSec=often}), which would otherwise escape from {@code modified} (SCR keeps the
     * old settings and the status says nothing) or fail the activation. Such a value is reported as a problem naming
     * the field by label and key and the session goes FAILED, like a value out of range.
     */
    static SessionSettings settings(Config c) {
        List<String> unreadable = new ArrayList<>();
        catchUpSettings(c, unreadable);
        ConfigReader in = new ConfigReader(unreadable);
        return new SessionSettings(in.bool(ENABLED, c::enabled, true), in.integer(KEEP_ALIVE_SEC, c::keepAliveSec, 60),
                in.integer(CONNECT_TIMEOUT_SEC, c::connectTimeoutSec, 30),
                in.longInteger(BACKOFF_INITIAL_MS, c::backoff_initialMs, 1000L),
                in.longInteger(BACKOFF_MAX_MS, c::backoff_maxMs, 120_000L),
                in.integer(BACKOFF_RESET_AFTER_SEC, c::backoff_resetAfterSec, 30),
                in.longInteger(START_DELAY_MAX_MS, c::startDelayMaxMs, 3000L),
                in.integer(QUEUE_CAPACITY, c::queue_capacity, 10_000),
                in.longInteger(QUEUE_MAX_BYTES, c::queue_maxBytes, 8L * 1024 * 1024),
                in.integer(PAYLOAD_MAX_BYTES, c::payload_maxBytes, 64 * 1024), unreadable);
    }

    private static ScheduledThreadPoolExecutor singleThread(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory(name));
        executor.setRemoveOnCancelPolicy(true); // cancelled timers must not pile up in the queue
        return executor;
    }

    private static void awaitTermination(ScheduledThreadPoolExecutor executor) {
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                logger.warn("A session thread did not end within {} ms", STOP_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
