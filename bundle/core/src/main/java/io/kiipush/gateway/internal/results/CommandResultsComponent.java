package io.kiipush.gateway.internal.results;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.CommandResults;
import io.kiipush.gateway.internal.endpoint.EndpointSource;
import io.kiipush.gateway.internal.session.Backoff;
import io.kiipush.gateway.internal.session.PushSessionComponent;
import io.kiipush.gateway.internal.util.NamedThreadFactory;

/**
 * The command results as a DS component: owns the {@code kii-results} thread and the {@link ResultsEngine}, listens
 * on {@link CommandResults#TOPIC_RESULT}, and registers the {@link CommandResults} service while the onboarding's
 * identity can answer commands (re-checked when the onboarding tells of an identity change).
 */
@Component(name = CommandResultsComponent.NAME, immediate = true,
        service = { EventHandler.class, ResultsDiagnostics.class },
        property = EventConstants.EVENT_TOPIC + "=" + CommandResults.TOPIC_RESULT)
public final class CommandResultsComponent implements EventHandler, ResultsDiagnostics {

    static final String NAME = "io.kiipush.gateway.CommandResults";

    /** The outbox file, next to the onboarding's state files. */
    static final String OUTBOX_FILE = "command-results.json";

    /** How long the idle results thread waits for more work before it ends. */
    private static final long IDLE_THREAD_SEC = 5;
    private static final Logger logger = LoggerFactory.getLogger(CommandResultsComponent.class);

    private static final int MAX_ENTRIES = 1000;
    private static final long MAX_CHARS = 4L * 1024 * 1024;
    private static final long BACKOFF_INITIAL_MS = 1000;
    private static final long BACKOFF_MAX_MS = 5 * 60 * 1000;
    private static final long STOP_TIMEOUT_MS = 5000;

    private final BundleContext context;
    private final ThingChannel channel;
    private final EndpointSource endpoints;
    private final ScheduledThreadPoolExecutor executor;
    private final ResultsEngine engine;
    private final Runnable onIdentityChange = this::identityChanged;
    private final CommandResults api;
    private ServiceRegistration<CommandResults> registration;

    /**
     * @param context for registering {@link CommandResults}
     * @param channel the onboarding's identity and Kii call (the singleton onboarding: the same target on both
     *        references keeps them on one onboarding when there are several connections; a configuration of this
     *        component's PID may set channel.target and endpoints.target to another connection's onboarding)
     * @param endpoints the onboarding, for its identity-change notifications
     */
    @Activate
    public CommandResultsComponent(BundleContext context,
            @Reference(name = "channel", target = PushSessionComponent.DEFAULT_ONBOARDING_TARGET) ThingChannel channel,
            @Reference(name = "endpoints", target = PushSessionComponent.DEFAULT_ONBOARDING_TARGET) EndpointSource endpoints) {
        this.context = context;
        this.channel = channel;
        this.endpoints = endpoints;
        this.executor = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("kii-results"));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // Results come in bursts: the thread ends after a few idle seconds (it stays while a retry is scheduled).
        executor.setKeepAliveTime(IDLE_THREAD_SEC, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        Path dir = channel.dataDir();
        if (dir == null) {
            logger.warn("Kii command results: no data directory; unsent results are kept in memory only");
        }
        this.engine = new ResultsEngine(channel, new Outbox(dir == null ? null : dir.resolve(OUTBOX_FILE),
                MAX_ENTRIES, MAX_CHARS), executor, new ResultsPolicy(new Backoff(BACKOFF_INITIAL_MS, BACKOFF_MAX_MS,
                        new SecureRandom())), System::currentTimeMillis);
        // A dependent stage: a caller completing what it got cannot complete the engine's future.
        this.api = (commandId, results) -> engine.report(commandId, results).thenApply(v -> v);
        engine.start();
        endpoints.addInvalidationListener(onIdentityChange);
        executor.execute(this::updateRegistration);
    }

    @Deactivate
    void deactivate() {
        endpoints.removeInvalidationListener(onIdentityChange);
        engine.stop();
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                logger.warn("The kii-results thread did not stop within {} ms", STOP_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.failWaiting();
        synchronized (this) {
            if (registration != null) {
                unregister();
            }
        }
    }

    /** Called by EventAdmin: never throws, whatever the event holds. */
    @Override
    public void handleEvent(Event event) {
        try {
            ResultEvents.Request r = ResultEvents.parse(event);
            engine.report(r.commandId, r.results);
        } catch (IllegalArgumentException e) {
            engine.rejectedEvent(e.getMessage());
        } catch (RuntimeException e) {
            logger.error("Kii command results: unexpected failure handling an event on {}", event.getTopic(), e);
        }
    }

    @Override
    public List<String> describe() {
        List<String> lines = engine.describe();
        String why = channel.cannotAnswer();
        lines.add(0, why == null ? "service registered (the identity is a thing)" : "cannot answer commands: " + why);
        return lines;
    }

    private void identityChanged() {
        try {
            executor.execute(this::updateRegistration);
        } catch (RuntimeException e) {
            return; // stopping
        }
        engine.wake();
    }

    /** Runs on the results thread: the service is there exactly while the identity can answer commands. */
    private synchronized void updateRegistration() {
        boolean canAnswer = channel.cannotAnswer() == null;
        if (canAnswer && registration == null && !executor.isShutdown()) {
            registration = context.registerService(CommandResults.class, api, null);
        } else if (!canAnswer && registration != null) {
            logger.info("Kii command results: {}; the CommandResults service is withdrawn", channel.cannotAnswer());
            unregister();
        }
    }

    private void unregister() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            logger.debug("CommandResults was already unregistered");
        }
        registration = null;
    }
}
